// POST /v1/validate: the same body as a render, no image. Answers how the marked text fits
// (lines drawn, clamp, lines a fixed box holds, overflow) from the engine's own layout, and
// for presets with autoFit the sizes chosen — so it always agrees with what a render draws.
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { Config } from '../../config.ts';
import type { Pipeline } from '../../core/pipeline.ts';
import { apiKeySecurity, errorResponses } from '../schemas/common.ts';
import { RenderBody, requestFromBody } from '../schemas/render.ts';

const FitEntry = Type.Object({
  name: Type.String(),
  lines: Type.Integer(),
  max_lines: Type.Union([Type.Integer(), Type.Null()]),
  available: Type.Union([Type.Integer(), Type.Null()]),
  overflow: Type.Boolean(),
});

export function validateRoutes(app: FastifyInstance, deps: { pipeline: Pipeline; config: Config }): void {
  app.post<{ Body: RenderBody }>(
    '/v1/validate',
    {
      schema: {
        summary: 'Does the text fit? The fit report of a render, without the image',
        tags: ['render'],
        security: apiKeySecurity,
        body: RenderBody,
        response: {
          200: Type.Object({
            fits: Type.Boolean(),
            elements: Type.Array(FitEntry),
            unplaced: Type.Array(Type.String(), {
              description: 'Marked elements without a box of their own.',
            }),
            auto_fit: Type.Optional(Type.Record(Type.String(), Type.Number())),
            compute_ms: Type.Number(),
          }),
          ...errorResponses(400, 401, 404, 422),
        },
      },
    },
    async (request) => {
      const measured = await deps.pipeline.measure(
        requestFromBody(request.body, deps.config, request.auth.accountId),
      );
      return {
        fits: measured.fit.fits,
        elements: measured.fit.elements.map((e) => ({
          name: e.name,
          lines: e.lines,
          max_lines: e.maxLines,
          available: e.available,
          overflow: e.overflow,
        })),
        unplaced: measured.fit.unplaced,
        ...(measured.autoFit && { auto_fit: measured.autoFit }),
        compute_ms: Number(measured.computeMs.toFixed(2)),
      };
    },
  );
}
