// The typed client for Placard's native API (/v1). Calls go through openapi-fetch with the
// generated path types; every non-2xx reply becomes a PlacardApiError, and 429/503 are
// retried as Retry-After says (retry.ts). Stateless and safe to share between concurrent
// calls, so a bulk job can run many renders through one client.
import createClient, { type Client } from 'openapi-fetch';
import { toApiError } from './errors.ts';
import type { paths } from './generated/openapi.ts';
import { waitForBatch, waitForJob, type WaitOptions } from './jobs.ts';
import { imageFromResponse } from './rendered-image.ts';
import { withRetries, type FetchLike, type RetryOptions } from './retry.ts';
import type {
  BatchBody,
  BatchJob,
  BatchReply,
  CreatedKey,
  FontList,
  FontUploadQuery,
  TailwindTheme,
  UploadedFont,
  KeyCreate,
  KeyList,
  Readiness,
  RenderedImage,
  RenderInput,
  RenderJob,
  RequestOptions,
  SignedUrl,
  SourceSchema,
  SourceSchemaBody,
  SignUrlItem,
  StoredRender,
  Template,
  TemplateChange,
  TemplateCreate,
  TemplateList,
  TemplateListQuery,
  TemplateSchema,
  TemplateSummary,
  TemplateVersions,
  Usage,
  Validation,
  WebhookSecret,
} from './types.ts';

export interface PlacardClientOptions {
  /** Placard's origin, e.g. https://img.example.com (no /v1). */
  baseUrl: string;
  /** Sent as `Authorization: Bearer <key>`. Public routes (health, signed images) need none. */
  apiKey?: string;
  /** Retrying 429 and 503; `false` turns it off. */
  retry?: RetryOptions | false;
  /** Another fetch (a proxy agent, a test double); default globalThis.fetch. */
  fetch?: FetchLike;
  /** Headers sent with every call. */
  headers?: Record<string, string>;
}

interface Reply<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

async function unwrap<T>(call: Promise<Reply<T>>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw toApiError(error, response);
  return data as T;
}

