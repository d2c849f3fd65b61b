// `border-image` with a gradient source. Takumi ignores border-image and draws the plain border.
// A browser (CSS Backgrounds 3, §6) draws the gradient at the size of the border box, cuts it in
// nine by the slices and stretches each border piece onto its part of the border area; the border
// colour is not drawn. When every slice equals its border width the pieces land where they were
// cut: the picture is the gradient over the border box, shown only on the border area. That is
// what is written here: a transparent border and the gradient as the background, from the border
// box and clipped to the border area (`background-clip: border-area`, which Takumi draws), or to
// the whole border box with `fill` (the middle piece covers the padding box then).
//
// Exact when the slices equal the border widths. The common `border-image: <gradient> 1` slices
// 1px, less than the border: the browser then shows the gradient's outermost pixel row stretched
// across each border, so every border pixel here shows the gradient at most √2 border widths
// from where the browser samples it (less in the edges' middles). That is applied too, for linear gradients only (they change evenly
// along one axis): measured on fidelity/cases/border-image (24px border, slice 1) at mean Δ 0.34
// of 255, against 12.32 for the plain border. Left as written (auto sends it to Chromium): other
// sources (url(), a radial or conic gradient cut unevenly), slices in % or larger than the border,
// border-image-width/-outset, a non-stretch repeat with uneven slices, a border-radius (the border
// image ignores it, border-area does not), a background of the element's own (the single clip
// would cut it to the border too), a border style other than solid, widths the cascade here cannot
// read, or a longhand.
import type { Element } from 'domhandler';
import type { Declaration } from 'postcss';
import valueParser from 'postcss-value-parser';
import type { Computed } from './computed.ts';
import { appendInline, cascaded, dropReplaced, elements } from './dom.ts';
import { lengthPx } from './math.ts';

const SIDES = ['top', 'right', 'bottom', 'left'] as const;
const KEYWORD_WIDTHS: Record<string, number> = { thin: 1, medium: 3, thick: 5 };
const STYLES = /^(?:none|hidden|dotted|dashed|solid|double|groove|ridge|inset|outset)$/;
const GRADIENT = /^(?:repeating-)?(?:linear|radial|conic)-gradient$/;

/** Every property that could change what the rewrite draws, other than those read below. */
const MUST_BE_UNSET = [
  'border-image-source',
  'border-image-slice',
  'border-image-width',
  'border-image-outset',
  'border-image-repeat',
  'border-radius',
  'border-top-left-radius',
  'border-top-right-radius',
  'border-bottom-right-radius',
  'border-bottom-left-radius',
  'background',
  'background-color',
  'background-image',
  'background-clip',
  'background-origin',
  'background-size',
  'background-position',
  'background-repeat',
  ...SIDES.flatMap((side) => [`border-${side}`, `border-${side}-width`, `border-${side}-style`]),
  ...SIDES.map((side) => `border-${side}-color`),
];

export interface BorderImage {
  gradient: string;
  /** top, right, bottom, left, in image px. */
  slices: number[];
  fill: boolean;
  stretch: boolean;
  linear: boolean;
}

/** Reads `<gradient> <number>{1,4} [fill] [stretch{1,2}|repeat|round|space]`, or undefined. */
export function parseBorderImage(value: string): BorderImage | undefined {
  const nodes = valueParser(value).nodes.filter((node) => node.type !== 'space');
  const source = nodes[0];
  if (source?.type !== 'function' || !GRADIENT.test(source.value.toLowerCase())) return undefined;
  const slices: number[] = [];
  let fill = false;
  const repeats: string[] = [];
  for (const node of nodes.slice(1)) {
    const word = node.type === 'word' ? node.value.toLowerCase() : undefined;
    if (word === undefined) return undefined; // a `/` (width, outset) or another function
    if (word === 'fill') fill = true;
    else if (/^(?:stretch|repeat|round|space)$/.test(word)) repeats.push(word);
    else if (/^\d*\.?\d+$/.test(word) && repeats.length === 0) slices.push(Number(word));
    else return undefined;
  }
  if (slices.length === 0 || slices.length > 4 || repeats.length > 2) return undefined;
  const [t = 0, r = t, b = t, l = r] = slices;
  return {
    gradient: valueParser.stringify(source),
    slices: [t, r, b, l],
    fill,
    stretch: repeats.every((repeat) => repeat === 'stretch'),
    linear: source.value.toLowerCase() === 'linear-gradient',
  };
}

