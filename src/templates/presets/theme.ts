// The presets' visual vocabulary: OG Engine's six gradients, its font names, the scale rule
// (layout values grow with max(width, height) / 1200) and colour arithmetic on the accent.

/** Top and bottom colour of each background, as OG Engine draws them. */
export const gradients = {
  void: ['#0c0f1a', '#080a12'],
  'deep-sea': ['#0a1628', '#061220'],
  ember: ['#1a0a0a', '#120808'],
  forest: ['#0a1a10', '#061208'],
  plum: ['#150a1a', '#0e0812'],
  slate: ['#12141a', '#0a0c10'],
} as const satisfies Record<string, readonly [string, string]>;

export type GradientName = keyof typeof gradients;
export const gradientNames = Object.keys(gradients) as GradientName[];

/**
 * Font names a preset accepts: OG Engine's eight plus the other bundled families. Each maps
 * to the family drawn and a second family in the stack for glyphs the first lacks.
 */
export const presetFonts: Record<string, { family: string; fallback: string }> = {
  Outfit: { family: 'Outfit', fallback: 'Inter' },
  Inter: { family: 'Inter', fallback: 'Inter' },
  'Playfair Display': { family: 'Playfair Display', fallback: 'Inter' },
  Sora: { family: 'Sora', fallback: 'Outfit' },
  'Space Grotesk': { family: 'Space Grotesk', fallback: 'Outfit' },
  'JetBrains Mono': { family: 'JetBrains Mono', fallback: 'Inter' },
  'Noto Sans JP': { family: 'Noto Sans JP', fallback: 'Inter' },
  'Noto Sans AR': { family: 'Noto Sans Arabic', fallback: 'Inter' },
  'Noto Sans Arabic': { family: 'Noto Sans Arabic', fallback: 'Inter' },
  'Noto Sans SC': { family: 'Noto Sans SC', fallback: 'Inter' },
  Roboto: { family: 'Roboto', fallback: 'Inter' },
  'Open Sans': { family: 'Open Sans', fallback: 'Inter' },
  Lato: { family: 'Lato', fallback: 'Inter' },
  Montserrat: { family: 'Montserrat', fallback: 'Inter' },
};
export const presetFontNames = Object.keys(presetFonts);

/** Text colours on the dark backgrounds: near-white titles, muted slate for body text. */
export const ink = {
  title: '#f8fafc',
  body: '#94a3b8',
  /** Body text over a photo needs more contrast than over a flat gradient. */
  bodyOnImage: '#cbd5e1',
  author: '#e2e8f0',
  faint: '#64748b',
} as const;

/** How much bigger than a 1200 px card this size is: every length in a preset is multiplied by it. */
export function scaleFor(size: { width: number; height: number }): number {
  return Math.max(size.width, size.height) / 1200;
}

/** OG Engine's title / description line limits: 3/4 landscape, 4/5 square, 5/6 portrait. */
export function defaultLines(size: { width: number; height: number }): {
  title: number;
  description: number;
} {
  const ratio = size.height / size.width;
  if (ratio >= 1.5) return { title: 5, description: 6 };
  if (ratio >= 0.9) return { title: 4, description: 5 };
  return { title: 3, description: 4 };
}

/** `#abc` or `#aabbcc` → `#aabbcc` (validation already guaranteed one of the two). */
export function normalizeHex(hex: string): string {
  const body = hex.slice(1).toLowerCase();
  return `#${body.length === 3 ? [...body].map((c) => c + c).join('') : body}`;
}

function channels(hex: string): [number, number, number] {
  const n = Number.parseInt(normalizeHex(hex).slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** A hex colour with an alpha, as rgba() (Chromium and Takumi both read it). */
export function withAlpha(hex: string, alpha: number): string {
  const [r, g, b] = channels(hex);
  return `rgba(${r},${g},${b},${Math.round(alpha * 1000) / 1000})`;
}

/** Dark or light text, whichever reads on a fill of `hex` (WCAG relative luminance). */
export function textOn(hex: string): string {
  const [r, g, b] = channels(hex).map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.18 ? '#07090f' : '#ffffff';
}
