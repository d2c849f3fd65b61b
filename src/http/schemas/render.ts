// The body of POST /v1/render. Limits here are the public contract (README, OpenAPI).
import { Type, type Static } from '@sinclair/typebox';
import { engineNames, outputFormats } from '../../core/render-request.ts';
import { StringEnum } from './common.ts';

export const RenderBody = Type.Object(
  {
    html: Type.String({
      minLength: 1,
      description: 'HTML + CSS template with Handlebars expressions: {{var}} is escaped, {{{var}}} is raw.',
    }),
    variables: Type.Optional(
      Type.Record(Type.String(), Type.Unknown(), { description: 'Values bound into the template.' }),
    ),
    width: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 4096, default: 1200, description: 'CSS pixels.' }),
    ),
    height: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 4096, default: 630, description: 'CSS pixels.' }),
    ),
    scale: Type.Optional(
      Type.Number({
        minimum: 1,
        maximum: 3,
        default: 1,
        description: 'Device pixel ratio; the output is width*scale x height*scale.',
      }),
    ),
    format: Type.Optional(StringEnum(outputFormats, { default: 'png' })),
    quality: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 100,
        description: 'jpeg, webp and avif. Defaults: jpeg 90, webp 90, avif 60.',
      }),
    ),
    background: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 100,
        description:
          'CSS colour drawn under the template (default white, as in a browser); "transparent" keeps alpha in png, webp and avif.',
      }),
    ),
    engine: Type.Optional(
      StringEnum([...engineNames, 'auto'] as const, {
        default: 'auto',
        description: '"native" (Takumi). "auto" picks the engine; today it is always native.',
      }),
    ),
    timeout_ms: Type.Optional(
      Type.Integer({ minimum: 1000, maximum: 60000, description: 'Render time cap (default 30000).' }),
    ),
  },
  { additionalProperties: false },
);

export type RenderBody = Static<typeof RenderBody>;
