// The body of POST /v1/render (also /v1/validate, batch items, the CLI and library mode) and
// how it becomes the one RenderRequest. Limits here are the public contract (README, OpenAPI).
import { Type, type Static } from '@sinclair/typebox';
import {
  createRenderRequest,
  outputFormats,
  type RenderRequest,
  type RequestLimits,
  type TemplateRef,
} from '../../core/render-request.ts';
import { engineChoices } from '../../engines/types.ts';
import { invalidField } from '../../errors/placard-error.ts';
import { emojiStyles } from '../../fonts/emoji.ts';
import { StringEnum } from './common.ts';

/** Size and encoding options, shared by renders and stored template defaults. */
export const OutputFields = {
  width: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: 4096,
      description: "CSS pixels (default: the template's, else 1200).",
    }),
  ),
  height: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: 4096,
      description: "CSS pixels (default: the template's, else 630).",
    }),
  ),
  scale: Type.Optional(
    Type.Number({
      minimum: 1,
      maximum: 3,
      description: 'Device pixel ratio; the output is width*scale x height*scale (default 1).',
    }),
  ),
  format: Type.Optional(StringEnum(outputFormats, { description: "Default: the template's, else png." })),
  quality: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: 100,
      description: 'jpeg, webp and avif. Defaults: jpeg 90, webp 90, avif 60.',
    }),
  ),
};

export const RenderBody = Type.Object(
  {
    html: Type.Optional(
      Type.String({
        minLength: 1,
        description: 'Inline HTML + CSS template with Handlebars: {{var}} is escaped, {{{var}}} is raw.',
      }),
    ),
    jsx: Type.Optional(
      Type.String({
        minLength: 1,
        description: 'Inline TSX/JSX module: `export default function Template(props)`, run in a sandbox.',
      }),
    ),
    elements: Type.Optional(
      Type.Object({}, { additionalProperties: true, description: 'Inline elements document (layers).' }),
    ),
    preset: Type.Optional(
      Type.String({ minLength: 1, maxLength: 64, description: 'A built-in preset by name.' }),
    ),
    template_id: Type.Optional(
      Type.String({ minLength: 1, maxLength: 64, description: 'A stored template (or preset:<name>).' }),
    ),
    version: Type.Optional(
      Type.Integer({ minimum: 1, description: 'Pins a version of template_id (default: the current one).' }),
    ),
    variables: Type.Optional(
      Type.Record(Type.String(), Type.Unknown(), { description: 'Values bound into the template.' }),
    ),
    ...OutputFields,
    background: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 100,
        description:
          'CSS colour drawn under the template (default white, as in a browser); "transparent" keeps alpha in png, webp and avif.',
      }),
    ),
    emoji: Type.Optional(
      StringEnum(emojiStyles, {
        default: 'noto',
        description:
          'Emoji set both engines draw emoji with, from local SVGs: "noto" (Chrome, Android), "twemoji", "openmoji", "fluent" (Fluent Flat) or "none" (no emoji images). Blobmoji is not offered: no npm package ships it.',
      }),
    ),
    engine: Type.Optional(
      StringEnum(engineChoices, {
        default: 'auto',
        description:
          '"native" (Takumi, fast), "chromium" (full CSS, needs Chromium installed) or "auto": native unless the template uses what only Chromium draws.',
      }),
    ),
    timeout_ms: Type.Optional(
      Type.Integer({ minimum: 1000, maximum: 60000, description: 'Render time cap (default 30000).' }),
    ),
    response: Type.Optional(
      StringEnum(['image', 'url', 'json'] as const, {
        default: 'image',
        description:
          '"image": the bytes. "url" or "json": store the image and answer its public URL and metadata.',
      }),
    ),
    async: Type.Optional(
      Type.Boolean({
        description: 'Answer 202 with a job at once; the image is stored when the job finishes.',
      }),
    ),
    webhook_url: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 2048,
        description:
          'With async: POSTed the job result, signed (X-Placard-Signature). Checked when the job is accepted: ' +
          'an address the fetch guard refuses (not http(s), private, loopback, link-local, or a host that does ' +
          'not resolve) is 400 WEBHOOK_URL_REFUSED, with nothing queued or charged.',
      }),
    ),
    cache_ttl: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 604800,
        description:
          'Seconds an identical render is served from the cache (default PLACARD_CACHE_TTL; 0: no cache).',
      }),
    ),
  },
  { additionalProperties: false },
);

export type RenderBody = Static<typeof RenderBody>;

const TEMPLATE_FIELDS = ['html', 'jsx', 'elements', 'preset', 'template_id'] as const;

/** Exactly one of the body's template fields, as the request's template. */
function templateOf(body: RenderBody): TemplateRef {
  if (body.version !== undefined && body.template_id === undefined) {
    throw invalidField(
      'version',
      'only applies to a stored template',
      'version together with template_id',
      body.version,
    );
  }
  const given = TEMPLATE_FIELDS.filter((k) => body[k] !== undefined);
  if (given.length !== 1) {
    const received = given.length === 0 ? 'none' : given.join(', ');
    const allowed = 'one of html, jsx, elements, preset or template_id';
    throw invalidField('template', 'must be given exactly once', allowed, received);
  }
  if (body.html !== undefined) return { kind: 'html', source: body.html };
  if (body.jsx !== undefined) return { kind: 'jsx', source: body.jsx };
  if (body.elements !== undefined) return { kind: 'elements', document: body.elements };
  if (body.preset !== undefined) return { kind: 'preset', name: body.preset };
  return { kind: 'stored', id: body.template_id!, version: body.version };
}

/**
 * The body as the one RenderRequest: the template fields become `template`, the snake_case
 * names their camelCase ones, and every other option passes through as it is.
 */
export function requestFromBody(body: RenderBody, limits: RequestLimits, accountId?: string): RenderRequest {
  const {
    html: _html,
    jsx: _jsx,
    elements: _elements,
    preset: _preset,
    template_id: _templateId,
    version: _version,
    timeout_ms: timeoutMs,
    cache_ttl: cacheTtl,
    response: _response,
    async: _async,
    webhook_url: _webhookUrl,
    variables = {},
    ...options
  } = body;
  return createRenderRequest(
    { template: templateOf(body), variables, accountId, ...options, timeoutMs, cacheTtl },
    limits,
  );
}
