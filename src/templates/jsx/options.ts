// Checks a template's `export const options` (as evaluated in the sandbox) against the same
// limits a render request has, so a saved template can never default to an impossible render.
import { describeValue, PlacardError } from '../../errors/placard-error.ts';
import { outputFormats, type OutputFormat } from '../../core/render-request.ts';
import type { JsxOptions } from './types.ts';

type Check = (value: unknown) => boolean;

const isInteger =
  (min: number, max: number): Check =>
  (v) =>
    Number.isInteger(v) && (v as number) >= min && (v as number) <= max;

// Same ranges as the POST /v1/render body (src/http/schemas/render.ts).
const rules: Record<keyof JsxOptions, { allowed: string; check: Check }> = {
  width: { allowed: 'an integer from 1 to 4096', check: isInteger(1, 4096) },
  height: { allowed: 'an integer from 1 to 4096', check: isInteger(1, 4096) },
  format: { allowed: outputFormats.join(', '), check: (v) => outputFormats.includes(v as OutputFormat) },
  quality: { allowed: 'an integer from 1 to 100', check: isInteger(1, 100) },
  devicePixelRatio: {
    allowed: 'a number from 1 to 3',
    check: (v) => typeof v === 'number' && Number.isFinite(v) && v >= 1 && v <= 3,
  },
};

function fail(message: string, details: Record<string, unknown>): PlacardError {
  return new PlacardError('TEMPLATE_COMPILE_FAILED', message, { details: { field: 'options', ...details } });
}

/** `undefined` (no options export) is `{}`; anything else must be an object of known keys. */
export function checkOptions(value: unknown): JsxOptions {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw fail(
      `Template options must be an object such as { width: 1200, height: 630 }; received ${describeValue(value)}.`,
      { received: value },
    );
  }
  const options: Record<string, unknown> = {};
  for (const [key, option] of Object.entries(value)) {
    const rule = rules[key as keyof JsxOptions] as (typeof rules)[keyof JsxOptions] | undefined;
    if (!rule) {
      throw fail(
        `Template options has an unknown key "${key}"; allowed: ${Object.keys(rules).join(', ')}; received: ${key}.`,
        { key },
      );
    }
    if (option === undefined) continue;
    if (!rule.check(option)) {
      throw fail(`Template options.${key} must be ${rule.allowed}; received ${describeValue(option)}.`, {
        key,
        allowed: rule.allowed,
        received: option,
      });
    }
    options[key] = option;
  }
  return options as JsxOptions;
}
