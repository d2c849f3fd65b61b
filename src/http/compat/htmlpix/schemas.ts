// Request schemas of the HTMLPix dialect, with the doc's limits: names 120, descriptions 2000,
// code 180K characters, sizes 1-4096, quality 0-100, 25 URLs and 5 generation items per call.
import { Type, type Static } from '@sinclair/typebox';
import { StringEnum } from '../../schemas/common.ts';

export const CODE_MAX_CHARS = 180_000;
export const URLS_MAX_ITEMS = 25;
export const GENERATE_MAX_ITEMS = 5;
export const PROMPT_MAX_CHARS = 2000;
export const htmlpixFormats = ['png', 'jpeg', 'webp'] as const;

const size = (what: string) =>
  Type.Optional(Type.Integer({ minimum: 1, maximum: 4096, description: `${what}, 1-4096.` }));

export const UrlItem = Type.Object(
  {
    templateId: Type.String({ minLength: 1, maxLength: 200 }),
    variables: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    width: size('Width (default from the template, else 1200)'),
    height: size('Height (default from the template, else 630)'),
    format: Type.Optional(StringEnum(htmlpixFormats, { description: 'Default webp.' })),
    quality: Type.Optional(Type.Integer({ minimum: 0, maximum: 100, description: 'jpeg and webp.' })),
    devicePixelRatio: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 3 })),
    // A version number, as a string or a number; mint.ts checks it with a clearer message.
    tv: Type.Optional(
      Type.Unsafe<string | number>({
        type: ['string', 'integer'],
        description: 'Template version to render (default: the current one), e.g. "3".',
      }),
    ),
  },
  { additionalProperties: false },
);
export type UrlItem = Static<typeof UrlItem>;

export const UrlsBody = Type.Object(
  { items: Type.Array(UrlItem, { minItems: 1, maxItems: URLS_MAX_ITEMS }) },
  { additionalProperties: false },
);
export type UrlsBody = Static<typeof UrlsBody>;

export const ListQuery = Type.Object({
  scope: Type.Optional(StringEnum(['all', 'mine', 'starter'] as const, { default: 'all' })),
});
export type ListQuery = Static<typeof ListQuery>;

export const TemplateParams = Type.Object({ templateId: Type.String({ minLength: 1, maxLength: 200 }) });
export type TemplateParams = Static<typeof TemplateParams>;

const name = Type.String({ minLength: 1, maxLength: 120 });
const description = Type.String({ maxLength: 2000 });
const code = Type.String({ minLength: 1, maxLength: CODE_MAX_CHARS, description: 'A TSX/JSX module.' });

export const CreateBody = Type.Object(
  { name, description: Type.Optional(description), code },
  { additionalProperties: false },
);
export type CreateBody = Static<typeof CreateBody>;

export const PatchBody = Type.Object(
  { name: Type.Optional(name), description: Type.Optional(description), code: Type.Optional(code) },
  // "At least one field" is checked by the route, which can say so plainly.
  { additionalProperties: false },
);
export type PatchBody = Static<typeof PatchBody>;

export const generateBody = (maxImageChars: number) =>
  Type.Object(
    {
      items: Type.Array(
        Type.Object(
          {
            prompt: Type.String({ minLength: 1, maxLength: PROMPT_MAX_CHARS }),
            width: size('Image width'),
            height: size('Image height'),
            imageDataUrl: Type.Optional(
              Type.String({
                maxLength: maxImageChars,
                pattern: '^data:image/(png|jpeg|jpg|webp|gif);base64,',
                description: 'A reference image as a base64 data URL.',
              }),
            ),
          },
          { additionalProperties: false },
        ),
        { minItems: 1, maxItems: GENERATE_MAX_ITEMS },
      ),
    },
    { additionalProperties: false },
  );
export type GenerateBody = Static<ReturnType<typeof generateBody>>;
