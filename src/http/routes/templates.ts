// /v1/templates: stored templates of the caller's account (html, jsx, elements) with versions
// and a variable schema, plus the built-in presets as read-only starters. Another account's
// template answers exactly like a missing one (404).
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { TemplateOptions } from '../../storage/db/index.ts';
import { presetNamed, type TemplateService } from '../../templates/service.ts';
import { apiKeySecurity, errorResponses } from '../schemas/common.ts';
import {
  CreateTemplateBody,
  ListTemplatesQuery,
  PatchTemplateBody,
  SchemaReply,
  TemplateIdParams,
  TemplateReply,
  TemplateSummaryReply,
  VersionQuery,
} from '../schemas/templates.ts';
import { presetReply, presetSummaries, summaryReply, templateReply } from './template-replies.ts';

export interface TemplateRouteDeps {
  templates: TemplateService;
}

type IdParams = { Params: { id: string } };
type SizeFields = Partial<Record<'width' | 'height' | 'format' | 'quality' | 'scale', unknown>>;
const tags = ['templates'];
const security = apiKeySecurity;

/** The size and format fields a body sets, as stored template options. */
function optionsFrom(body: SizeFields): TemplateOptions | undefined {
  const options: TemplateOptions = {};
  if (body.width !== undefined) options.width = body.width as number;
  if (body.height !== undefined) options.height = body.height as number;
  if (body.format !== undefined) options.format = body.format as TemplateOptions['format'];
  if (body.quality !== undefined) options.quality = body.quality as number;
  if (body.scale !== undefined) options.devicePixelRatio = body.scale as number;
  return Object.keys(options).length > 0 ? options : undefined;
}

export function templateRoutes(app: FastifyInstance, deps: TemplateRouteDeps): void {
  const { templates } = deps;

  app.post<{ Body: CreateTemplateBody }>(
    '/v1/templates',
    {
      schema: {
        summary: 'Create a template',
        tags,
        security,
        body: CreateTemplateBody,
        response: { 201: TemplateReply, ...errorResponses(400, 401, 422) },
      },
    },
    async (request, reply) => {
      const { name, description, kind, source } = request.body;
      const template = await templates.create(request.auth.accountId, {
        name,
        description,
        kind,
        source,
        options: optionsFrom(request.body),
      });
      return reply.status(201).send(templateReply(template));
    },
  );

  app.get<{ Querystring: ListTemplatesQuery }>(
    '/v1/templates',
    {
      schema: {
        summary: "List the account's templates and the starter templates",
        tags,
        security,
        querystring: ListTemplatesQuery,
        response: {
          200: Type.Object({
            scope: Type.String(),
            templates: Type.Array(TemplateSummaryReply),
            next_cursor: Type.Union([Type.String(), Type.Null()]),
          }),
          ...errorResponses(400, 401),
        },
      },
    },
    async (request) => {
      const { scope = 'all', limit, cursor } = request.query;
      const mine =
        scope === 'starter'
          ? { items: [], nextCursor: null }
          : await templates.list(request.auth.accountId, { limit, cursor });
      // Starters come once, on the first page of `all`.
      const starters = scope === 'mine' || (scope === 'all' && cursor) ? [] : presetSummaries();
      return {
        scope,
        templates: [...mine.items.map((t) => summaryReply(t)), ...starters],
        next_cursor: mine.nextCursor,
      };
    },
  );

  app.get<IdParams & { Querystring: { version?: number } }>(
    '/v1/templates/:id',
    {
      schema: {
        summary: 'Get a template (the current version, or ?version=n)',
        tags,
        security,
        params: TemplateIdParams,
        querystring: VersionQuery,
        response: { 200: TemplateReply, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const { id } = request.params;
      if (templates.isPreset(id)) return presetReply(presetNamed(id));
      return templateReply(await templates.get(request.auth.accountId, id, request.query.version));
    },
  );

  app.get<IdParams & { Querystring: { version?: number } }>(
    '/v1/templates/:id/schema',
    {
      schema: {
        summary: "A template's variables: name, type, default, placeholder",
        tags,
        security,
        params: TemplateIdParams,
        querystring: VersionQuery,
        response: { 200: SchemaReply, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const { id } = request.params;
      if (templates.isPreset(id)) {
        return { id, version: 1, variables: presetReply(presetNamed(id)).variables, open: false };
      }
      const template = await templates.get(request.auth.accountId, id, request.query.version);
      const schema = templates.schemaOf(template);
      return { id, version: template.version, variables: schema.variables, open: schema.open };
    },
  );

  app.get<IdParams>(
    '/v1/templates/:id/versions',
    {
      schema: {
        summary: "A template's versions, newest first",
        tags,
        security,
        params: TemplateIdParams,
        response: {
          200: Type.Object({
            versions: Type.Array(Type.Object({ version: Type.Integer(), created_at: Type.String() })),
          }),
          ...errorResponses(401, 404),
        },
      },
    },
    async (request) => {
      const versions = await templates.versions(request.auth.accountId, request.params.id);
      return { versions: versions.map((v) => ({ version: v.version, created_at: v.createdAt })) };
    },
  );

  app.patch<IdParams & { Body: PatchTemplateBody }>(
    '/v1/templates/:id',
    {
      schema: {
        summary: 'Change a template; every change makes a new version',
        tags,
        security,
        params: TemplateIdParams,
        body: PatchTemplateBody,
        response: { 200: TemplateReply, ...errorResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request) => {
      const { name, description, source } = request.body;
      const updated = await templates.update(request.auth.accountId, request.params.id, {
        name,
        description,
        source,
        options: optionsFrom(request.body),
      });
      return templateReply(updated);
    },
  );

  app.delete<IdParams>(
    '/v1/templates/:id',
    {
      schema: {
        summary: 'Delete a template (all versions)',
        tags,
        security,
        params: TemplateIdParams,
        response: { 204: Type.Null(), ...errorResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await templates.delete(request.auth.accountId, request.params.id);
      return reply.status(204).send();
    },
  );
}
