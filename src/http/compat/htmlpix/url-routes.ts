// POST /v1/url and POST /v1/urls: mint signed, expiring public image URLs. Each minted URL is
// one unit of quota (feature signed_urls); a batch is all or nothing, so a bad item refunds
// the whole charge and the reply names the item. Fetching the image later is free.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from '../../../config.ts';
import { isPlacardError, PlacardError } from '../../../errors/placard-error.ts';
import { admitted, type Admission } from '../../admission.ts';
import { originOf } from '../../origin.ts';
import type { Minted, Minter } from './mint.ts';
import { UrlItem, UrlsBody } from './schemas.ts';

export interface UrlRouteDeps {
  minter: Minter;
  admission: Admission;
  config: Config;
  imagePath: string;
}

const tags = ['htmlpix'];

/** Says which batch item failed, keeping the code and status. */
function atItem(error: unknown, index: number): unknown {
  if (!isPlacardError(error)) return error;
  return new PlacardError(error.code, `items[${index}]: ${error.message}`, {
    cause: error,
    details: { ...error.details, item: index },
    headers: error.headers,
  });
}

export function htmlpixUrlRoutes(app: FastifyInstance, deps: UrlRouteDeps): void {
  const mint = (request: FastifyRequest, item: UrlItem): Promise<Minted> =>
    deps.minter.mint(request.auth.accountId, item, originOf(request, deps.config.baseUrl), deps.imagePath);

  app.post<{ Body: UrlItem }>(
    '/v1/url',
    { schema: { summary: 'Mint a signed public URL for one image', tags, body: UrlItem } },
    async (request, reply) => {
      const minted = await admitted(deps.admission, request, reply, ['signed_urls'], async () => ({
        value: await mint(request, request.body),
        outcome: 'drawn',
      }));
      return { url: minted.url, expiresAt: minted.expiresAt };
    },
  );

  app.post<{ Body: UrlsBody }>(
    '/v1/urls',
    {
      schema: {
        summary: 'Mint up to 25 signed URLs in one call',
        description:
          'All or nothing: the reply (`{ urls: [...] }`, as in the HTMLPix doc) has no place for one item’s ' +
          'error, so a bad item fails the call with its error, a message starting `items[i]:`, and nothing charged.',
        tags,
        body: UrlsBody,
      },
    },
    async (request, reply) => {
      const { items } = request.body;
      const urls = await admitted(
        deps.admission,
        request,
        reply,
        ['signed_urls'],
        async () => ({
          value: await Promise.all(
            items.map(async (item, i) => {
              try {
                return await mint(request, item);
              } catch (error) {
                throw atItem(error, i);
              }
            }),
          ),
          outcome: 'drawn',
        }),
        items.length,
      );
      return { urls };
    },
  );
}
