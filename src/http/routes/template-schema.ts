// POST /v1/templates/schema: the variables of a source that is not saved yet (the Studio's
// form while a person types), derived exactly as a saved template's are (GET
// /v1/templates/:id/schema) by the same resolver a render uses, so the form never offers a
// field the render would refuse. A source that does not compile answers its compile error.
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { PlacardError } from '../../errors/placard-error.ts';
import type { TemplateRef } from '../../core/render-request.ts';
import type { TemplateResolver } from '../../templates/resolver.ts';
import { apiKeySecurity, errorResponses, StringEnum } from '../schemas/common.ts';
import { SchemaReply } from '../schemas/templates.ts';

const InlineSchemaBody = Type.Object(
  {
    kind: StringEnum(['html', 'jsx', 'elements'] as const),
    source: Type.Union([Type.String({ minLength: 1 }), Type.Object({}, { additionalProperties: true })], {
      description: 'As for POST /v1/templates: text, or an elements document as an object or JSON text.',
    }),
  },
  { additionalProperties: false },
);
type InlineSchemaBody = Static<typeof InlineSchemaBody>;

function refOf(body: InlineSchemaBody): TemplateRef {
  const { kind, source } = body;
  if (kind === 'elements') {
    if (typeof source !== 'string') return { kind, document: source };
    try {
      return { kind, document: JSON.parse(source) as unknown };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new PlacardError('VALIDATION_FAILED', `body.source is not a JSON elements document: ${reason}`, {
        details: { field: 'body.source', allowed: 'an elements document as an object or JSON text' },
      });
    }
  }
  if (typeof source !== 'string') {
    throw new PlacardError(
      'VALIDATION_FAILED',
      `body.source must be text for kind ${kind}; received an object.`,
      { details: { field: 'body.source', allowed: 'a string', received: 'object' } },
    );
  }
  return { kind, source };
}

export function templateSchemaRoutes(app: FastifyInstance, deps: { templates: TemplateResolver }): void {
  app.post<{ Body: InlineSchemaBody }>(
    '/v1/templates/schema',
    {
      schema: {
        summary: "An unsaved source's variables: name, type, default, placeholder",
        tags: ['templates'],
        security: apiKeySecurity,
        body: InlineSchemaBody,
        response: {
          200: Type.Omit(SchemaReply, ['id', 'version']),
          ...errorResponses(400, 401, 422),
        },
      },
    },
    async (request) => {
      const resolved = await deps.templates.resolve(refOf(request.body), request.auth.accountId);
      return { variables: resolved.schema.variables, open: resolved.schema.open };
    },
  );
}
