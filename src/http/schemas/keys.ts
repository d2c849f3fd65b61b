// Bodies and replies of /v1/keys.
import { Type, type Static } from '@sinclair/typebox';
import { StringEnum } from './common.ts';

export const CreateKeyBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 120, description: 'A label to tell keys apart.' }),
    role: Type.Optional(StringEnum(['admin', 'member'] as const, { default: 'member' })),
    account_id: Type.Optional(
      Type.String({ minLength: 1, maxLength: 64, description: "Install admins only: another account's id." }),
    ),
    new_account_name: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 120,
        description: 'Install admins only: create a new account and put the key in it.',
      }),
    ),
  },
  { additionalProperties: false },
);
export type CreateKeyBody = Static<typeof CreateKeyBody>;

export const KeyReply = Type.Object({
  id: Type.String(),
  account_id: Type.String(),
  name: Type.String(),
  prefix: Type.String({ description: 'The first 8 characters of the key.' }),
  role: Type.String(),
  created_at: Type.String(),
  last_used_at: Type.Union([Type.String(), Type.Null()]),
  revoked_at: Type.Union([Type.String(), Type.Null()]),
});

export const CreatedKeyReply = Type.Intersect([
  KeyReply,
  Type.Object({ key: Type.String({ description: 'The key itself. Shown only in this reply.' }) }),
]);
