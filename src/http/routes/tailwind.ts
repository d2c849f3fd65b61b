// /v1/tailwind/theme: the account's Tailwind theme, CSS `@theme { ... }` blocks (colours, fonts)
// every template of the account compiles with. PUT takes JSON `{"css": "..."}` or the CSS itself
// as a text/css body; the compiler checks it before it is stored.
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { describeValue, PlacardError } from '../../errors/placard-error.ts';
import type { StoredTailwindTheme } from '../../storage/db/index.ts';
import type { TailwindThemes } from '../../templates/tailwind/themes.ts';
import { apiKeySecurity, errorResponses } from '../schemas/common.ts';

export interface TailwindRouteDeps {
  themes: TailwindThemes;
  maxThemeBytes: number;
}

const ThemeReply = Type.Object({
  css: Type.String(),
  sha256: Type.String(),
  updated_at: Type.String(),
});

const themeReply = (theme: StoredTailwindTheme) => ({
  css: theme.css,
  sha256: theme.sha256,
  updated_at: theme.updatedAt,
});

const notFound = () =>
  new PlacardError(
    'TAILWIND_THEME_NOT_FOUND',
    'This account has no Tailwind theme; store one with PUT /v1/tailwind/theme.',
  );

/** Registered inside the authenticated /v1 scope, as its own plugin: the text/css parser stays here. */
export function tailwindRoutes(deps: TailwindRouteDeps) {
  return async (app: FastifyInstance): Promise<void> => {
    const { themes, maxThemeBytes } = deps;
    // Room for JSON escaping; the theme's own limit is checked on the CSS (TAILWIND_THEME_TOO_LARGE).
    const bodyLimit = maxThemeBytes * 6 + 1024;
    app.addContentTypeParser('text/css', { parseAs: 'string', bodyLimit }, (_request, body, done) =>
      done(null, body),
    );

    app.put(
      '/v1/tailwind/theme',
      {
        bodyLimit,
        schema: {
          summary: 'Store this account’s Tailwind theme',
          description:
            'CSS `@theme { ... }` blocks (custom properties such as `--color-brand` or `--font-display`, and `@keyframes`), as JSON `{"css": "..."}` or as a text/css body. Checked with the Tailwind compiler; replaces any earlier theme. Every template of the account then compiles its classes with it (`bg-brand`, `font-display`).',
          tags: ['tailwind'],
          security: apiKeySecurity,
          body: Type.Union([
            Type.Object({ css: Type.String() }, { additionalProperties: false }),
            Type.String(),
          ]),
          response: { 200: ThemeReply, ...errorResponses(400, 401, 413, 415) },
        },
      },
      async (request) => {
        const body = request.body as { css: string } | string;
        const css = typeof body === 'string' ? body : body.css;
        if (css.trim() === '') {
          throw new PlacardError(
            'TAILWIND_THEME_INVALID',
            `The theme is empty; send CSS \`@theme { ... }\` blocks (to remove the theme, DELETE /v1/tailwind/theme); received ${describeValue(css)}.`,
          );
        }
        return themeReply(await themes.put(request.auth.accountId, css));
      },
    );

    app.get(
      '/v1/tailwind/theme',
      {
        schema: {
          summary: 'Read this account’s Tailwind theme',
          tags: ['tailwind'],
          security: apiKeySecurity,
          response: { 200: ThemeReply, ...errorResponses(401, 404) },
        },
      },
      async (request) => {
        const theme = await themes.get(request.auth.accountId);
        if (!theme) throw notFound();
        return themeReply(theme);
      },
    );

    app.delete(
      '/v1/tailwind/theme',
      {
        schema: {
          summary: 'Remove this account’s Tailwind theme (templates compile with Tailwind’s own again)',
          tags: ['tailwind'],
          security: apiKeySecurity,
          response: { 204: Type.Null(), ...errorResponses(401, 404) },
        },
      },
      async (request, reply) => {
        if (!(await themes.delete(request.auth.accountId))) throw notFound();
        return reply.status(204).send();
      },
    );
  };
}
