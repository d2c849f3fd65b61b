// Bodies and replies of /v1/usage and the admin routes /v1/accounts/:id/{plan,credits}.
import { Type, type Static } from '@sinclair/typebox';
import { CREDIT_BALANCE_MAX } from '../../storage/db/index.ts';

const Nullable = <T extends ReturnType<typeof Type.Integer>>(schema: T) => Type.Union([schema, Type.Null()]);

export const UsageReply = Type.Object({
  account_id: Type.String(),
  plan: Type.String(),
  period: Type.String({ description: "The calendar month counted (UTC), 'YYYY-MM'." }),
  renders_this_month: Nullable(
    Type.Integer({ description: 'Renders charged this month; null when the plan meters nothing.' }),
  ),
  monthly_quota: Nullable(Type.Integer({ description: 'null: no monthly quota.' })),
  remaining_quota: Nullable(Type.Integer()),
  credits: Type.Object({
    metered: Type.Boolean({ description: 'Whether renders on this plan spend credits.' }),
    balance: Type.Integer(),
  }),
  rate_limit: Type.Object({
    per_minute: Nullable(Type.Integer({ description: 'null: no rate limit.' })),
  }),
  features: Type.Array(Type.String()),
});

export const AccountParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
export type AccountParams = Static<typeof AccountParams>;

export const PlanBody = Type.Object(
  { plan: Type.String({ minLength: 1, maxLength: 64, description: 'A plan name from PLACARD_PLANS.' }) },
  { additionalProperties: false },
);
export type PlanBody = Static<typeof PlanBody>;

export const CreditsBody = Type.Object(
  {
    amount: Type.Integer({
      minimum: -CREDIT_BALANCE_MAX,
      maximum: CREDIT_BALANCE_MAX,
      description: 'Credits to add; negative to correct. The balance never goes below 0.',
    }),
  },
  { additionalProperties: false },
);
export type CreditsBody = Static<typeof CreditsBody>;
