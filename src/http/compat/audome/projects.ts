// Audome projects are Placard's stored templates. resolveProject looks one up in the caller's
// account (404 PROJECT_NOT_FOUND otherwise); GET /api/render/projects/:id lists its dynamic
// elements from the template's variable schema, so a client can learn which keys it accepts.
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { isPlacardError, PlacardError } from '../../../errors/placard-error.ts';
import { DEFAULT_HEIGHT, DEFAULT_WIDTH, type TemplateRef } from '../../../core/render-request.ts';
import type { TemplateResolver } from '../../../templates/resolver.ts';
import type { ResolvedTemplate } from '../../../templates/types.ts';
import { dataKeyOf } from './data.ts';
import { ProjectReply } from './schemas.ts';

export async function resolveProject(
  templates: TemplateResolver,
  ref: TemplateRef,
  accountId: string,
): Promise<ResolvedTemplate> {
  try {
    return await templates.resolve(ref, accountId);
  } catch (error) {
    if (ref.kind === 'stored' && isPlacardError(error) && error.code === 'TEMPLATE_NOT_FOUND') {
      throw new PlacardError(
        'TEMPLATE_NOT_FOUND',
        `projectId ${JSON.stringify(ref.id)} does not exist for this account.`,
        { cause: error },
      );
    }
    throw error;
  }
}

export function projectRoutes(app: FastifyInstance, deps: { templates: TemplateResolver }): void {
  app.get<{ Params: { id: string } }>(
    '/api/render/projects/:id',
    {
      schema: {
        summary: "Audome: a project's dynamic elements",
        tags: ['compat-audome'],
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }),
        response: { 200: ProjectReply },
      },
    },
    async (request) => {
      const { id } = request.params;
      const template = await resolveProject(deps.templates, { kind: 'stored', id }, request.auth.accountId);
      return {
        success: true,
        id,
        width: template.options.width ?? DEFAULT_WIDTH,
        height: template.options.height ?? DEFAULT_HEIGHT,
        dynamicElements: template.schema.variables.map((variable) => ({
          type: variable.type,
          dynamicKey: variable.name.replace(/\.(text|img)$/, ''),
          dataKey: dataKeyOf(variable),
          defaultValue: variable.default,
          placeholder: variable.placeholder,
        })),
      };
    },
  );
}
