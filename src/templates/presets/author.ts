// The author block: an accent disc with the author's initials, then the name.
import { escapeHtml, px, styleAttr } from '../elements/html.ts';
import type { Card, Css } from './card.ts';
import { div } from './parts.ts';
import { ink, textOn, withAlpha } from './theme.ts';

const HAN_KANA_HANGUL = /[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/u;

/**
 * One or two initials of the author's name, by grapheme so accents and emoji stay whole.
 * Punctuation is skipped; CJK names take their first character only (the family name).
 */
export function initials(name: string): string {
  const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  const first = (word: string) =>
    [...segmenter.segment(word)]
      .map((part) => part.segment)
      .find((g) => /[\p{L}\p{N}\p{Extended_Pictographic}]/u.test(g)) ?? '';
  const words = name.split(/\s+/).map(first).filter(Boolean);
  const count = words[0] !== undefined && HAN_KANA_HANGUL.test(words[0]) ? 1 : 2;
  return words.slice(0, count).join('').toUpperCase();
}

/** The author: an accent disc with initials, then the name. */
export function author(c: Card, css: Css = {}): string {
  const { values: v, s } = c;
  if (!v.author) return '';
  const disc = div(
    {
      display: 'flex',
      'align-items': 'center',
      'justify-content': 'center',
      width: px(44 * s),
      height: px(44 * s),
      'flex-shrink': 0,
      'border-radius': '50%',
      background: `linear-gradient(135deg, ${v.accent}, ${withAlpha(v.accent, 0.55)})`,
      color: textOn(v.accent),
      'font-size': px(17 * s),
      'font-weight': 700,
    },
    escapeHtml(initials(v.author)),
  );
  const name = `<span style="${styleAttr({ color: ink.author, 'font-weight': 700 })}">${escapeHtml(v.author)}</span>`;
  const row: Css = {
    display: 'flex',
    'align-items': 'center',
    gap: px(14 * s),
    'font-size': px(20 * s),
    ...css,
  };
  return div(row, disc + name, ' class="author"');
}
