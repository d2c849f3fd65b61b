// The render pipeline: a list of named steps over one context, with a cancellation check
// between steps. Every entry point (HTTP, CLI, later jobs and compat dialects) renders here.
import { enginesVersion, selectEngine, type Engines } from '../engines/select.ts';
import type { Engine, EngineOutput, PreparedDocument, RenderDocument } from '../engines/types.ts';
import type { TemplateResolver } from '../templates/resolver.ts';
import type { ResolvedTemplate, TemplateKindName } from '../templates/types.ts';
import { PlacardError } from '../errors/placard-error.ts';
import type { Fetcher } from './fetch-guard/index.ts';
import { contentTypes, defaultQuality, type RenderOptions, type RenderRequest } from './render-request.ts';
import type { RenderPool } from './render-pool.ts';
import { encode, engineFormatFor } from './steps/encode.ts';
import { checkOutputSize, resolveOptions } from './steps/options.ts';
import type { CachedRender, RenderCache, RenderFlight } from '../cache/types.ts';
import { contentKey, drawingKey } from './content-key.ts';
import { createRequestKeys } from './request-keys.ts';
import { sha256Base64url } from './digest.ts';
import { unlessAborted, withDeadline, withJoinedSignal } from './deadline.ts';
import { autoFit, fitReport, type FitReport } from '../fit/index.ts';
import type { FontSet } from '../fonts/font-set.ts';
import { tailwindVersion, withTailwind, type TailwindTheme } from '../templates/tailwind/compile.ts';
import { adaptForNative } from '../engines/native/adapt/index.ts';
import type { ChromiumNeed } from '../engines/auto.ts';

export interface PipelineDeps {
  engines: Engines;
  fetcher: Fetcher;
  pool: RenderPool;
  templates: TemplateResolver;
  cache: RenderCache;
  /** Identical misses draw once (on this node; across nodes with Redis). */
  flight: RenderFlight;
  limits: { maxOutputPixels: number; defaultCacheTtl: number };
  /** An account's own fonts (uploads), for renders that name an account. */
  fonts?: { fontSet(accountId: string): Promise<FontSet> };
  /** An account's Tailwind theme (PUT /v1/tailwind/theme), for renders that name an account. */
  themes?: { forRender(accountId: string): Promise<TailwindTheme | undefined> };
  /** Called once per image actually drawn (not per caller a shared draw answered). */
  onDraw?(): void;
}

export interface RenderResult {
  data: Buffer;
  contentType: string;
  format: RenderOptions['format'];
  /** Output pixels. */
  width: number;
  height: number;
  engine: string;
  /** The kind of template drawn (a stored template's own kind), for logs. */
  templateKind: TemplateKindName;
  /** Strong validator: a hash of the bytes. */
  etag: string;
  renderMs: number;
  /** Time per step, for Server-Timing and logs. */
  timings: Record<string, number>;
  /** Font families the template asked for that are not bundled (drawn in Inter). */
  fontFallbacks: readonly string[];
  /** HIT: served from the render cache; MISS: drawn now (BYPASS: cache_ttl 0). */
  cache: 'HIT' | 'MISS' | 'BYPASS';
  /** The content key: identical keys are identical images. */
  key: string;
  /** How the marked text fit (lines drawn, clamp, overflow), when it was measured. */
  fit?: FitReport;
  /** Set when engine "auto" wanted Chromium and could not have it. */
  engineWarning?: string;
}

/** What POST /v1/validate answers: the fit, without drawing. */
export interface Measurement {
  fit: FitReport;
  /** Sizes auto-fit chose (presets with autoFit), by element name. */
  autoFit?: Record<string, number>;
  computeMs: number;
}

