// Ids and timestamps. Ids are a type prefix plus 16 base64url characters (96 random bits):
// unguessable, so an id alone never reveals whether another account's object exists.
import { randomBytes } from 'node:crypto';

export type IdPrefix = 'acc' | 'key' | 'tpl' | 'rnd' | 'job' | 'whd' | 'fnt' | 'bat';

export function newId(prefix: IdPrefix): string {
  return `${prefix}_${randomBytes(12).toString('base64url')}`;
}

/** ISO-8601 in UTC with milliseconds: fixed width, so text order is time order on every backend. */
export function now(): string {
  return new Date().toISOString();
}
