// HTMLPix templates: list (scope all | mine | starter), create from JSX code, get, patch. The
// dialect manages JSX templates only: the account's html and elements templates (made with
// the native API) are not listed and read as not found here, since their `code` is not JSX
// and a PATCH would compile new code as the wrong kind. Starters are read-only.
import type { FastifyInstance } from 'fastify';
import { PlacardError } from '../../../errors/placard-error.ts';
import type { Template } from '../../../storage/db/index.ts';
import type { TemplateResolver } from '../../../templates/resolver.ts';
import type { TemplateService } from '../../../templates/service.ts';
import { starterView, storedView, type Presenter } from './replies.ts';
import { CreateBody, ListQuery, PatchBody, TemplateParams } from './schemas.ts';
import { isStarterId, starterById, starters, type Starter } from './starters/index.ts';

export interface TemplateRouteDeps {
  templateStore: TemplateService;
  templates: TemplateResolver;
  present: Presenter;
}

const tags = ['htmlpix'];
const PAGE = 100;

export function htmlpixTemplateRoutes(app: FastifyInstance, deps: TemplateRouteDeps): void {
  const { templateStore, present } = deps;

  const starterOf = async (starter: Starter) =>
    starterView(starter, await deps.templates.resolve({ kind: 'jsx', source: starter.code }, undefined));

  /** A JSX template of the caller, or TEMPLATE_NOT_FOUND. */
  async function ownJsx(accountId: string, id: string): Promise<Template> {
    const template = await templateStore.get(accountId, id);
    if (template.kind !== 'jsx') {
      throw new PlacardError(
        'TEMPLATE_NOT_FOUND',
        `Template ${JSON.stringify(id)} is an ${template.kind} template; the HTMLPix API reads and changes JSX templates only.`,
      );
    }
    return template;
  }

  /** Every JSX template of the account, newest first (the doc's list has no pages). */
  async function allMine(accountId: string): Promise<Template[]> {
    const found: Template[] = [];
    let cursor: string | null = null;
    do {
      const page = await templateStore.list(accountId, { limit: PAGE, cursor });
      const jsx = page.items.filter((t) => t.kind === 'jsx');
      found.push(...(await Promise.all(jsx.map((t) => templateStore.get(accountId, t.id)))));
      cursor = page.nextCursor;
    } while (cursor);
    return found;
  }

  app.get<{ Querystring: ListQuery }>(
    '/v1/templates',
    { schema: { summary: 'List templates (all, mine, starter)', tags, querystring: ListQuery } },
    async (request) => {
      const scope = request.query.scope ?? 'all';
      const mine = scope === 'starter' ? [] : await allMine(request.auth.accountId);
      const publics = scope === 'mine' ? [] : await Promise.all(starters.map(starterOf));
      const views = [...mine.map((t) => storedView(templateStore, t)), ...publics];
      return { scope, templates: views.map((view) => present(request, view, false)) };
    },
  );

  app.post<{ Body: CreateBody }>(
    '/v1/templates',
    { schema: { summary: 'Create a template from JSX code', tags, body: CreateBody } },
    async (request, reply) => {
      const { name, description, code } = request.body;
      const template = await templateStore.create(request.auth.accountId, {
        name,
        description,
        kind: 'jsx',
        source: code,
      });
      const view = storedView(templateStore, template);
      return reply.status(201).send({ templateId: template.id, template: present(request, view, true) });
    },
  );

  app.get<{ Params: TemplateParams }>(
    '/v1/templates/:templateId',
    { schema: { summary: 'Get one template you own, or a starter', tags, params: TemplateParams } },
    async (request) => {
      const { templateId } = request.params;
      const starter = starterById(templateId);
      const view = starter
        ? await starterOf(starter)
        : storedView(templateStore, await ownJsx(request.auth.accountId, templateId));
      return { template: present(request, view, true) };
    },
  );

  app.patch<{ Params: TemplateParams; Body: PatchBody }>(
    '/v1/templates/:templateId',
    {
      schema: { summary: 'Update a template you own', tags, params: TemplateParams, body: PatchBody },
    },
    async (request) => {
      const { templateId } = request.params;
      if (isStarterId(templateId)) {
        throw new PlacardError(
          'FORBIDDEN',
          `${templateId} is a public starter template and cannot be changed; create your own copy with POST /v1/templates and its code.`,
        );
      }
      const { name, description, code } = request.body;
      if (name === undefined && description === undefined && code === undefined) {
        throw new PlacardError(
          'VALIDATION_FAILED',
          'At least one field must be provided; allowed: name, description, code; received: none.',
          { details: { allowed: ['name', 'description', 'code'] } },
        );
      }
      const { accountId } = request.auth;
      await ownJsx(accountId, templateId);
      const updated = await templateStore.update(accountId, templateId, { name, description, source: code });
      return { templateId, template: present(request, storedView(templateStore, updated), true) };
    },
  );
}
