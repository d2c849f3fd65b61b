// The `elements` document: a canvas and up to 200 absolutely positioned layers (text, image,
// rectangle). Every field is bounded here so one schema serves validation, defaults and OpenAPI.
import { Type, type Static, type TSchema } from '@sinclair/typebox';

export const elementLimits = {
  maxLayers: 200,
  minSize: 1,
  maxSize: 4096,
  /** Layers may start off-canvas (bleed), but not absurdly far. */
  maxOffset: 4096,
  maxTextLength: 5000,
  /** A data: URL of a 5 MB image is ~6.7 M characters. */
  maxImageUrlLength: 8_000_000,
} as const;

/**
 * Colours, gradients, borders and shadows land inside a style attribute: only the characters
 * CSS values need, and no url() (images come only through image layers and the fetch guard).
 */
const CSS_VALUE = '^(?![\\s\\S]*url\\s*\\()[A-Za-z0-9#%(),.\\s+\\-/]*$';
const css = (allowed: string, extra: object = {}) =>
  Type.String({
    pattern: CSS_VALUE,
    maxLength: 1000,
    allowed: `${allowed} (no url(), ; or quotes)`,
    ...extra,
  });

const size = (extra: object = {}) =>
  Type.Number({ minimum: elementLimits.minSize, maximum: elementLimits.maxSize, ...extra });
const offset = () => Type.Number({ minimum: -elementLimits.maxOffset, maximum: elementLimits.maxOffset });
const literals = <T extends string>(values: readonly T[], extra: object = {}) =>
  Type.Union(
    values.map((value) => Type.Literal(value)),
    extra,
  );
const opacity = Type.Optional(Type.Number({ minimum: 0, maximum: 1, default: 1 }));
const borderRadius = Type.Optional(Type.Number({ minimum: 0, maximum: 9999, default: 0 }));

const common = {
  /** Makes the layer editable: render data sets it as `<key>.text` or `<key>.img`. */
  dynamicKey: Type.Optional(
    Type.String({
      pattern: '^[A-Za-z_][A-Za-z0-9_-]*$',
      maxLength: 64,
      allowed: 'a key of letters, digits, _ and - (at most 64, starting with a letter or _)',
    }),
  ),
  name: Type.Optional(Type.String({ maxLength: 120 })),
  /** A hint shown by editors for a dynamic layer. */
  placeholder: Type.Optional(Type.String({ maxLength: 200 })),
  x: offset(),
  y: offset(),
};

export const TextLayerSchema = Type.Object(
  {
    type: Type.Literal('text'),
    ...common,
    text: Type.String({ maxLength: elementLimits.maxTextLength }),
    width: size(),
    height: Type.Optional(size()),
    fontFamily: Type.Optional(
      Type.String({
        pattern: '^[A-Za-z0-9 \\-]+$',
        maxLength: 100,
        default: 'Inter',
        allowed: 'a font family name of letters, digits, spaces and -',
      }),
    ),
    fontSize: Type.Optional(Type.Number({ minimum: 1, maximum: 1000, default: 32 })),
    fontWeight: Type.Optional(Type.Number({ minimum: 100, maximum: 900, default: 400 })),
    color: Type.Optional(css('a CSS colour', { default: '#111827' })),
    align: Type.Optional(literals(['left', 'center', 'right', 'justify'], { default: 'left' })),
    /** A multiple of the font size, as unitless CSS line-height. */
    lineHeight: Type.Optional(Type.Number({ minimum: 0.5, maximum: 5, default: 1.25 })),
    /** In px. */
    letterSpacing: Type.Optional(Type.Number({ minimum: -100, maximum: 100, default: 0 })),
    maxLines: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  },
  { additionalProperties: false },
);

export const ImageLayerSchema = Type.Object(
  {
    type: Type.Literal('image'),
    ...common,
    /** Empty until bound: a dynamic image with no default draws nothing. */
    src: Type.String({
      pattern: '^(|https?://\\S+|data:image/[a-z0-9.+-]+(;[^,]*)?,\\S*)$',
      maxLength: elementLimits.maxImageUrlLength,
      allowed: 'an http(s) URL, a data:image URL or ""',
    }),
    width: size(),
    height: size(),
    fit: Type.Optional(literals(['cover', 'contain', 'fill'], { default: 'cover' })),
    borderRadius,
    opacity,
  },
  { additionalProperties: false },
);

export const RectangleLayerSchema = Type.Object(
  {
    type: Type.Literal('rectangle'),
    ...common,
    width: size(),
    height: size(),
    fill: Type.Optional(css('a CSS colour or gradient', { default: 'transparent' })),
    borderRadius,
    /** CSS border shorthand, drawn inside the rectangle's size: `2px solid #ffffff`. */
    border: Type.Optional(css('a CSS border such as "2px solid #ffffff"')),
    opacity,
    /** CSS box-shadow: `0 8px 24px rgba(0,0,0,.3)`. */
    shadow: Type.Optional(css('a CSS box-shadow such as "0 8px 24px rgba(0,0,0,.3)"')),
  },
  { additionalProperties: false },
);

export const layerSchemas = {
  text: TextLayerSchema,
  image: ImageLayerSchema,
  rectangle: RectangleLayerSchema,
} as const satisfies Record<string, TSchema>;

export type LayerType = keyof typeof layerSchemas;
export const layerTypes = Object.keys(layerSchemas) as LayerType[];

export const ElementsDocumentSchema = Type.Object(
  {
    width: size(),
    height: size(),
    /** A CSS colour or gradient under every layer; none leaves the render's page background. */
    background: Type.Optional(css('a CSS colour or gradient')),
    elements: Type.Array(Type.Union([TextLayerSchema, ImageLayerSchema, RectangleLayerSchema]), {
      maxItems: elementLimits.maxLayers,
    }),
  },
  { additionalProperties: false },
);

export type TextLayer = Static<typeof TextLayerSchema>;
export type ImageLayer = Static<typeof ImageLayerSchema>;
export type RectangleLayer = Static<typeof RectangleLayerSchema>;
export type Layer = TextLayer | ImageLayer | RectangleLayer;
export type ElementsDocument = Static<typeof ElementsDocumentSchema>;

/** Fields with a schema default are always present once a document is validated. */
type Filled<T, K extends keyof T> = T & { [P in K]-?: Exclude<T[P], undefined> };
export type ResolvedTextLayer = Filled<
  TextLayer,
  'fontFamily' | 'fontSize' | 'fontWeight' | 'color' | 'align' | 'lineHeight' | 'letterSpacing'
>;
export type ResolvedImageLayer = Filled<ImageLayer, 'fit' | 'borderRadius' | 'opacity'>;
export type ResolvedRectangleLayer = Filled<RectangleLayer, 'fill' | 'borderRadius' | 'opacity'>;
export type ResolvedLayer = ResolvedTextLayer | ResolvedImageLayer | ResolvedRectangleLayer;
export interface ResolvedElementsDocument extends Omit<ElementsDocument, 'elements'> {
  elements: ResolvedLayer[];
}
