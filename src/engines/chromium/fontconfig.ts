// A private fontconfig setup for the browser: the bundled faces (decoded to SFNT, which is all
// Chromium takes from fontconfig) and nothing else, so generic families, unnamed text and
// per-character fallback (CJK, Arabic) use exactly the native engine's fonts, never whatever the
// host has installed (DejaVu, Liberation...). Written once per font set and reused by every launch.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { basename, join } from 'node:path';
import { bundledFaces, bundledFamilies, fontSetVersion } from '../../fonts/catalog.ts';
import { woffToSfnt } from './woff.ts';

/** The generic families Placard resolves, as the native engine's catalog does. */
export const GENERIC_FAMILIES = {
  standard: 'Inter',
  sansSerif: 'Inter',
  serif: 'Playfair Display',
  fixed: 'JetBrains Mono',
  cursive: 'Inter',
  fantasy: 'Inter',
  math: 'Inter',
} as const;

let prepared: Promise<string> | undefined;

/** The path of the fonts.conf to hand Chromium as FONTCONFIG_FILE; builds its folder on first use. */
export function fontconfigFile(root: string = os.tmpdir()): Promise<string> {
  prepared ??= build(join(root, `placard-chromium-fonts-${fontSetVersion()}`)).catch((error: unknown) => {
    prepared = undefined; // a full disk now must not break every later launch
    throw error;
  });
  return prepared;
}

async function build(dir: string): Promise<string> {
  const conf = join(dir, 'fonts.conf');
  if (existsSync(conf)) return conf; // fonts.conf is written last: its presence means complete
  // Built aside and renamed into place, so concurrent processes never see half a folder.
  const temp = `${dir}.${process.pid}.${randomBytes(4).toString('hex')}`;
  await mkdir(join(temp, 'files'), { recursive: true });
  for (const face of bundledFaces()) {
    const woff = await readFile(face.file.replace(/\.woff2$/, '.woff'));
    await writeFile(join(temp, 'files', basename(face.file).replace(/\.woff2$/, '.ttf')), woffToSfnt(woff));
  }
  await writeFile(join(temp, 'fonts.conf'), fontsConf(dir));
  await rename(temp, dir).catch(async (error: unknown) => {
    await rm(temp, { recursive: true, force: true });
    if (!existsSync(conf)) throw error; // another process won the race: its folder is as good
  });
  return conf;
}

const xml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');

export function fontsConf(dir: string): string {
  const family = (name: string): string => `<family>${xml(name)}</family>`;
  const alias = (generic: string, name: string): string =>
    `  <alias binding="same"><family>${generic}</family><prefer>${family(name)}</prefer></alias>`;
  return `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <dir>${xml(join(dir, 'files'))}</dir>
  <cachedir>${xml(join(dir, 'cache'))}</cachedir>
${alias('sans-serif', GENERIC_FAMILIES.sansSerif)}
${alias('serif', GENERIC_FAMILIES.serif)}
${alias('monospace', GENERIC_FAMILIES.fixed)}
  <!-- A character no named font has falls back through the families in the catalog's order,
       Inter first, as Takumi's fallback does. -->
  <match target="pattern">
    <edit name="family" mode="append_last">${bundledFamilies.map((name) => `<string>${xml(name)}</string>`).join('')}</edit>
  </match>
  <!-- Grey-scale antialiasing without hinting: what Takumi draws, and the same on every host. -->
  <match target="font">
    <edit name="antialias" mode="assign"><bool>true</bool></edit>
    <edit name="hinting" mode="assign"><bool>false</bool></edit>
    <edit name="hintstyle" mode="assign"><const>hintnone</const></edit>
    <edit name="rgba" mode="assign"><const>none</const></edit>
  </match>
</fontconfig>
`;
}