interface Context {
  request: RenderRequest;
  signal: AbortSignal;
  /** Aborts when the render's time limit is up (set for a draw; shared draws run under it). */
  timeLimit?: AbortSignal;
  template?: ResolvedTemplate;
  /** The fonts beyond the bundled ones this render may use. */
  fonts?: FontSet;
  /** The account's Tailwind theme, compiled in with the classes the template uses. */
  theme?: TailwindTheme;
  options?: RenderOptions;
  document?: RenderDocument;
  /** The document as the native engine gets it (the adapt step's rewrite); Chromium gets `document`. */
  nativeDocument?: RenderDocument;
  /** Auto's scan of `nativeDocument`, when the adapt step already made it. */
  nativeNeed?: ChromiumNeed;
  prepared?: PreparedDocument;
  assets?: Map<string, Uint8Array>;
  output?: EngineOutput;
  bytes?: Buffer;
  fit?: FitReport;
  autoFit?: Record<string, number>;
  /** The engine chosen for this render (after bind: auto looks at the document). */
  engine?: Engine;
  engineWarning?: string;
  /** How far auto-fit may grow text: the sizes asked for (a render) or the whole range. */
  autoFitUpTo?: 'requested' | 'range';
}

function renderTimeout(request: RenderRequest, cause?: unknown): PlacardError {
  return new PlacardError('RENDER_TIMEOUT', `Render did not finish within timeout_ms=${request.timeoutMs}.`, {
    cause,
    details: { timeout_ms: request.timeoutMs },
  });
}

/** For work that has no caller to hang up (the CLI, jobs): a signal that never aborts. */
const neverAborted = new AbortController().signal;

type Step = { name: string; run: (ctx: Context) => void | Promise<void> };

/** What a caller may do at a point of the render. */
export interface RenderHooks {
  /**
   * Called on a cache miss, before anything is drawn; a throw refuses the render. A cache hit
   * never calls it: this is where a route charges the plan, so a hit costs no write.
   */
  beforeDraw?(): Promise<void>;
}

/**
 * The caller's signal (it aborts when the caller stops waiting), or a function that makes it
 * when first needed: a cache hit never calls it.
 */
export type CallerSignal = AbortSignal | (() => AbortSignal);

/** Whether the caller stopped waiting (a signal not made yet cannot have aborted). */
export function callerGone(signal: CallerSignal | undefined): boolean {
  return (typeof signal === 'function' ? signal() : signal)?.aborted ?? false;
}

export interface Pipeline {
  render(request: RenderRequest, signal?: CallerSignal, hooks?: RenderHooks): Promise<RenderResult>;
  /**
   * Lays the template out without drawing and reports how its text fits; for presets with
   * `autoFit`, the largest sizes that fit (`range`: over the whole accepted range).
   */
  measure(request: RenderRequest, options?: { autoFitUpTo?: 'requested' | 'range' }): Promise<Measurement>;
}

/** The document with the render's own fonts, when it has any. */
function withFonts(document: RenderDocument, fonts: FontSet | undefined): RenderDocument {
  return fonts && fonts.faces.length > 0 ? { ...document, fonts } : document;
}

/**
 * A bound document as the engines draw it: the Tailwind utilities it uses become CSS (none: the
 * HTML is unchanged), then the render's emoji set and its own fonts. The auto-fit probes and the
 * size they settle on go through it too, so they measure what is drawn.
 */
async function drawable(ctx: Context, document: RenderDocument): Promise<RenderDocument> {
  const html = await withTailwind(document.html, ctx.theme);
  return withFonts({ ...document, html, emoji: ctx.options!.emoji }, ctx.fonts);
}

