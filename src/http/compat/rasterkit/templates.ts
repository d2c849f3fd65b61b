// RasterKit's stored templates: HTML/CSS with {{handlebars}} and a default size, kept as
// Placard html templates (versioned, with a variable schema). POST creates (201), GET lists and
// reads, PUT changes (a new version), DELETE removes. Templates of other kinds made on the
// native API are listed and render by id too; their `html` is null.
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { Template, TemplateOptions, TemplateSummary } from '../../../storage/db/index.ts';
import type { TemplateService } from '../../../templates/service.ts';
import { checkHtmlSize } from './request.ts';
import { TemplateBody, TemplatePatch } from './schemas.ts';

type IdParams = { Params: { id: string } };
const params = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const tags = ['compat-rasterkit'];

function summaryReply(template: TemplateSummary & { version?: number }) {
  return {
    id: template.id,
    name: template.name,
    description: template.description,
    kind: template.kind,
    width: template.options.width ?? null,
    height: template.options.height ?? null,
    version: template.version ?? template.currentVersion,
    created_at: template.createdAt,
    updated_at: template.updatedAt,
  };
}

function templateReply(template: Template, templates: TemplateService) {
  return {
    ...summaryReply(template),
    html: template.kind === 'html' ? template.source : null,
    variables: templates.schemaOf(template).variables.map((v) => v.name),
  };
}

function sizeOf(body: { width?: number; height?: number }): TemplateOptions | undefined {
  if (body.width === undefined && body.height === undefined) return undefined;
  return { width: body.width, height: body.height };
}

export function templateRoutes(app: FastifyInstance, deps: { templates: TemplateService }): void {
  const { templates } = deps;

  app.post<{ Body: TemplateBody }>(
    '/v1/templates',
    { schema: { summary: 'RasterKit: store an HTML template', tags, body: TemplateBody } },
    async (request, reply) => {
      const { name, html, description, ...size } = request.body;
      checkHtmlSize('html', html);
      // sample_variables is RasterKit's editor preview data: accepted, not stored.
      const created = await templates.create(request.auth.accountId, {
        name,
        description,
        kind: 'html',
        source: html,
        options: sizeOf(size),
      });
      return reply.status(201).send(templateReply(created, templates));
    },
  );

  app.get<{ Querystring: { limit?: number; cursor?: string } }>(
    '/v1/templates',
    {
      schema: {
        summary: "RasterKit: the account's templates",
        tags,
        querystring: Type.Object(
          {
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
            cursor: Type.Optional(Type.String({ maxLength: 200 })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => {
      const page = await templates.list(request.auth.accountId, request.query);
      return { templates: page.items.map(summaryReply), next_cursor: page.nextCursor };
    },
  );

  app.get<IdParams>(
    '/v1/templates/:id',
    { schema: { summary: 'RasterKit: a template', tags, params } },
    async (request) =>
      templateReply(await templates.get(request.auth.accountId, request.params.id), templates),
  );

  app.put<IdParams & { Body: TemplatePatch }>(
    '/v1/templates/:id',
    {
      schema: { summary: 'RasterKit: change a template (a new version)', tags, params, body: TemplatePatch },
    },
    async (request) => {
      const { name, html, description, ...size } = request.body;
      checkHtmlSize('html', html);
      const updated = await templates.update(request.auth.accountId, request.params.id, {
        name,
        description,
        source: html,
        options: sizeOf(size),
      });
      return templateReply(updated, templates);
    },
  );

  app.delete<IdParams>(
    '/v1/templates/:id',
    { schema: { summary: 'RasterKit: delete a template', tags, params } },
    async (request, reply) => {
      await templates.delete(request.auth.accountId, request.params.id);
      return reply.status(204).send();
    },
  );
}
