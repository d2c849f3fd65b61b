// /v1/fonts: an account uploads its own fonts (multipart field `file`, or the raw file as the
// body), lists them beside the bundled families, and deletes them. Family, weight and style come
// from the font's own tables unless the upload overrides them (form fields or query parameters).
import multipart from '@fastify/multipart';
import { Type } from '@sinclair/typebox';
import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import { describeValue, PlacardError } from '../../errors/placard-error.ts';
import { bundledFamilySummaries, summarize } from '../../fonts/bundled-list.ts';
import type { FontLibrary, FontOverrides } from '../../fonts/library.ts';
import type { StoredFont } from '../../storage/db/index.ts';
import { apiKeySecurity, errorResponses } from '../schemas/common.ts';

export interface FontRouteDeps {
  fonts: FontLibrary;
  maxFontBytes: number;
}

const FontReply = Type.Object({
  id: Type.String(),
  family: Type.String(),
  weight: Type.Integer({
    description: 'The weight it is declared at (a variable font: its default instance).',
  }),
  weight_range: Type.Union([Type.Object({ min: Type.Integer(), max: Type.Integer() }), Type.Null()], {
    description:
      "A variable font's wght axis: every weight from min to max draws a real instance (not a synthetic bold). Null for a static font.",
  }),
  style: Type.String(),
  format: Type.String(),
  bytes: Type.Integer(),
  scripts: Type.Array(Type.String()),
  sha256: Type.String(),
  created_at: Type.String(),
});

const FamilyReply = Type.Object({
  family: Type.String(),
  weights: Type.Array(Type.Integer()),
  styles: Type.Array(Type.String()),
  scripts: Type.Array(Type.String()),
});

const fontReply = (font: StoredFont) => ({
  id: font.id,
  family: font.family,
  weight: font.weight,
  weight_range: font.weightRange,
  style: font.style,
  format: font.format,
  bytes: font.bytes,
  scripts: font.scripts,
  sha256: font.sha256,
  created_at: font.createdAt,
});

const RAW_TYPES = [
  'application/octet-stream',
  'font/ttf',
  'font/otf',
  'font/woff',
  'font/woff2',
  'font/sfnt',
];

/** Registered inside the authenticated /v1 scope, as its own plugin: multipart and raw bodies stay here. */
export function fontRoutes(deps: FontRouteDeps) {
  return async (app: FastifyInstance): Promise<void> => {
    const { fonts, maxFontBytes } = deps;
    await app.register(multipart, { limits: { fileSize: maxFontBytes, files: 1, fields: 8 } });
    app.addContentTypeParser(
      RAW_TYPES,
      { parseAs: 'buffer', bodyLimit: maxFontBytes },
      (_request, body, done) => done(null, body),
    );
    // Too large, however it arrived, is FONT_TOO_LARGE; every other error goes to the app's handler.
    app.setErrorHandler((error: FastifyError, request) => {
      if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || error.code === 'FST_REQ_FILE_TOO_LARGE') {
        throw tooLarge(maxFontBytes, request.headers['content-length']);
      }
      throw error;
    });

    app.post(
      '/v1/fonts',
      {
        schema: {
          summary: 'Upload a font (TTF, OTF, WOFF or WOFF2) for this account',
          description:
            'multipart/form-data with the file in `file` (and optional `family`, `weight`, `style` fields), or the raw file as the body (application/octet-stream or font/*) with the overrides as query parameters.',
          tags: ['fonts'],
          security: apiKeySecurity,
          querystring: Type.Object({
            family: Type.Optional(Type.String({ maxLength: 200 })),
            weight: Type.Optional(Type.String({ maxLength: 8 })),
            style: Type.Optional(Type.String({ maxLength: 16 })),
          }),
          response: { 201: FontReply, ...errorResponses(400, 401, 409, 413, 415, 422) },
        },
      },
      async (request, reply) => {
        const { bytes, fields } = await readUpload(request, maxFontBytes);
        const query = request.query as Record<string, string | undefined>;
        const overrides = parseOverrides({ ...query, ...fields });
        const font = await fonts.add(request.auth.accountId, bytes, overrides);
        return reply.status(201).send(fontReply(font));
      },
    );

    app.get(
      '/v1/fonts',
      {
        schema: {
          summary: 'List the bundled families and this account’s fonts',
          tags: ['fonts'],
          security: apiKeySecurity,
          response: {
            200: Type.Object({
              bundled: Type.Array(FamilyReply),
              account: Type.Array(Type.Object({ ...FamilyReply.properties, fonts: Type.Array(FontReply) })),
            }),
            ...errorResponses(401),
          },
        },
      },
      async (request) => {
        const own = await fonts.list(request.auth.accountId);
        const families = summarize(own);
        return {
          bundled: bundledFamilySummaries(),
          account: families.map((family) => ({
            ...family,
            fonts: own.filter((font) => font.family === family.family).map(fontReply),
          })),
        };
      },
    );

    app.delete<{ Params: { id: string } }>(
      '/v1/fonts/:id',
      {
        schema: {
          summary: 'Delete one of this account’s fonts',
          tags: ['fonts'],
          security: apiKeySecurity,
          params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
          response: { 204: Type.Null(), ...errorResponses(401, 404) },
        },
      },
      async (request, reply) => {
        await fonts.remove(request.auth.accountId, request.params.id);
        return reply.status(204).send();
      },
    );
  };
}