/** Whether the gradient over the border box draws what the browser's nine pieces draw (see top). */
export function drawsAsGradient(image: BorderImage, widths: readonly number[]): boolean {
  const exact = image.slices.every((slice, i) => slice === widths[i]);
  if (exact) return true;
  return (
    image.linear && image.stretch && image.slices.every((slice, i) => slice > 0 && slice <= (widths[i] ?? 0))
  );
}

export function paintBorderImages(computed: Computed): boolean {
  const { template, rules } = computed;
  const declares = (element: Element, property: string) =>
    cascaded(template, rules, element, property) !== null;
  const painted = new Set<Element>();
  const winners = new Set<Declaration>();
  for (const element of elements(template.document)) {
    const found = cascaded(template, rules, element, 'border-image');
    if (found === null || found === 'unknown') continue;
    const image = parseBorderImage(found.value);
    const color = cascaded(template, rules, element, 'border-color');
    if (!image || found.declaration.important || color === 'unknown' || color?.declaration.important)
      continue;
    if (MUST_BE_UNSET.some((property) => declares(element, property))) continue;
    const widths = borderWidths(computed, element);
    if (!widths || !drawsAsGradient(image, widths) || resetByBorder(computed, element, found.declaration))
      continue;
    appendInline(template, element, [
      ['border-color', 'transparent'],
      ['background-image', image.gradient],
      ['background-origin', 'border-box'],
      ['background-clip', image.fill ? 'border-box' : 'border-area'],
    ]);
    winners.add(found.declaration);
    painted.add(element);
  }
  if (painted.size === 0) return false;
  // Each replaced declaration goes once every element it styles is painted, so that what remains
  // (on an element left as written) still sends the template to Chromium.
  dropReplaced(template, rules, 'border-image', winners, painted);
  return true;
}

/**
 * The border widths (top, right, bottom, left, px) when `border` or `border-width` alone sets
 * them and the style is solid (by `border`, or `border-style` when `border` is not set): the
 * border area a dashed or double border clips to is not the one the border image covers.
 */
function borderWidths(computed: Computed, element: Element): number[] | undefined {
  const { template, rules } = computed;
  const value = (property: string): string | null | undefined => {
    const found = cascaded(template, rules, element, property);
    if (found === 'unknown' || found?.declaration.important) return undefined;
    return found === null ? null : found.value.trim().toLowerCase();
  };
  const border = value('border');
  const borderWidth = value('border-width');
  const borderStyle = value('border-style');
  if (border === undefined || borderWidth === undefined || borderStyle === undefined) return undefined;
  if (border !== null && (borderWidth !== null || borderStyle !== null)) return undefined;
  const ctx = computed.context(element, undefined, false);
  if (!ctx) return undefined;
  const width = (word: string): number | undefined => KEYWORD_WIDTHS[word] ?? lengthPx(word, ctx);
  if (border !== null) {
    const words = valueParser(border).nodes.filter((node) => node.type !== 'space');
    let style: string | undefined;
    let px = KEYWORD_WIDTHS.medium;
    for (const node of words) {
      if (node.type === 'word' && STYLES.test(node.value)) style = node.value;
      else if (node.type === 'word' && width(node.value) !== undefined) px = width(node.value);
    }
    if (style !== 'solid' || px === undefined) return undefined;
    return [px, px, px, px];
  }
  if (borderWidth === null || borderStyle !== 'solid') return undefined;
  const words = borderWidth.split(/\s+/).map(width);
  if (words.length > 4 || words.some((w) => w === undefined)) return undefined;
  const [t = 0, r = t, b = t, l = r] = words as number[];
  return [t, r, b, l];
}

/**
 * Whether the `border` shorthand may reset the border image (it sets border-image to none): only
 * a `border` earlier in the same rule is known not to.
 */
function resetByBorder(computed: Computed, element: Element, borderImage: Declaration): boolean {
  const border = cascaded(computed.template, computed.rules, element, 'border');
  if (border === null) return false;
  if (border === 'unknown' || border.declaration.parent !== borderImage.parent) return true;
  const parent = borderImage.parent;
  return !parent || parent.index(border.declaration) > parent.index(borderImage);
}
