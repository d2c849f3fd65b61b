// The Handlebars helpers a card designer expects, beyond the built-in if/each/with/unless.
// Every helper tolerates missing or odd input (a missing variable renders empty, never throws).
import { format as formatDate, isValid } from 'date-fns';
import type { HelperDelegate, HelperOptions } from 'handlebars';

const text = (value: unknown): string => (value === undefined || value === null ? '' : String(value));

/** Handlebars passes its options object as the last argument; drop it from optional args. */
const isOptions = (value: unknown): value is HelperOptions =>
  typeof value === 'object' && value !== null && 'hash' in value && 'data' in value;
const arg = (value: unknown): unknown => (isOptions(value) ? undefined : value);

function truncate(value: unknown, length: unknown, suffix: unknown): string {
  const chars = Array.from(text(value)); // code points, so an emoji is never cut in half
  const max = Number(arg(length));
  if (!Number.isFinite(max) || max < 0 || chars.length <= max) return chars.join('');
  const tail = arg(suffix) === undefined ? '…' : text(arg(suffix));
  return chars.slice(0, max).join('').trimEnd() + tail;
}

function date(value: unknown, pattern: unknown): string {
  const input = arg(value);
  if (input === undefined || input === null || input === '') return '';
  const when = input === 'now' ? new Date() : new Date(input as string | number);
  if (!isValid(when)) return text(input);
  const fmt = arg(pattern) === undefined ? 'MMM d, yyyy' : text(arg(pattern));
  try {
    return formatDate(when, fmt);
  } catch {
    return text(input); // an invalid pattern shows the raw value rather than failing the card
  }
}

export const helpers: Record<string, HelperDelegate> = {
  uppercase: (value: unknown) => text(arg(value)).toUpperCase(),
  lowercase: (value: unknown) => text(arg(value)).toLowerCase(),
  capitalize: (value: unknown) => {
    const s = text(arg(value));
    return s.charAt(0).toUpperCase() + s.slice(1);
  },
  truncate,
  /** `{{default title "Untitled"}}`: the fallback when the value is missing or empty. */
  default: (value: unknown, fallback: unknown) => {
    const v = arg(value);
    return v === undefined || v === null || v === '' ? arg(fallback) : v;
  },
  /** `{{date published "d MMMM yyyy"}}` with date-fns patterns; `"now"` is the render time. */
  date,
  eq: (a: unknown, b: unknown) => arg(a) === arg(b),
  /** `{{join tags ", "}}` for arrays. */
  join: (list: unknown, separator: unknown) =>
    Array.isArray(list)
      ? list.map(text).join(arg(separator) === undefined ? ', ' : text(separator))
      : text(arg(list)),
};