async function readUpload(
  request: FastifyRequest,
  maxFontBytes: number,
): Promise<{ bytes: Buffer; fields: Record<string, string> }> {
  const fields: Record<string, string> = {};
  if (!request.isMultipart()) {
    const body = request.body;
    if (!Buffer.isBuffer(body) || body.length === 0) {
      throw new PlacardError(
        'VALIDATION_FAILED',
        `Send the font as multipart/form-data in a field named "file", or as the raw body with Content-Type application/octet-stream or font/*; received ${Buffer.isBuffer(body) ? 'an empty body' : `Content-Type ${describeValue(request.headers['content-type'] ?? 'none')}`}.`,
        { details: { field: 'file', allowed: ['multipart/form-data', ...RAW_TYPES] } },
      );
    }
    return { bytes: body, fields };
  }
  let bytes: Buffer | undefined;
  for await (const part of request.parts()) {
    if (part.type === 'file') {
      const data = await part.toBuffer(); // throws FST_REQ_FILE_TOO_LARGE past the limit
      if (part.fieldname === 'file') bytes = data;
    } else if (typeof part.value === 'string') {
      fields[part.fieldname] = part.value;
    }
  }
  if (!bytes || bytes.length === 0) {
    throw new PlacardError(
      'VALIDATION_FAILED',
      `The multipart body has no font in a file field named "file"${bytes ? ' (it is empty)' : ''}; received fields ${describeValue(Object.keys(fields))}.`,
      { details: { field: 'file' } },
    );
  }
  if (bytes.length > maxFontBytes) throw tooLarge(maxFontBytes, String(bytes.length));
  return { bytes, fields };
}

export function parseOverrides(fields: Record<string, string | undefined>): FontOverrides {
  const overrides: FontOverrides = {};
  if (fields.family !== undefined && fields.family.trim() !== '') overrides.family = fields.family;
  if (fields.weight !== undefined && fields.weight !== '') {
    const weight = Number(fields.weight);
    if (!Number.isInteger(weight) || weight < 1 || weight > 1000) {
      throw new PlacardError(
        'VALIDATION_FAILED',
        `weight must be an integer from 1 to 1000 (400 regular, 700 bold); received ${describeValue(fields.weight)}.`,
        { details: { field: 'weight', received: fields.weight } },
      );
    }
    overrides.weight = weight;
  }
  if (fields.style !== undefined && fields.style !== '') {
    if (fields.style !== 'normal' && fields.style !== 'italic') {
      throw new PlacardError(
        'VALIDATION_FAILED',
        `style must be "normal" or "italic"; received ${describeValue(fields.style)}.`,
        { details: { field: 'style', received: fields.style } },
      );
    }
    overrides.style = fields.style;
  }
  return overrides;
}

function tooLarge(allowed: number, received: string | undefined): PlacardError {
  return new PlacardError(
    'FONT_TOO_LARGE',
    `The font file is larger than the ${allowed} bytes allowed (PLACARD_MAX_FONT_BYTES); received ${received ?? 'more'} bytes.`,
    { details: { allowed, received } },
  );
}