export function createPipeline(deps: PipelineDeps): Pipeline {
  const resolve: Step = {
    name: 'resolve',
    run: async (ctx) => {
      const { accountId } = ctx.request;
      const [template, fonts, theme] = await Promise.all([
        deps.templates.resolve(ctx.request.template, accountId),
        ctx.request.fonts ?? (deps.fonts && accountId ? deps.fonts.fontSet(accountId) : undefined),
        deps.themes && accountId ? deps.themes.forRender(accountId) : undefined,
      ]);
      ctx.template = template;
      ctx.fonts = fonts;
      ctx.theme = theme;
    },
  };
  // Defaults: the request's options, else the template's, else ours (steps/options.ts).
  const defaults: Step = {
    name: 'options',
    run: (ctx) => {
      ctx.options = resolveOptions(ctx.request, ctx.template!.options);
      checkOutputSize(ctx.options, deps.limits.maxOutputPixels);
    },
  };
  // What a cache miss runs, after `resolve` and `options`.
  const drawSteps: Step[] = [
    {
      name: 'bind',
      run: async (ctx) => {
        const { width, height } = ctx.options!;
        const bound = await ctx.template!.bind(ctx.request.variables, { signal: ctx.signal, width, height });
        ctx.document = await drawable(ctx, bound);
      },
    },
    {
      // CSS the native engine lacks, computed as a browser would (src/engines/native/adapt/);
      // auto then looks at what is still left for Chromium.
      name: 'adapt',
      run: (ctx) => {
        if (ctx.request.engine === 'chromium') return;
        const { width, height } = ctx.options!;
        const adapted = adaptForNative(ctx.document!, { width, height });
        ctx.nativeDocument = adapted.document;
        ctx.nativeNeed = adapted.need;
      },
    },
    {
      name: 'prepare',
      run: (ctx) => {
        const forNative = ctx.nativeDocument ?? ctx.document!;
        const selection = selectEngine(deps.engines, ctx.request.engine, forNative.html, ctx.nativeNeed);
        ctx.engine = selection.engine;
        ctx.engineWarning = selection.warning;
        ctx.prepared = ctx.engine.prepare(ctx.engine === deps.engines.native ? forNative : ctx.document!);
      },
    },
    {
      name: 'assets',
      run: (ctx) => {
        const urls = [...new Set(ctx.prepared!.assetUrls)];
        if (urls.length === 0) {
          ctx.assets = new Map();
          return;
        }
        return Promise.all(urls.map((url) => deps.fetcher.fetch(url, ctx.signal))).then((loaded) => {
          ctx.assets = new Map(loaded.map((asset) => [asset.url, asset.bytes]));
        });
      },
    },
    { name: 'fit', run: (ctx) => fitText(ctx) },
    {
      name: 'draw',
      run: (ctx) =>
        deps.pool.run(async () => {
          const options = ctx.options!;
          const quality = options.quality ?? defaultQuality[options.format];
          ctx.output = await ctx.engine!.render(ctx.prepared!, {
            width: options.width,
            height: options.height,
            scale: options.scale,
            format: engineFormatFor[options.format],
            quality,
            background: options.background,
            assets: ctx.assets!,
            signal: ctx.signal,
            ...(ctx.request.debug && { debug: true }),
          });
          const bytes = encode(ctx.output, options.format, quality, options);
          ctx.bytes = Buffer.isBuffer(bytes) ? bytes : await bytes;
        }, ctx.signal),
    },
  ];

  /**
   * Text fit from the engine's own layout. A preset asking for autoFit is searched for the
   * largest sizes that fit and drawn at them; any template that marks text (`data-fit`), or a
   * request that asks, gets a fit report. Engines without measure() report nothing.
   */
  async function fitText(ctx: Context): Promise<void> {
    const engine = ctx.engine!;
    if (!engine.measure) return;
    const { width, height, scale } = ctx.options!;
    const options = { width, height, scale, assets: ctx.assets!, signal: ctx.signal };
    const variables = ctx.request.variables;
    const wantsAutoFit =
      variables.autoFit === true || variables.autoFit === 'true' || ctx.autoFitUpTo === 'range';
    if (ctx.template!.fitTarget && wantsAutoFit) {
      // Each probe is drawn as the render would be: the native engine gets the adapt step's rewrite.
      const forEngine = (document: RenderDocument) =>
        engine === deps.engines.native ? adaptForNative(document, { width, height }).document : document;
      const target = ctx.template!.fitTarget(variables, { width, height }, ctx.autoFitUpTo ?? 'requested');
      const result = await autoFit(target.build, {
        ranges: target.ranges,
        measure: async (document) =>
          engine.measure!(engine.prepare(forEngine(await drawable(ctx, document))), options),
      });
      ctx.document = await drawable(ctx, result.document);
      ctx.nativeDocument = forEngine(ctx.document);
      ctx.prepared = engine.prepare(ctx.nativeDocument);
      ctx.fit = result.report;
      ctx.autoFit = result.sizes;
      return;
    }
    if (ctx.request.fit || ctx.document!.html.includes('data-fit')) {
      ctx.fit = fitReport(await engine.measure(ctx.prepared!, options));
    }
  }

  async function runSteps(steps: Step[], ctx: Context, timings: Record<string, number>): Promise<void> {
    for (const step of steps) {
      ctx.signal.throwIfAborted();
      const started = performance.now();
      // A synchronous step returns nothing to wait for: no await, no trip through the microtask queue.
      const pending = step.run(ctx);
      if (pending) await pending;
      timings[step.name] = performance.now() - started;
    }
  }

  async function draw(
    ctx: Context,
    key: string | (() => string),
    started: number,
    timings: Record<string, number>,
    cache: 'MISS' | 'BYPASS',
  ): Promise<RenderResult> {
    await runSteps(drawSteps, ctx, timings);
    deps.onDraw?.();
    const bytes = ctx.bytes!;
    let etag: string | undefined;
    let contentKeyText = typeof key === 'string' ? key : undefined;
    return {
      data: bytes,
      contentType: contentTypes[ctx.options!.format],
      format: ctx.options!.format,
      width: ctx.output!.width,
      height: ctx.output!.height,
      engine: ctx.engine!.name,
      templateKind: ctx.template!.kind,
      ...(ctx.engineWarning && { engineWarning: ctx.engineWarning }),
      // Hashed when a reply or the render cache first asks: an in-process caller that writes the
      // bytes (CLI, batch) does not pay it (~0.04 ms for a card's PNG). Spreading the result asks.
      get etag() {
        return (etag ??= `"${sha256Base64url(bytes).slice(0, 32)}"`);
      },
      renderMs: performance.now() - started,
      timings,
      fontFallbacks: ctx.prepared!.missingFonts,
      cache,
      get key() {
        return (contentKeyText ??= (key as () => string)());
      },
      ...(ctx.fit && { fit: ctx.fit }),
    };
  }

  const toCached = (r: RenderResult): CachedRender => ({
    data: r.data,
    contentType: r.contentType,
    etag: r.etag,
    format: r.format,
    width: r.width,
    height: r.height,
    renderMs: r.renderMs,
    fontFallbacks: [...r.fontFallbacks],
    ...(r.fit && { fit: r.fit }),
    engine: r.engine,
    ...(r.engineWarning && { engineWarning: r.engineWarning }),
  });

  const fromCached = (
    c: CachedRender,
    key: string,
    timings: Record<string, number>,
    templateKind: TemplateKindName,
  ): RenderResult => {
    // Field by field, not a spread of the cached object: every hit makes one, and this keeps
    // its shape fixed.
    const result: RenderResult = {
      data: c.data,
      contentType: c.contentType,
      etag: c.etag,
      format: c.format as RenderResult['format'],
      width: c.width,
      height: c.height,
      renderMs: c.renderMs,
      fontFallbacks: c.fontFallbacks,
      engine: c.engine ?? deps.engines.native.name,
      templateKind,
      timings,
      cache: 'HIT',
      key,
    };
    if (c.fit) result.fit = c.fit;
    if (c.engineWarning) result.engineWarning = c.engineWarning;
    return result;
  };

  /** What the content key of a resolved render is made of (resolve and options have run). */
  function keyParts(request: RenderRequest, ctx: Context): Parameters<typeof contentKey>[0] {
    return {
      template: ctx.template!.identity,
      variables: request.variables,
      options: ctx.options!,
      engine: drawingKey({
        engine: request.engine,
        enginesVersion: enginesVersion(deps.engines),
        fit: request.fit,
        debug: request.debug,
        fontsVersion: ctx.fonts?.version,
        tailwindVersion,
        themeHash: ctx.theme?.sha256,
      }),
    };
  }

  /**
   * A miss: drawn under what is left of the render's time limit. Identical misses share one
   * draw, which must not die with the first caller's connection: it runs under the time limit
   * only, and is cached for whoever asks next. Whoever waited gets the same bytes; a caller that
   * hangs up stops waiting at once, so its route can finish (and log it) instead of holding the
   * request until the draw ends.
   */
  async function drawMiss(
    ctx: Context,
    miss: { key: string | (() => string); ttl: number; started: number; timings: Record<string, number> },
  ): Promise<RenderResult> {
    const { key, ttl, started, timings } = miss;
    if (ttl <= 0 || typeof key !== 'string') return draw(ctx, key, started, timings, 'BYPASS');
    let drawn: RenderResult | undefined;
    const flight = deps.flight.run(key, async () => {
      drawn = await draw({ ...ctx, signal: ctx.timeLimit! }, key, started, timings, 'MISS');
      const cached = toCached(drawn);
      await deps.cache.set(key, cached, ttl);
      return cached;
    });
    const shared = await unlessAborted(flight, ctx.signal);
    return drawn ?? { ...fromCached(shared, key, timings, ctx.template!.kind), cache: 'MISS' };
  }

  const measureSteps = drawSteps.filter((step) => step.name !== 'draw');

  async function measure(
    request: RenderRequest,
    options: { autoFitUpTo?: 'requested' | 'range' } = {},
  ): Promise<Measurement> {
    const started = performance.now();
    const ctx = await withDeadline(request.timeoutMs, async (limit) => {
      const context: Context = {
        request: { ...request, fit: true },
        signal: limit.signal,
        autoFitUpTo: options.autoFitUpTo,
      };
      await runSteps([resolve, defaults, ...measureSteps], context, {});
      return context;
    });
    if (!ctx.fit) {
      throw new PlacardError(
        'ENGINE_UNAVAILABLE',
        `The ${ctx.engine?.name ?? 'chosen'} engine cannot measure text layout; use engine "native" to validate.`,
      );
    }
    return {
      fit: ctx.fit,
      ...(ctx.autoFit && { autoFit: ctx.autoFit }),
      computeMs: performance.now() - started,
    };
  }

  const keys = createRequestKeys();

  return {
    measure,
    async render(request, signal, hooks) {
      const started = performance.now();
      const timings: Record<string, number> = {};
      // Resolving and the cache lookup take no timer or joined signal: a cache hit (most
      // requests of a busy service) answers without them. Their time still counts.
      // A lazy caller signal is made only for a miss: resolving runs without it.
      const ctx: Context = {
        request,
        signal: (typeof signal === 'function' ? undefined : signal) ?? neverAborted,
      };
      await runSteps([resolve], ctx, timings);
      const ttl = request.cacheTtl ?? deps.limits.defaultCacheTtl;
      let key: string | (() => string);
      const resolved = {
        identity: ctx.template!.identity,
        engines: enginesVersion(deps.engines),
        fonts: ctx.fonts?.version,
        theme: ctx.theme?.sha256,
      };
      const known = keys.known(request, resolved);
      if (known) {
        ctx.options = known.options;
        key = known.key;
      } else {
        await runSteps([defaults], ctx, timings);
        const parts = keyParts(request, ctx);
        // A render past the cache needs its key only if someone reads it (a stored render names
        // its blob by it): stringifying and hashing the variables was ~0.1 ms of a card's miss.
        key = ttl > 0 ? contentKey(parts) : () => contentKey(parts);
        if (typeof key === 'string') keys.remember(request, resolved, { options: ctx.options!, key });
      }
      if (typeof key === 'string') {
        const hit = await deps.cache.get(key);
        if (hit) return fromCached(hit, key, timings, ctx.template!.kind);
      }
      await hooks?.beforeDraw?.();
      const left = request.timeoutMs - (performance.now() - started);
      if (left <= 0) throw renderTimeout(request);
      const caller = typeof signal === 'function' ? signal() : signal;
      return withDeadline(left, (limit) =>
        withJoinedSignal([caller, limit.signal], async (joined) => {
          try {
            return await drawMiss(
              { ...ctx, signal: joined, timeLimit: limit.signal },
              { key, ttl, started, timings },
            );
          } catch (error) {
            // Our own timeout, however it surfaced (the abort reason, or an engine failure caused
            // by the abort), is a timeout; a definite answer such as a refused image stays itself.
            if (limit.expired && !(error instanceof PlacardError && error.code !== 'RENDER_FAILED')) {
              throw renderTimeout(request, error);
            }
            throw error;
          }
        }),
      );
    },
  };
}
