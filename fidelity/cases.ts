// The fidelity cases: fidelity/cases/<name>.html is a Handlebars template, <name>.json its size,
// scale, page colour and variables. {{asset.photo}} and friends are bound to generated images.
import { readdirSync, readFileSync } from 'node:fs';
import Handlebars from 'handlebars';
import type { FidelityAssets } from './assets.ts';

export interface FidelityCase {
  name: string;
  /** The bound HTML both engines draw. */
  html: string;
  width: number;
  height: number;
  scale: number;
  background: string;
  /** What the case is about, for the table. */
  about: string;
}

interface CaseFile {
  about: string;
  width?: number;
  height?: number;
  scale?: number;
  background?: string;
  variables?: Record<string, unknown>;
}

const dir = new URL('./cases/', import.meta.url);

export function caseNames(): string[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.html'))
    .map((file) => file.slice(0, -'.html'.length))
    .sort();
}

export function loadCase(name: string, assets: FidelityAssets): FidelityCase {
  const template = readFileSync(new URL(`${name}.html`, dir), 'utf8');
  const meta = JSON.parse(readFileSync(new URL(`${name}.json`, dir), 'utf8')) as CaseFile;
  const html = Handlebars.compile(template)({ ...meta.variables, asset: assets.dataUrls });
  return {
    name,
    html,
    width: meta.width ?? 1200,
    height: meta.height ?? 630,
    scale: meta.scale ?? 1,
    background: meta.background ?? '#ffffffff',
    about: meta.about,
  };
}
