// Bodies of RasterKit's routes with its documented ranges (width/height 64–4096, quality 1–100,
// timeout_ms 1000–60000, cache_ttl 0–604800). Defaults are applied in request.ts, where they
// differ from Placard's own (format png, quality 80, cache_ttl 0).
import { Type, type Static } from '@sinclair/typebox';
import { StringEnum } from '../../schemas/common.ts';

export const rasterkitFormats = ['png', 'jpeg', 'webp'] as const;

/** The render fields: the JSON body of POST /v1/image and the query of the signed GET. */
export const ImageFields = {
  template_id: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'A stored template.' })),
  template_html: Type.Optional(
    Type.String({ minLength: 1, description: 'Inline HTML/CSS with {{handlebars}}; at most 500 KB.' }),
  ),
  variables: Type.Optional(
    Type.Record(Type.String(), Type.Unknown(), {
      description:
        'HTML-escaped by default ({{{var}}} opts out); names the template does not use are ignored.',
    }),
  ),
  width: Type.Optional(Type.Integer({ minimum: 64, maximum: 4096, description: 'Default 1200.' })),
  height: Type.Optional(Type.Integer({ minimum: 64, maximum: 4096, description: 'Default 630.' })),
  device_scale_factor: Type.Optional(Type.Number({ minimum: 1, maximum: 3, description: 'Default 1.' })),
  format: Type.Optional(StringEnum(rasterkitFormats, { description: 'Default png.' })),
  quality: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, description: 'jpeg/webp; default 80.' })),
  timeout_ms: Type.Optional(Type.Integer({ minimum: 1000, maximum: 60000, description: 'Default 30000.' })),
  cache_ttl: Type.Optional(Type.Integer({ minimum: 0, maximum: 604800, description: 'Seconds; default 0.' })),
};

export const ImageQuery = Type.Object(ImageFields, { additionalProperties: false });
export type ImageQuery = Static<typeof ImageQuery>;

export const ImageBody = Type.Object(
  {
    ...ImageFields,
    async: Type.Optional(Type.Boolean({ description: 'Answer 202 with a job at once.' })),
    webhook_url: Type.Optional(
      Type.String({ minLength: 1, maxLength: 2048, description: 'With async: POSTed (signed) when done.' }),
    ),
  },
  { additionalProperties: false },
);
export type ImageBody = Static<typeof ImageBody>;

export const SignBody = Type.Object(
  {
    ...ImageFields,
    expires_in: Type.Optional(
      Type.Integer({ minimum: 60, maximum: 31_536_000, description: 'Seconds (default PLACARD_URL_TTL).' }),
    ),
  },
  { additionalProperties: false },
);
export type SignBody = Static<typeof SignBody>;

const size = (description: string) =>
  Type.Optional(Type.Integer({ minimum: 64, maximum: 4096, description }));

export const TemplateBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 120 }),
    html: Type.String({ minLength: 1, description: 'HTML/CSS with {{handlebars}}; at most 500 KB.' }),
    description: Type.Optional(Type.String({ maxLength: 2000 })),
    width: size('Default render width (else 1200).'),
    height: size('Default render height (else 630).'),
    sample_variables: Type.Optional(
      Type.Record(Type.String(), Type.Unknown(), { description: 'Accepted for compatibility; not stored.' }),
    ),
  },
  { additionalProperties: false },
);
export type TemplateBody = Static<typeof TemplateBody>;

export const TemplatePatch = Type.Partial(TemplateBody, { additionalProperties: false, minProperties: 1 });
export type TemplatePatch = Static<typeof TemplatePatch>;
