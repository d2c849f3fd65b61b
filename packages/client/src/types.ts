// Request and reply types of the native API, read off the generated OpenAPI types so they
// change when the server's route schemas change (and `npm run sdk:generate` is run).
import type { paths } from './generated/openapi.ts';

type Operation<P extends keyof paths, M extends 'get' | 'post' | 'put' | 'patch' | 'delete'> = NonNullable<
  paths[P][M]
>;
type JsonBody<O> = O extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;
type JsonReply<O, S extends number> = O extends {
  responses: { [K in S]: { content: { 'application/json': infer R } } };
}
  ? R
  : never;
type Query<O> = O extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;

/** POST /v1/render and /v1/validate: a template source, variables and render options. */
export type RenderBody = JsonBody<Operation<'/v1/render', 'post'>>;
/** A render body without the reply-shape switches the client sets itself. */
export type RenderInput = Omit<RenderBody, 'response' | 'async' | 'webhook_url'>;
/** An image stored by `response: "url"`, a batch item or a finished job. */
export type StoredRender = Exclude<JsonReply<Operation<'/v1/render', 'post'>, 200>, string>;
export type RenderJob = JsonReply<Operation<'/v1/jobs/{id}', 'get'>, 200>;
export type BatchBody = JsonBody<Operation<'/v1/render/batch', 'post'>>;
export type BatchReply = JsonReply<Operation<'/v1/render/batch', 'post'>, 200>;
/** An async batch (`batchAsync`, GET /v1/batches/:id): each item's job state and the counts. */
export type BatchJob = JsonReply<Operation<'/v1/batches/{id}', 'get'>, 200>;
export type Validation = JsonReply<Operation<'/v1/validate', 'post'>, 200>;

export type TemplateCreate = JsonBody<Operation<'/v1/templates', 'post'>>;
export type TemplateChange = JsonBody<Operation<'/v1/templates/{id}', 'patch'>>;
export type TemplateListQuery = Query<Operation<'/v1/templates', 'get'>>;
export type TemplateList = JsonReply<Operation<'/v1/templates', 'get'>, 200>;
export type TemplateSummary = TemplateList['templates'][number];
export type Template = JsonReply<Operation<'/v1/templates/{id}', 'get'>, 200>;
export type TemplateSchema = JsonReply<Operation<'/v1/templates/{id}/schema', 'get'>, 200>;
export type SourceSchemaBody = JsonBody<Operation<'/v1/templates/schema', 'post'>>;
export type SourceSchema = JsonReply<Operation<'/v1/templates/schema', 'post'>, 200>;
export type TemplateVersions = JsonReply<Operation<'/v1/templates/{id}/versions', 'get'>, 200>;

export type SignUrlBody = JsonBody<Operation<'/v1/urls', 'post'>>;
export type SignUrlItem = Exclude<SignUrlBody, { items: unknown }>;
export type SignUrlReply = JsonReply<Operation<'/v1/urls', 'post'>, 200>;
export type SignedUrl = Exclude<SignUrlReply, { urls: unknown }>;

export type KeyCreate = JsonBody<Operation<'/v1/keys', 'post'>>;
export type CreatedKey = JsonReply<Operation<'/v1/keys', 'post'>, 201>;
export type KeyList = JsonReply<Operation<'/v1/keys', 'get'>, 200>;
export type FontList = JsonReply<Operation<'/v1/fonts', 'get'>, 200>;
export type UploadedFont = JsonReply<Operation<'/v1/fonts', 'post'>, 201>;
export type FontUploadQuery = Query<Operation<'/v1/fonts', 'post'>>;
export type TailwindTheme = JsonReply<Operation<'/v1/tailwind/theme', 'get'>, 200>;
export type Usage = JsonReply<Operation<'/v1/usage', 'get'>, 200>;
export type WebhookSecret = JsonReply<Operation<'/v1/webhooks/secret', 'get'>, 200>;
export type Readiness = JsonReply<Operation<'/readyz', 'get'>, 200>;

/** The image bytes of POST /v1/render with what its headers say about them. */
export interface RenderedImage {
  data: Uint8Array;
  contentType: string;
  /** Strong validator (a hash of the bytes). */
  etag: string | undefined;
  /** HIT, MISS or BYPASS (cache_ttl 0). */
  cache: string | undefined;
  renderMs: number | undefined;
  /** The engine that drew it: native or chromium. */
  engine: string | undefined;
  /** Output pixels. */
  width: number | undefined;
  height: number | undefined;
  /** Families the template asked for that are not bundled (drawn in Inter). */
  fontFallbacks: string[];
  /** X-Text-Fit: how each marked text fit, when the template marks any. */
  textFit: string | undefined;
  /** X-Layout-Overflow: some marked text did not fit. */
  layoutOverflow: boolean | undefined;
  /** Set when engine "auto" wanted Chromium and could not have it. */
  engineWarning: string | undefined;
  /** 304: the If-None-Match given still matches; `data` is empty, keep the copy you have. */
  notModified: boolean;
}

/** Per call: cancel with `signal`, add headers (an If-None-Match, a trace id). */
export interface RequestOptions {
  signal?: AbortSignal;
  headers?: Record<string, string>;
}
