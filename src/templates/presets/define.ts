// Turns a preset's drawing function into a Preset: one variable schema and one validation for
// all of them, so every preset accepts exactly the same fields with the same errors.
import { presetVariables } from './fields.ts';
import { card, type Card } from './card.ts';
import { resolvePresetValues } from './resolve.ts';
import type { Preset, PresetSize } from './types.ts';

export interface PresetDefinition {
  name: string;
  description: string;
  defaults?: PresetSize;
  /** Draws the card's HTML; every value in `c` is already validated. */
  draw(c: Card): string;
}

export function definePreset(definition: PresetDefinition): Preset {
  const defaults = definition.defaults ?? { width: 1200, height: 630 };
  return Object.freeze({
    name: definition.name,
    description: definition.description,
    defaults,
    variables: presetVariables,
    compile(vars: Record<string, unknown>, size: PresetSize = defaults) {
      const values = resolvePresetValues(vars, size);
      return { html: definition.draw(card(values, size)) };
    },
  });
}
