// Bodies, queries and replies of /v1/templates.
import { Type, type Static } from '@sinclair/typebox';
import { StringEnum } from './common.ts';
import { OutputFields } from './render.ts';

const sourceDescription =
  'html: HTML + Handlebars text; jsx: a TSX/JSX module; elements: a layer document (object or JSON text).';

export const CreateTemplateBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 120 }),
    description: Type.Optional(Type.String({ maxLength: 2000 })),
    kind: StringEnum(['html', 'jsx', 'elements'] as const),
    source: Type.Union([Type.String({ minLength: 1 }), Type.Object({}, { additionalProperties: true })], {
      description: sourceDescription,
    }),
    ...OutputFields,
  },
  { additionalProperties: false },
);
export type CreateTemplateBody = Static<typeof CreateTemplateBody>;

export const PatchTemplateBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })),
    description: Type.Optional(Type.String({ maxLength: 2000 })),
    source: Type.Optional(
      Type.Union([Type.String({ minLength: 1 }), Type.Object({}, { additionalProperties: true })], {
        description: sourceDescription,
      }),
    ),
    ...OutputFields,
  },
  { additionalProperties: false, minProperties: 1 },
);
export type PatchTemplateBody = Static<typeof PatchTemplateBody>;

export const ListTemplatesQuery = Type.Object(
  {
    scope: Type.Optional(StringEnum(['all', 'mine', 'starter'] as const, { default: 'all' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type ListTemplatesQuery = Static<typeof ListTemplatesQuery>;

export const TemplateIdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
export const VersionQuery = Type.Object(
  { version: Type.Optional(Type.Integer({ minimum: 1 })) },
  { additionalProperties: false },
);

const Variable = Type.Object({
  name: Type.String(),
  type: Type.String(),
  default: Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()]),
  placeholder: Type.String(),
  options: Type.Optional(Type.Array(Type.String())),
  min: Type.Optional(Type.Number()),
  max: Type.Optional(Type.Number()),
});

export const TemplateSummaryReply = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Type.String(),
  kind: Type.String(),
  version: Type.Integer(),
  read_only: Type.Boolean({ description: 'True for built-in starter templates (presets).' }),
  width: Type.Union([Type.Integer(), Type.Null()]),
  height: Type.Union([Type.Integer(), Type.Null()]),
  format: Type.Union([Type.String(), Type.Null()]),
  quality: Type.Union([Type.Integer(), Type.Null()]),
  scale: Type.Union([Type.Number(), Type.Null()]),
  created_at: Type.Union([Type.String(), Type.Null()]),
  updated_at: Type.Union([Type.String(), Type.Null()]),
});

export const TemplateReply = Type.Intersect([
  TemplateSummaryReply,
  Type.Object({
    current_version: Type.Integer(),
    source: Type.Union([Type.String(), Type.Null()], { description: 'Null for presets.' }),
    variables: Type.Array(Variable),
  }),
]);

export const SchemaReply = Type.Object({
  id: Type.String(),
  version: Type.Integer(),
  variables: Type.Array(Variable),
  open: Type.Boolean({ description: 'True when the template may read names that cannot be listed ahead.' }),
});
