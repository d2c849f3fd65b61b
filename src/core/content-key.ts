// The content key of a render: everything that decides its pixels — the template's content
// (hash or id@version), the variables (canonical JSON, so key order does not matter), the
// final options and the engine version. Identical keys are identical images.
import { createHash } from 'node:crypto';
import stringify from 'safe-stable-stringify';
import type { RenderOptions } from './render-request.ts';

export function contentKey(parts: {
  template: string;
  variables: Record<string, unknown>;
  options: RenderOptions;
  engine: string;
}): string {
  const text = stringify([parts.template, parts.variables, parts.options, parts.engine]) ?? '';
  return createHash('sha256').update(text).digest('base64url');
}
