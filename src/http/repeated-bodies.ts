// A JSON body sent again byte for byte (a client re-asking for the same card, a revalidation
// with If-None-Match) is parsed once: the scope's JSON parser keeps recent bodies by their text
// and hands back the same deeply frozen value. Being the same object, a route can keep what it
// derives from it too (POST /v1/render keeps the render request, the pipeline its cache key).
// Measured on the standard card's 304: 81-90 -> 53-57 µs of server CPU.
//
// Parsing is a pure function of the text, so a kept value is shared by every account; frozen,
// because it is: a handler that wrote into a body would change it for the next request.
// Validation still runs on every request, and Fastify's own parser (and its errors, and its
// __proto__/constructor checks) parses anything not kept.
import type { FastifyInstance } from 'fastify';
import { LRUCache } from 'lru-cache';

/** Bodies kept, in UTF-16 bytes of their text, and the largest one kept. */
const KEPT_BYTES = 8 * 1024 * 1024;
const LARGEST_KEPT = 64 * 1024;

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/** Makes `scope` parse application/json bodies through the keeper. */
export function keepRepeatedBodies(scope: FastifyInstance): void {
  const parse = scope.getDefaultJsonParser('error', 'error');
  const kept = new LRUCache<string, object>({
    maxSize: KEPT_BYTES,
    maxEntrySize: LARGEST_KEPT * 2,
    sizeCalculation: (_value, text) => text.length * 2,
  });
  scope.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body as string;
    const known = kept.get(text);
    if (known) return done(null, known);
    parse(request, text, (error: Error | null, value?: unknown) => {
      if (error) return done(error);
      if (value !== null && typeof value === 'object') kept.set(text, deepFreeze(value));
      done(null, value);
    });
  });
}
