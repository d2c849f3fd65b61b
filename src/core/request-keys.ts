// Cache keys of render requests that come again as the same frozen object: a signed URL's
// (its verifier keeps the request) and a POST body sent again byte for byte
// (src/http/repeated-bodies.ts). A repeat skips the options step and stringifying and hashing
// its variables (~5 µs of a 304).
import type { RenderOptions, RenderRequest } from './render-request.ts';

/**
 * What a request's key depends on besides the request itself, as `resolve` found it: the
 * template's identity (id@version for a stored one, whose options come with it), the engines
 * that may draw it, the account's font set and Tailwind theme. A change in any makes a new key.
 */
export interface KeyInputs {
  identity: string;
  engines: string;
  fonts: string | undefined;
  theme: string | undefined;
}

interface Known extends KeyInputs {
  options: RenderOptions;
  key: string;
}

export interface RequestKeys {
  /** The options and key made for this very request object, if its inputs are unchanged. */
  known(request: RenderRequest, inputs: KeyInputs): { options: RenderOptions; key: string } | undefined;
  /** Keeps them, for a frozen request only: any other is a one-off. */
  remember(request: RenderRequest, inputs: KeyInputs, made: { options: RenderOptions; key: string }): void;
}

export function createRequestKeys(): RequestKeys {
  // Weak: an entry lives as long as whoever keeps the request (an LRU of URLs or bodies).
  const known = new WeakMap<RenderRequest, Known>();
  return {
    known(request, inputs) {
      const entry = known.get(request);
      return entry &&
        entry.identity === inputs.identity &&
        entry.engines === inputs.engines &&
        entry.fonts === inputs.fonts &&
        entry.theme === inputs.theme
        ? entry
        : undefined;
    },
    remember(request, inputs, made) {
      if (Object.isFrozen(request)) known.set(request, { ...inputs, ...made });
    },
  };
}
