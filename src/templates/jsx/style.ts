// React-style `style` objects to CSS declaration text: camelCase names become kebab-case,
// numbers get `px` unless the property is unitless (the list React uses), custom
// properties (`--x`) pass through as written.

const unitless = new Set([
  'animationIterationCount',
  'aspectRatio',
  'borderImageOutset',
  'borderImageSlice',
  'borderImageWidth',
  'boxFlex',
  'boxFlexGroup',
  'boxOrdinalGroup',
  'columnCount',
  'columns',
  'flex',
  'flexGrow',
  'flexPositive',
  'flexShrink',
  'flexNegative',
  'flexOrder',
  'fontWeight',
  'gridArea',
  'gridRow',
  'gridRowEnd',
  'gridRowSpan',
  'gridRowStart',
  'gridColumn',
  'gridColumnEnd',
  'gridColumnSpan',
  'gridColumnStart',
  'lineClamp',
  'lineHeight',
  'opacity',
  'order',
  'orphans',
  'scale',
  'tabSize',
  'widows',
  'zIndex',
  'zoom',
  'fillOpacity',
  'floodOpacity',
  'stopOpacity',
  'strokeDasharray',
  'strokeDashoffset',
  'strokeMiterlimit',
  'strokeOpacity',
  'strokeWidth',
  'WebkitLineClamp',
]);

// A property name that cannot break out of its declaration; anything else is dropped.
const validName = /^-{0,2}[a-zA-Z][a-zA-Z0-9-]*$/;

/** `fontSize` -> `font-size`, `WebkitLineClamp` -> `-webkit-line-clamp`, `msFlex` -> `-ms-flex`. */
export function cssPropertyName(name: string): string {
  if (name.startsWith('--')) return name;
  const prefixed = name.startsWith('ms') && /^ms[A-Z]/.test(name) ? `-${name}` : name;
  return prefixed.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

function cssValue(name: string, value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value;
  if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
  if (value === 0 || unitless.has(name) || name.startsWith('--')) return String(value);
  return `${value}px`;
}

/** CSS text for a `style` prop: a string is kept as written, an object is converted. */
export function styleToCss(style: unknown): string | undefined {
  if (typeof style === 'string') return style.trim() === '' ? undefined : style;
  if (style === null || typeof style !== 'object' || Array.isArray(style)) return undefined;
  const declarations: string[] = [];
  for (const [name, raw] of Object.entries(style)) {
    const value = cssValue(name, raw);
    const property = cssPropertyName(name);
    if (value === undefined || !validName.test(property)) continue;
    declarations.push(`${property}:${value}`);
  }
  return declarations.length > 0 ? declarations.join(';') : undefined;
}
