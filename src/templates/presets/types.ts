// What a preset is: a built-in, read-only template driven by card fields and style fields.
import type { RenderDocument } from '../../engines/types.ts';
import type { TemplateVariable } from '../elements/variable.ts';
import type { GradientName } from './theme.ts';

export interface PresetSize {
  width: number;
  height: number;
}

export type PresetLayout = 'left' | 'center' | 'bottom';

/** Every variable of a preset after validation and defaults. */
export interface PresetValues {
  title: string;
  description: string;
  author: string;
  tag: string;
  /** `#rrggbb`. */
  accent: string;
  /** The name as accepted (`Noto Sans AR`), and the family list to draw it with. */
  font: string;
  fontStack: string;
  /** At 1200 px; a preset multiplies by the size's scale. */
  titleSize: number;
  descSize: number;
  layout: PresetLayout;
  gradient: GradientName;
  overlayOpacity: number;
  autoFit: boolean;
  maxTitleLines: number;
  maxDescLines: number;
  /** An http(s) or data:image URL, or '' for none. */
  backgroundImage: string;
}

export interface Preset {
  readonly name: string;
  readonly description: string;
  /** The size used when a render gives none. */
  readonly defaults: PresetSize;
  readonly variables: readonly TemplateVariable[];
  /** Validates `vars` (VALIDATION_FAILED names each bad field) and draws the card at `size`. */
  compile(vars: Record<string, unknown>, size?: PresetSize): RenderDocument;
}
