// The guarded fetcher: createFetchGuard (guard.ts) and the parts it is made of, one per file.
export {
  createFetchGuard,
  type FetchedAsset,
  type Fetcher,
  type FetchGuardOptions,
  type PostResult,
} from './guard.ts';
export { FetchFailure, type FetchFailureReason } from './failure.ts';
