// RasterKit's signed GET variant: `GET /v1/image?<render fields>&account_id=…&expires=…&signature=…`,
// no key needed. The render fields are the POST body's, one query parameter each (variables
// as JSON in `variables`, or one `variables[name]=value` each). `expires` is unix seconds;
// `signature` is the hex HMAC-SHA256, with the install's URL signing key, of
// "rasterkit:GET /v1/image?" + the canonical query (every other parameter, sorted, encoded).
// Placard mints them (POST /v1/signed-urls): the key is the server's, never the client's.
import { describeValue, PlacardError } from '../../../errors/placard-error.ts';
import { canonicalQuery, type Signer } from '../../../core/signing.ts';
import type { ImageQuery } from './schemas.ts';

const SIGNED_PARAMS = new Set(['account_id', 'expires', 'signature']);
const NUMERIC = new Set(['width', 'height', 'device_scale_factor', 'quality', 'timeout_ms', 'cache_ttl']);
const VARIABLE = /^variables\[(.+)\]$/;

// The route is part of what is signed, and the prefix keeps these signatures apart from the
// other URLs the same key signs (native and HTMLPix signed images).
const signedMessage = (params: URLSearchParams) =>
  `rasterkit:GET /v1/image?${canonicalQuery([...params].filter(([name]) => name !== 'signature'))}`;

const invalid = (message: string) => new PlacardError('VALIDATION_FAILED', message);

/** The render fields as query parameters, in the form queryFields reads back. */
export function fieldsToQuery(fields: ImageQuery): URLSearchParams {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    params.set(name, name === 'variables' ? JSON.stringify(value) : String(value));
  }
  return params;
}

export function signImageQuery(signer: Signer, params: URLSearchParams, accountId: string, expires: number) {
  params.set('account_id', accountId);
  params.set('expires', String(expires));
  params.set('signature', signer.sign(signedMessage(params)));
  return params;
}

/** Checks the signature, then the expiry (an expired forgery is still a forgery). */
export function verifyImageQuery(signer: Signer, params: URLSearchParams, now = Date.now()) {
  const signature = params.get('signature') ?? '';
  if (!signer.verify(signedMessage(params), signature)) {
    throw new PlacardError(
      'INVALID_SIGNATURE',
      'The URL signature does not match its parameters: a parameter was changed, or the signing key was retired.',
    );
  }
  const expires = Number(params.get('expires'));
  const accountId = params.get('account_id');
  if (!Number.isFinite(expires) || !accountId) {
    throw new PlacardError('INVALID_SIGNATURE', 'A signed URL needs its expires and account_id parameters.');
  }
  if (expires * 1000 <= now) {
    const at = new Date(expires * 1000).toISOString();
    throw new PlacardError('URL_EXPIRED', `The URL expired at ${at}; sign a new one.`, {
      details: { expired_at: at },
    });
  }
  return { accountId, expires };
}

/** The query's render fields as a body-shaped object, for the same schema as POST to check. */
export function queryFields(params: URLSearchParams): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  const variables: Record<string, unknown> = {};
  const seen = new Set<string>();
  for (const [name, value] of params) {
    if (seen.has(name)) throw invalid(`query parameter ${name} is given more than once; send it once.`);
    seen.add(name);
    if (SIGNED_PARAMS.has(name)) continue;
    const variable = VARIABLE.exec(name)?.[1];
    if (variable !== undefined) variables[variable] = value;
    else if (name === 'variables') Object.assign(variables, parseVariables(value));
    else fields[name] = NUMERIC.has(name) && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
  }
  if (Object.keys(variables).length > 0) fields.variables = variables;
  return fields;
}

function parseVariables(text: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw invalid(
      `query.variables must be a JSON object (or use variables[name]=value); received: ${describeValue(text)}`,
    );
  }
  return parsed as Record<string, unknown>;
}
