// Account fonts in the native engine. Takumi keeps one font registry per renderer, shared by every
// render, and a template may name any family in it; so an account's family is registered under a
// name no template can write (a random per-process token plus a hash of the family's faces), and
// only that account's documents are rewritten to use it. Another account naming "Brand Sans" gets
// the fallback, exactly as if the font did not exist. A family whose faces change gets a new name,
// so a removed face is never drawn again (Takumi cannot unregister; the old faces stay in memory
// until the process restarts, bounded by what accounts upload).
import { createHash, randomBytes } from 'node:crypto';
import type { Node, Renderer } from '@takumi-rs/core';
import { normalizeFamilyName } from '../../fonts/catalog.ts';
import { facesByFamily, type FontFace, type FontSet } from '../../fonts/font-set.ts';
import { shorthandFamiliesAt, splitFamilies } from './scan.ts';

const TOKEN = randomBytes(8).toString('hex');

/** Whether a document names a private family itself (it learned the token somehow): rewritten too. */
export function namesPrivateFamily(familyLists: readonly string[]): boolean {
  return familyLists.some((list) => list.toLowerCase().includes(TOKEN));
}

/** A face of the render's font set, with the family name it is registered under. */
export interface BoundFace {
  face: FontFace;
  name: string;
}

/** Private registry names for the set's families that the lists name, or undefined for none. */
export function familiesUsed(
  set: FontSet | undefined,
  familyLists: readonly string[],
): Map<string, BoundFace[]> {
  const used = new Map<string, BoundFace[]>();
  if (!set || set.faces.length === 0) return used;
  const families = facesByFamily(set);
  for (const list of familyLists) {
    for (const raw of splitFamilies(list.replace(/!important\s*$/i, ''))) {
      const key = normalizeFamilyName(raw);
      const faces = families.get(key);
      if (!faces || used.has(key)) continue;
      const hash = createHash('sha256');
      for (const face of faces) hash.update(`${face.id}\n`);
      const name = `placard-${TOKEN}-${hash.digest('hex').slice(0, 16)}`;
      used.set(
        key,
        faces.map((face) => ({ face, name })),
      );
    }
  }
  return used;
}

/** Rewrites every family list of the document (styles and sheets) to the private names, in place. */
export function rewriteFamilies(node: Node, css: string[], used: ReadonlyMap<string, BoundFace[]>): void {
  const list = (value: string): string =>
    splitFamilies(value)
      .map((raw) => {
        const key = normalizeFamilyName(raw.replace(/!important\s*$/i, ''));
        // A private name the document wrote itself never reaches a registered face.
        const name = key.includes(TOKEN) ? 'placard-unavailable' : used.get(key)?.[0]?.name;
        return name ? `"${name}"${/!important\s*$/i.test(raw) ? ' !important' : ''}` : raw;
      })
      .join(', ');
  const shorthand = (value: string): string => {
    const at = shorthandFamiliesAt(value);
    return at < 0 ? value : `${value.slice(0, at)}${list(value.slice(at))}`;
  };
  const visit = (current: Node): void => {
    const style = current.style as Record<string, unknown> | undefined;
    if (style && typeof style.fontFamily === 'string') style.fontFamily = list(style.fontFamily);
    if (style && typeof style.font === 'string') style.font = shorthand(style.font);
    if (current.type === 'container') for (const child of current.children ?? []) visit(child);
  };
  visit(node);
  for (let i = 0; i < css.length; i += 1) {
    css[i] = (css[i] ?? '')
      .replace(
        /(^|[{;\s])(font-family\s*:\s*)([^;}]+)/gi,
        (_, before: string, prop: string, value: string) => {
          return `${before}${prop}${list(value)}`;
        },
      )
      .replace(/(^|[{;\s])(font\s*:\s*)([^;}]+)/gi, (_, before: string, prop: string, value: string) => {
        return `${before}${prop}${shorthand(value)}`;
      });
  }
}

export interface AccountFontRegistry {
  /** Resolves once every face in `faces` is registered; undefined when there is nothing to wait for. */
  ensure(faces: readonly BoundFace[]): Promise<void> | undefined;
}

/** Registers each (private name, face) once per renderer, on first use; a failed load is retried next time. */
export function createAccountFontRegistry(renderer: Renderer): AccountFontRegistry {
  const registered = new Map<string, Promise<void>>();
  return {
    ensure(faces) {
      if (faces.length === 0) return undefined;
      const pending = faces.map(({ face, name }) => {
        const key = `${name}\n${face.id}`;
        let done = registered.get(key);
        if (!done) {
          done = face.load().then(async (data) => {
            await renderer.registerFont({ name, data, weight: face.weight, style: face.style });
          });
          registered.set(key, done);
          const mine = done;
          mine.catch(() => {
            if (registered.get(key) === mine) registered.delete(key);
          });
        }
        return done;
      });
      return Promise.all(pending).then(() => undefined);
    },
  };
}