export function createPlacardClient(options: PlacardClientOptions) {
  const base = options.fetch ?? ((request: Request) => globalThis.fetch(request));
  const fetch = options.retry === false ? base : withRetries(base, options.retry);
  const raw: Client<paths> = createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    fetch,
    headers: {
      ...(options.apiKey && { authorization: `Bearer ${options.apiKey}` }),
      ...options.headers,
    },
  });
  const init = (o: RequestOptions = {}) => ({ signal: o.signal, headers: o.headers });
  const path = (id: string) => ({ path: { id } });

  const jobs = {
    get: (id: string, o?: RequestOptions): Promise<RenderJob> =>
      unwrap(raw.GET('/v1/jobs/{id}', { params: path(id), ...init(o) })),
    /** Polls until the job succeeded or failed (a failed job is returned, not thrown). */
    wait: (id: string, o?: WaitOptions): Promise<RenderJob> => waitForJob((j) => jobs.get(j, o), id, o),
  };

  const batches = {
    get: (id: string, o?: RequestOptions): Promise<BatchJob> =>
      unwrap(raw.GET('/v1/batches/{id}', { params: path(id), ...init(o) })),
    /** Polls until every item ended (`completed`); failed items are in the batch, not thrown. */
    wait: (id: string, o?: WaitOptions): Promise<BatchJob> => waitForBatch((b) => batches.get(b, o), id, o),
  };

  const templates = {
    create: (body: TemplateCreate, o?: RequestOptions) =>
      unwrap(raw.POST('/v1/templates', { body, ...init(o) })) as Promise<Template>,
    list: (query: TemplateListQuery = {}, o?: RequestOptions): Promise<TemplateList> =>
      unwrap(raw.GET('/v1/templates', { params: { query }, ...init(o) })),
    /** Every template of the scope, page after page. */
    async *all(query: Omit<TemplateListQuery, 'cursor'> = {}, o?: RequestOptions) {
      let cursor: string | undefined;
      do {
        const page = await templates.list({ ...query, ...(cursor && { cursor }) }, o);
        yield* page.templates as TemplateSummary[];
        cursor = page.next_cursor ?? undefined;
      } while (cursor);
    },
    get: (id: string, query: { version?: number } = {}, o?: RequestOptions): Promise<Template> =>
      unwrap(raw.GET('/v1/templates/{id}', { params: { path: { id }, query }, ...init(o) })),
    schema: (id: string, query: { version?: number } = {}, o?: RequestOptions): Promise<TemplateSchema> =>
      unwrap(raw.GET('/v1/templates/{id}/schema', { params: { path: { id }, query }, ...init(o) })),
    /** The variables of a source not saved yet (what a stored template's schema would say). */
    schemaOf: (body: SourceSchemaBody, o?: RequestOptions): Promise<SourceSchema> =>
      unwrap(raw.POST('/v1/templates/schema', { body, ...init(o) })),
    versions: (id: string, o?: RequestOptions): Promise<TemplateVersions> =>
      unwrap(raw.GET('/v1/templates/{id}/versions', { params: path(id), ...init(o) })),
    /** Any change makes a new version; older versions stay renderable. */
    update: (id: string, body: TemplateChange, o?: RequestOptions): Promise<Template> =>
      unwrap(raw.PATCH('/v1/templates/{id}', { params: path(id), body, ...init(o) })),
    delete: async (id: string, o?: RequestOptions): Promise<void> => {
      await unwrap(raw.DELETE('/v1/templates/{id}', { params: path(id), ...init(o) }));
    },
  };

  async function renderImage(body: RenderInput, o: RequestOptions = {}): Promise<RenderedImage> {
    const reply = await raw.POST('/v1/render', {
      body: { ...body, response: 'image' },
      parseAs: 'arrayBuffer',
      ...init(o),
    });
    const { response } = reply;
    if (response.status === 304) return imageFromResponse(response, new ArrayBuffer(0));
    if (!response.ok) throw toApiError(reply.error, response);
    return imageFromResponse(response, reply.data as unknown as ArrayBuffer);
  }

  return {
    /** The openapi-fetch client underneath, typed by path, for anything not wrapped here. */
    raw,
    /** Renders and answers the image bytes with the render's headers. */
    render: renderImage,
    /** Renders, stores the image and answers its public URL and metadata. */
    renderToUrl: (body: RenderInput, o?: RequestOptions): Promise<StoredRender> =>
      unwrap(
        raw.POST('/v1/render', { body: { ...body, response: 'url' }, ...init(o) }),
      ) as Promise<StoredRender>,
    /** Queues the render (202) and answers the job; `webhook_url` gets a signed POST when it ends. */
    renderAsync: (body: RenderInput & { webhook_url?: string }, o?: RequestOptions): Promise<RenderJob> =>
      unwrap(raw.POST('/v1/render', { body: { ...body, async: true }, ...init(o) })) as Promise<RenderJob>,
    /** Up to PLACARD_BATCH_MAX_ITEMS renders, stored; each item answers its image or its own error. */
    batch: (items: BatchBody['items'], o?: RequestOptions): Promise<BatchReply> =>
      unwrap(raw.POST('/v1/render/batch', { body: { items }, ...init(o) })) as Promise<BatchReply>,
    /**
     * Queues the batch (202): each item a job run by the workers, charged when it draws;
     * `webhook_url` gets one signed POST per item. Follow it with `batches.wait`.
     */
    batchAsync: (
      items: BatchBody['items'],
      options: { webhook_url?: string } = {},
      o?: RequestOptions,
    ): Promise<BatchJob> =>
      unwrap(
        raw.POST('/v1/render/batch', { body: { items, async: true, ...options }, ...init(o) }),
      ) as Promise<BatchJob>,
    /** How the text fits, without drawing. */
    validate: (body: RenderInput, o?: RequestOptions): Promise<Validation> =>
      unwrap(raw.POST('/v1/validate', { body, ...init(o) })),
    renders: {
      get: (id: string, o?: RequestOptions): Promise<StoredRender> =>
        unwrap(raw.GET('/v1/renders/{id}', { params: path(id), ...init(o) })),
    },
    jobs,
    batches,
    templates,
    urls: {
      /** A signed, expiring public URL for a stored template (GET needs no key). */
      sign: (item: SignUrlItem, o?: RequestOptions) =>
        unwrap(raw.POST('/v1/urls', { body: item, ...init(o) })) as Promise<SignedUrl>,
      signMany: async (items: SignUrlItem[], o?: RequestOptions): Promise<SignedUrl[]> => {
        const reply = (await unwrap(raw.POST('/v1/urls', { body: { items }, ...init(o) }))) as {
          urls: SignedUrl[];
        };
        return reply.urls;
      },
    },
    keys: {
      create: (body: KeyCreate, o?: RequestOptions): Promise<CreatedKey> =>
        unwrap(raw.POST('/v1/keys', { body, ...init(o) })),
      list: (o?: RequestOptions): Promise<KeyList> => unwrap(raw.GET('/v1/keys', init(o))),
      revoke: async (id: string, o?: RequestOptions): Promise<void> => {
        await unwrap(raw.DELETE('/v1/keys/{id}', { params: path(id), ...init(o) }));
      },
    },
    fonts: {
      /** The bundled families and this account's own fonts. */
      list: (o?: RequestOptions): Promise<FontList> => unwrap(raw.GET('/v1/fonts', init(o))),
      /** Uploads a font file (TTF, OTF, WOFF, WOFF2); family, weight and style override the file's. */
      upload: (data: Uint8Array | ArrayBuffer | Blob, query: FontUploadQuery = {}, o?: RequestOptions) =>
        unwrap(
          raw.POST('/v1/fonts', {
            params: { query },
            body: data as never,
            bodySerializer: (body: unknown) => body,
            ...init(o),
            headers: { 'content-type': 'application/octet-stream', ...o?.headers },
          }),
        ) as Promise<UploadedFont>,
      delete: async (id: string, o?: RequestOptions): Promise<void> => {
        await unwrap(raw.DELETE('/v1/fonts/{id}', { params: path(id), ...init(o) }));
      },
    },
    tailwind: {
      theme: {
        /** The account's Tailwind theme (CSS `@theme` blocks); a PlacardApiError 404 when it has none. */
        get: (o?: RequestOptions): Promise<TailwindTheme> => unwrap(raw.GET('/v1/tailwind/theme', init(o))),
        /** Stores the theme every template of the account compiles with, replacing any earlier one. */
        put: (css: string, o?: RequestOptions): Promise<TailwindTheme> =>
          unwrap(raw.PUT('/v1/tailwind/theme', { body: { css }, ...init(o) })),
        delete: async (o?: RequestOptions): Promise<void> => {
          await unwrap(raw.DELETE('/v1/tailwind/theme', init(o)));
        },
      },
    },
    usage: (o?: RequestOptions): Promise<Usage> => unwrap(raw.GET('/v1/usage', init(o))),
    webhooks: {
      /** The account's webhook signing secret (admin keys); pass it to verifyWebhook. */
      secret: (o?: RequestOptions): Promise<WebhookSecret> => unwrap(raw.GET('/v1/webhooks/secret', init(o))),
    },
    accounts: {
      /** Install admins: put an account on a plan. */
      setPlan: (id: string, plan: string, o?: RequestOptions): Promise<Usage> =>
        unwrap(raw.PUT('/v1/accounts/{id}/plan', { params: path(id), body: { plan }, ...init(o) })),
      /** Install admins: add credits to an account. */
      addCredits: (id: string, amount: number, o?: RequestOptions): Promise<Usage> =>
        unwrap(raw.POST('/v1/accounts/{id}/credits', { params: path(id), body: { amount }, ...init(o) })),
    },
    health: (o?: RequestOptions) => unwrap(raw.GET('/healthz', init(o))),
    ready: (o?: RequestOptions): Promise<Readiness> => unwrap(raw.GET('/readyz', init(o))),
  };
}

export type PlacardClient = ReturnType<typeof createPlacardClient>;
