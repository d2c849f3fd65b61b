// The `preset` template kind: built-in, read-only starter templates.
import { blogHeroPreset } from './blog-hero.ts';
import { defaultPreset } from './default.ts';
import { emailBannerPreset } from './email-banner.ts';
import { socialCardPreset } from './social-card.ts';
import type { Preset } from './types.ts';

export const presets: Readonly<Record<string, Preset>> = Object.freeze({
  default: defaultPreset,
  'social-card': socialCardPreset,
  'blog-hero': blogHeroPreset,
  'email-banner': emailBannerPreset,
});

export const presetNames = Object.keys(presets);

export type { Preset, PresetLayout, PresetSize, PresetValues } from './types.ts';
export { presetFields, presetVariables } from './fields.ts';
export { gradientNames, gradients, presetFontNames } from './theme.ts';
