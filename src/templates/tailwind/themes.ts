// An account's Tailwind theme: CSS `@theme { ... }` blocks (colours, fonts, spacing) that every
// template of the account compiles with. Stored in the database so every node sees it; a render
// reads it through a short per-account cache, like font sets: a change made on this node is seen
// at once, one made on another node within THEME_CACHE_MS. The theme's hash is part of the
// compile cache key (compile.ts) and of the render cache key (pipeline).
import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import postcss, { type Root } from 'postcss';
import { describeValue, PlacardError } from '../../errors/placard-error.ts';
import type { Database, StoredTailwindTheme } from '../../storage/db/index.ts';
import { tailwind, type TailwindTheme } from './compile.ts';

export const THEME_CACHE_MS = 2_000;

export interface TailwindThemes {
  /** The account's theme for a render, or undefined for none. */
  forRender(accountId: string): Promise<TailwindTheme | undefined>;
  get(accountId: string): Promise<StoredTailwindTheme | undefined>;
  /** Checks the CSS with the Tailwind compiler, then stores it; throws TAILWIND_THEME_* on bad input. */
  put(accountId: string, css: string): Promise<StoredTailwindTheme>;
  /** false when the account had no theme. */
  delete(accountId: string): Promise<boolean>;
}

export function createTailwindThemes(db: Database, limits: { maxBytes: number }): TailwindThemes {
  const cached = new LRUCache<string, Promise<TailwindTheme | false>>({ max: 10_000, ttl: THEME_CACHE_MS });
  return {
    forRender(accountId) {
      let pending = cached.get(accountId);
      if (!pending) {
        pending = db.tailwindThemes
          .get(accountId)
          .then((theme) => (theme ? { css: theme.css, sha256: theme.sha256 } : false));
        cached.set(accountId, pending);
        pending.catch(() => cached.delete(accountId));
      }
      return pending.then((theme) => theme || undefined);
    },
    get: (accountId) => db.tailwindThemes.get(accountId),
    async put(accountId, css) {
      await checkTheme(css, limits.maxBytes);
      const stored = await db.tailwindThemes.put(accountId, css, themeHash(css));
      cached.delete(accountId);
      return stored;
    },
    async delete(accountId) {
      const removed = await db.tailwindThemes.delete(accountId);
      cached.delete(accountId);
      return removed;
    },
  };
}

export function themeHash(css: string): string {
  return createHash('sha256').update(css).digest('hex');
}

const ALLOWED =
  'only CSS `@theme { ... }` blocks (custom properties such as --color-brand or --font-display, and @keyframes)';

/**
 * A theme is accepted when it is nothing but `@theme` blocks (no @import, @plugin or plain rules:
 * it must not reach files or code, nor style every card) and Tailwind's compiler takes it.
 */
export async function checkTheme(css: string, maxBytes: number): Promise<void> {
  const bytes = Buffer.byteLength(css);
  if (bytes > maxBytes) {
    throw new PlacardError(
      'TAILWIND_THEME_TOO_LARGE',
      `The Tailwind theme is ${bytes} bytes; at most ${maxBytes} bytes are allowed (PLACARD_MAX_TAILWIND_THEME_BYTES).`,
      { details: { allowed: maxBytes, received: bytes } },
    );
  }
  // The compiled CSS goes into a <style> element: its end tag inside a value would end it early.
  const styleEnd = /<\/style/i.exec(css);
  if (styleEnd) {
    throw invalid(
      `A theme may not contain "</style" (at character ${styleEnd.index}); it may hold ${ALLOWED}.`,
    );
  }
  const outside = outsideThemeBlocks(css);
  if (outside !== undefined) {
    throw invalid(
      `A theme may hold ${ALLOWED}; received ${describeValue(outside, 60)} outside any @theme block.`,
    );
  }
  try {
    (await tailwind({ css, sha256: themeHash(css) })).build([]);
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message.split('\n')[0] : String(cause);
    throw invalid(`The Tailwind compiler refused the theme: ${reason} A theme may hold ${ALLOWED}.`, cause);
  }
}

function invalid(message: string, cause?: unknown): PlacardError {
  return new PlacardError('TAILWIND_THEME_INVALID', message, { cause });
}

/**
 * The first node outside `@theme [modifiers] { ... }` blocks (comments aside), or undefined when
 * there is none. Parsed by postcss, not scanned by hand; CSS postcss cannot parse (an unclosed
 * block) is left to the Tailwind compiler, whose message says what is wrong.
 */
function outsideThemeBlocks(css: string): string | undefined {
  let root: Root;
  try {
    root = postcss.parse(css);
  } catch {
    return undefined;
  }
  const stray = root.nodes.find(
    (node) => node.type !== 'comment' && !(node.type === 'atrule' && node.name === 'theme'),
  );
  return stray?.toString().trim();
}
