// What an async job is checked for when it is accepted, so a request that can only fail is a
// 400 now instead of a 202 whose job fails a moment later: the template exists and compiles
// (a Handlebars or JSX syntax error, an unknown template_id) and the variables are ones it has.
// What only the render itself can tell (a component that throws, an image that will not load)
// still fails the job, permanently, and the webhook says so.
import type { RenderRequest } from '../core/render-request.ts';
import { checkVariablesAhead } from '../templates/check-variables.ts';
import type { TemplateResolver } from '../templates/resolver.ts';

export async function checkJobAhead(templates: TemplateResolver, request: RenderRequest): Promise<void> {
  const template = await templates.resolve(request.template, request.accountId);
  checkVariablesAhead(template, request.variables);
}
