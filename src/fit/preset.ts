// Auto-fit for presets: the document factory and size ranges a preset card is searched over.
// Sizes are the preset's own `titleSize` / `descSize` (at 1200 px; the preset scales them), so
// the result is what a caller would pass back, as OG Engine's `/validate` answers it.
import type { RenderDocument } from '../engines/types.ts';
import { resolvePresetValues } from '../templates/presets/resolve.ts';
import type { Preset, PresetSize } from '../templates/presets/types.ts';
import type { SizeRange } from './auto-fit.ts';

/** The smallest sizes a preset accepts (OG Engine's ranges: title 28–72, description 14–32). */
export const PRESET_MIN_SIZES = { title: 28, description: 14 } as const;
export const PRESET_MAX_SIZES = { title: 72, description: 32 } as const;

export interface PresetFitTarget {
  build(sizes: Record<string, number>): RenderDocument;
  /** Title first, then description: the title's lines decide the description's room. */
  ranges: SizeRange[];
}

/**
 * `upTo: 'requested'` (default) searches from the sizes asked for downwards, as a render with
 * autoFit shrinks text; `'range'` up to the largest sizes a preset accepts.
 */
export function presetFitTarget(
  preset: Preset,
  vars: Record<string, unknown>,
  size: PresetSize = preset.defaults,
  upTo: 'requested' | 'range' = 'requested',
): PresetFitTarget {
  const values = resolvePresetValues(vars, size); // validates once, fills the defaults
  const requested = { title: values.titleSize, description: values.descSize };
  const max = upTo === 'range' ? PRESET_MAX_SIZES : requested;
  return {
    // The preset's own estimate-based autoFit is off: the sizes searched are drawn as given.
    build: (sizes) =>
      preset.compile({ ...vars, autoFit: false, titleSize: sizes.title, descSize: sizes.description }, size),
    ranges: [
      { name: 'title', min: PRESET_MIN_SIZES.title, max: max.title },
      { name: 'description', min: PRESET_MIN_SIZES.description, max: max.description },
    ],
  };
}
