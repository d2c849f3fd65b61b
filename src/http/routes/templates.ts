// /v1/templates: stored templates of the caller's account (html, jsx, elements) with versions
// and a variable schema, plus the built-in presets as read-only starters. Another account's
// template answers exactly like a missing one (404).
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { PlacardError } from '../../core/errors.ts';
import type { Database, TemplateOptions } from '../../storage/db/index.ts';
import type { HtmlCompiler } from '../../templates/html/compile.ts';
import { presets } from '../../templates/presets/index.ts';
import { compileForSave } from '../../templates/save.ts';
import type { VariableSchema } from '../../templates/types.ts';
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
import {
  PRESET_PREFIX,
  presetReply,
  presetSummaries,
  summaryReply,
  templateReply,
} from './template-replies.ts';

export interface TemplateRouteDeps {
  db: Database;
  html: HtmlCompiler;
  maxTemplateBytes: number;
}

type IdParams = { Params: { id: string } };
const tags = ['templates'];
const security = apiKeySecurity;

/** Size options given in a body, over the ones the source declares. */
function optionsFrom(
  body: Partial<Record<'width' | 'height' | 'format' | 'quality' | 'scale', unknown>>,
  declared: TemplateOptions,
): TemplateOptions {
  const options: TemplateOptions = { ...declared };
  if (body.width !== undefined) options.width = body.width as number;
  if (body.height !== undefined) options.height = body.height as number;
  if (body.format !== undefined) options.format = body.format as TemplateOptions['format'];
  if (body.quality !== undefined) options.quality = body.quality as number;
  if (body.scale !== undefined) options.devicePixelRatio = body.scale as number;
  return options;
}

function checkSourceSize(source: unknown, max: number): void {
  const bytes = Buffer.byteLength(typeof source === 'string' ? source : JSON.stringify(source));
  if (bytes > max) {
    throw new PlacardError(
      'VALIDATION_FAILED',
      `body.source is ${bytes} bytes; allowed: at most ${max} bytes; received: ${bytes} bytes`,
      {
        details: { field: 'body.source', allowed: max, received: bytes },
      },
    );
  }
}

const notFound = (id: string, version?: number) =>
  new PlacardError(
    'TEMPLATE_NOT_FOUND',
    `No template ${JSON.stringify(id)}${version ? ` at version ${version}` : ''} in this account.`,
  );

function presetOr404(id: string) {
  const name = id.slice(PRESET_PREFIX.length);
  if (!presets[name]) throw notFound(id);
  return name;
}

export function templateRoutes(app: FastifyInstance, deps: TemplateRouteDeps): void {
  const { db } = deps;
  const readOnly = (id: string) =>
    new PlacardError(
      'FORBIDDEN',
      `${id} is a built-in starter template and cannot be changed; create your own from it instead.`,
    );

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
      const body = request.body;
      checkSourceSize(body.source, deps.maxTemplateBytes);
      const saved = await compileForSave(body.kind, body.source, deps.html);
      const template = await db.templates.create({
        accountId: request.auth.accountId,
        name: body.name,
        description: body.description ?? '',
        kind: body.kind,
        source: saved.source,
        compiled: saved.compiled,
        schema: saved.schema as never,
        options: optionsFrom(body, saved.options),
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
          : await db.templates.list(request.auth.accountId, { limit, cursor });
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
      if (id.startsWith(PRESET_PREFIX)) return presetReply(presetOr404(id));
      const template = await db.templates.get(request.auth.accountId, id, request.query.version);
      if (!template) throw notFound(id, request.query.version);
      return templateReply(template);
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
      if (id.startsWith(PRESET_PREFIX)) {
        const preset = presetReply(presetOr404(id));
        return { id, version: 1, variables: preset.variables, open: false };
      }
      const template = await db.templates.get(request.auth.accountId, id, request.query.version);
      if (!template) throw notFound(id, request.query.version);
      const schema = template.schema as unknown as VariableSchema;
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
      const versions = await db.templates.versions(request.auth.accountId, request.params.id);
      if (!versions) throw notFound(request.params.id);
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
      const { id } = request.params;
      if (id.startsWith(PRESET_PREFIX)) throw readOnly(id);
      const current = await db.templates.get(request.auth.accountId, id);
      if (!current) throw notFound(id);
      const body = request.body;
      let content = {};
      let declared = current.options;
      if (body.source !== undefined) {
        checkSourceSize(body.source, deps.maxTemplateBytes);
        const saved = await compileForSave(current.kind, body.source, deps.html);
        content = { source: saved.source, compiled: saved.compiled, schema: saved.schema as never };
        declared = { ...current.options, ...saved.options };
      }
      const sizeChanged = ['width', 'height', 'format', 'quality', 'scale'].some((k) => k in body);
      const updated = await db.templates.update(request.auth.accountId, id, {
        ...(body.name !== undefined && { name: body.name }),
        ...(body.description !== undefined && { description: body.description }),
        ...content,
        ...((sizeChanged || body.source !== undefined) && { options: optionsFrom(body, declared) }),
      });
      if (!updated) throw notFound(id);
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
      const { id } = request.params;
      if (id.startsWith(PRESET_PREFIX)) throw readOnly(id);
      if (!(await db.templates.delete(request.auth.accountId, id))) throw notFound(id);
      return reply.status(204).send();
    },
  );
}
