export { adaptForNative, type AdaptResult } from './adapt.ts';
