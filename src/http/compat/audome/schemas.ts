// The body and replies of Audome's routes, field for field as its doc names them. Limits the
// doc leaves open (size) are Placard's native ones.
import { Type, type Static } from '@sinclair/typebox';
import { StringEnum } from '../../schemas/common.ts';

export const audomeFormats = ['png', 'jpeg', 'webp'] as const;

export const GenerateBody = Type.Object(
  {
    projectId: Type.Optional(
      Type.String({ minLength: 1, maxLength: 64, description: 'A stored template id (any kind).' }),
    ),
    data: Type.Optional(
      Type.Record(Type.String(), Type.Unknown(), {
        description: 'Values keyed `<dynamicKey>.text` or `<dynamicKey>.img` (a public https URL).',
      }),
    ),
    html: Type.Optional(Type.String({ minLength: 1, description: 'Inline HTML; exclusive with projectId.' })),
    width: Type.Optional(Type.Integer({ minimum: 1, maximum: 4096, description: "Default: the project's." })),
    height: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 4096, description: "Default: the project's." }),
    ),
    format: Type.Optional(StringEnum(audomeFormats, { description: 'Default png.' })),
    quality: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 100, description: 'Default 90; ignored for png.' }),
    ),
    backgroundColor: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 100,
        description: 'A CSS colour; "transparent" forces PNG with alpha.',
      }),
    ),
  },
  { additionalProperties: false },
);
export type GenerateBody = Static<typeof GenerateBody>;

export const GenerateReply = Type.Object({
  success: Type.Boolean(),
  imageUrl: Type.String(),
  width: Type.Integer(),
  height: Type.Integer(),
  format: Type.String(),
  creditsUsed: Type.Integer(),
  creditsRemaining: Type.Integer(),
  generationId: Type.String(),
});

export const DynamicElement = Type.Object({
  type: Type.String({ description: 'text or image (or colour, number, boolean for code templates).' }),
  dynamicKey: Type.String(),
  dataKey: Type.String({ description: 'The exact key to send in data, e.g. title.text.' }),
  defaultValue: Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()]),
  placeholder: Type.String(),
});

export const ProjectReply = Type.Object({
  success: Type.Boolean(),
  id: Type.String(),
  width: Type.Integer(),
  height: Type.Integer(),
  dynamicElements: Type.Array(DynamicElement),
});
