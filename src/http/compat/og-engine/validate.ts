// POST /validate: does the text fit, without drawing? Same input as /render (format, title,
// description, font, sizes, line limits, autoFit); the answer comes from the same layout the
// render uses, so it always agrees with what /render draws.
import type { FastifyInstance } from 'fastify';
import { createRenderRequest } from '../../../core/render-request.ts';
import type { OgCardDeps } from './render.ts';
import { accountFamilies } from './fonts.ts';
import { readOgRender } from './request.ts';

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export function ogValidateRoute(
  app: FastifyInstance,
  deps: Pick<OgCardDeps, 'config' | 'pipeline' | 'fonts'>,
): void {
  app.post('/validate', async (request) => {
    const raw = isObject(request.body) ? request.body : {};
    // /validate takes the style fields flat (COMPAT-NOTES); /render nests them under `style`.
    const style: Record<string, unknown> = {};
    for (const name of ['font', 'titleSize', 'descSize', 'maxTitleLines', 'maxDescLines', 'autoFit']) {
      if (raw[name] !== undefined) style[name] = raw[name];
    }
    const body = { format: raw.format, title: raw.title, description: raw.description, style };
    const card = readOgRender(body, await accountFamilies(deps, request.auth.accountId, [body]));
    const measured = await deps.pipeline.measure(
      createRenderRequest(
        {
          template: { kind: 'preset', name: 'default' },
          variables: card.variables,
          accountId: request.auth.accountId,
          width: card.size.width,
          height: card.size.height,
        },
        deps.config,
      ),
      // With autoFit, "the largest sizes that fit" over the whole accepted range.
      { autoFitUpTo: style.autoFit === true ? 'range' : 'requested' },
    );
    const entry = (name: string) => {
      const fit = measured.fit.elements.find((f) => f.name === name);
      return fit && { lines: fit.lines, maxLines: fit.maxLines, overflow: fit.overflow };
    };
    const title = entry('title');
    const description = card.variables.description ? entry('description') : undefined;
    return {
      fits: measured.fit.fits,
      title,
      ...(description && { description }),
      ...(measured.autoFit && {
        autoFit: { titleSize: measured.autoFit.title, descSize: measured.autoFit.description },
      }),
      computeTimeMs: Number(measured.computeMs.toFixed(2)),
    };
  });
}
