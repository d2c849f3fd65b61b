// Emoji sets that npm ships as Iconify JSON (@iconify-json/noto, /openmoji, /fluent-emoji-flat):
// one icons.json per set plus chars.json (codepoints → icon name). A set is read the first time a
// render asks for it (9-25 MB of JSON each), then every emoji is one map lookup; nothing is fetched.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

interface IconifyIcon {
  body: string;
  width?: number;
  height?: number;
  left?: number;
  top?: number;
}

interface IconifySet {
  icons: Record<string, IconifyIcon>;
  aliases?: Record<string, { parent: string } & Partial<IconifyIcon>>;
  width?: number;
  height?: number;
}

interface LoadedSet {
  set: IconifySet;
  chars: Record<string, string>;
}

const require = createRequire(import.meta.url);
const loaded = new Map<string, LoadedSet>();

function packageDir(pkg: string): string {
  return dirname(require.resolve(`${pkg}/package.json`));
}

export function iconifyVersion(pkg: string): string {
  return (JSON.parse(readFileSync(join(packageDir(pkg), 'package.json'), 'utf8')) as { version: string })
    .version;
}

function load(pkg: string): LoadedSet {
  let entry = loaded.get(pkg);
  if (!entry) {
    const dir = packageDir(pkg);
    entry = {
      set: JSON.parse(readFileSync(join(dir, 'icons.json'), 'utf8')) as IconifySet,
      chars: JSON.parse(readFileSync(join(dir, 'chars.json'), 'utf8')) as Record<string, string>,
    };
    loaded.set(pkg, entry);
  }
  return entry;
}

/**
 * The SVG for an emoji named by its codepoints (`1f600`, `1f44d-1f3fd`), or null when the set
 * has no such emoji. Names are tried as given, then without any U+FE0F (chars.json has none).
 */
export function iconifyEmoji(pkg: string, name: string, bareName: string): string | null {
  const { set, chars } = load(pkg);
  const iconName = chars[name] ?? chars[bareName];
  if (iconName === undefined) return null;
  let icon: Partial<IconifyIcon> | undefined = set.icons[iconName];
  if (!icon) {
    // An alias names its parent and may override the box (emoji sets use no transforms).
    const alias = set.aliases?.[iconName];
    const parent = alias ? set.icons[alias.parent] : undefined;
    if (!alias || !parent) return null;
    icon = { ...parent, ...alias };
  }
  const width = icon.width ?? set.width ?? 16;
  const height = icon.height ?? set.height ?? 16;
  const viewBox = `${icon.left ?? 0} ${icon.top ?? 0} ${width} ${height}`;
  return `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${width}" height="${height}" viewBox="${viewBox}">${icon.body ?? ''}</svg>`;
}
