// The Studio: GET /studio serves one page (web/studio, bundled by src/studio/bundle.ts) where a
// person writes a template, previews it and ships it. The page talks only to the public /v1
// API with the key its user enters; these routes serve static files and need no key. `/`
// redirects here. A strict Content-Security-Policy: scripts, styles and fonts from this origin
// only, images also from blob: (previews) and data: (uploads), no inline script, no framing.
// The one exception is CodeMirror's own stylesheet, which it injects as a <style> element: it
// is allowed by a fresh nonce per page load (CodeMirror's documented EditorView.cspNonce),
// which the page reads from a meta tag.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { PlacardError } from '../../errors/placard-error.ts';
import { loadStudio, type StudioBundle } from '../../studio/bundle.ts';

/** The policy of the studio's responses; `nonce` lets the page's editor add its stylesheet. */
export const studioCsp = (nonce?: string) =>
  [
    "default-src 'none'",
    "script-src 'self'",
    nonce ? `style-src 'self' 'nonce-${nonce}'` : "style-src 'self'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');

const NONCE_PLACEHOLDER = '__CSP_NONCE__';

export interface StudioRouteOptions {
  /** Builds or reads the bundle; tests may pass their own. */
  load?: () => Promise<StudioBundle>;
}

export function studioRoutes(app: FastifyInstance, options: StudioRouteOptions = {}): void {
  const load = options.load ?? loadStudio;
  // Built or read once and shared by concurrent first requests; a failed build is not kept, so
  // the next request tries again.
  let bundle: Promise<StudioBundle> | undefined;
  const studio = () => {
    bundle ??= load().catch((error: unknown) => {
      bundle = undefined;
      throw error;
    });
    return bundle;
  };

  // Read (or built, when missing or stale) as the server starts, so the first visitor does not
  // wait; the server is ready without it, and a failure here is tried again on the next request.
  app.addHook('onReady', async () => {
    studio().catch((error: unknown) => app.log.error({ err: error }, 'studio bundle could not be built'));
  });

  const guard = (reply: FastifyReply, nonce?: string) =>
    reply.headers({
      'content-security-policy': studioCsp(nonce),
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
    });

  const hide = { schema: { hide: true } };
  app.get('/', hide, async (_request, reply) => reply.redirect('/studio', 302));
  app.get('/studio', hide, async (_request, reply) => {
    const page = (await studio()).get('index.html')!;
    const nonce = randomBytes(18).toString('base64');
    // A nonce is good for one page load: the page is never cached or revalidated.
    guard(reply, nonce).header('cache-control', 'no-store');
    return reply.type(page.contentType).send(page.body.toString('utf8').replace(NONCE_PLACEHOLDER, nonce));
  });
  app.get<{ Params: { name: string } }>('/studio/assets/:name', hide, async (request, reply) => {
    const { name } = request.params;
    const file = name === 'index.html' || name === 'manifest.json' ? undefined : (await studio()).get(name);
    if (!file) throw new PlacardError('NOT_FOUND', `No studio asset ${JSON.stringify(name)}.`);
    // Fonts carry a content hash in their names; the page's script and styles do not.
    const immutable = /-[A-Z0-9]{8}\.woff2?$/.test(name);
    guard(reply).headers({
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      etag: file.etag,
    });
    if (request.headers['if-none-match'] === file.etag) return reply.status(304).send();
    return reply.type(file.contentType).send(file.body);
  });
}
