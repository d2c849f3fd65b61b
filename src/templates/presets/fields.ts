// The variables every preset takes: OG Engine's card fields (with its length limits) and style
// fields (with its ranges and defaults), plus line limits and a background image.
import type { TemplateVariable } from '../elements/variable.ts';
import { gradientNames, presetFontNames } from './theme.ts';

const text = (name: string, maxLength: number, placeholder: string): PresetField => ({
  name,
  type: 'text',
  default: '',
  placeholder,
  maxLength,
});

export interface PresetField extends TemplateVariable {
  /** For text: the most characters accepted. */
  maxLength?: number;
  /** For numbers: whole numbers only. */
  integer?: boolean;
}

export const presetFields: readonly PresetField[] = [
  text('title', 200, 'Server-Side Text Layout Without a Browser'),
  text('description', 500, 'Pure JS text measurement replaces Puppeteer: fast renders, no browser.'),
  text('author', 100, 'Pretext Engine'),
  text('tag', 50, 'Open Source'),
  { name: 'accent', type: 'colour', default: '#38ef7d', placeholder: 'A hex colour: #rrggbb or #rgb' },
  { name: 'font', type: 'text', default: 'Outfit', placeholder: 'Outfit', options: presetFontNames },
  {
    name: 'fontFamily',
    type: 'text',
    default: '',
    placeholder: "One of the account's own font families (POST /v1/fonts); wins over font",
    maxLength: 100,
  },
  { name: 'titleSize', type: 'number', default: 48, placeholder: 'Title size at 1200 px', min: 28, max: 72 },
  {
    name: 'descSize',
    type: 'number',
    default: 22,
    placeholder: 'Description size at 1200 px',
    min: 14,
    max: 32,
  },
  {
    name: 'layout',
    type: 'text',
    default: 'left',
    placeholder: 'left',
    options: ['left', 'center', 'bottom'],
  },
  { name: 'gradient', type: 'text', default: 'void', placeholder: 'void', options: gradientNames },
  {
    name: 'overlayOpacity',
    type: 'number',
    default: 0.65,
    placeholder: 'How much the background image is darkened',
    min: 0.2,
    max: 0.9,
  },
  { name: 'autoFit', type: 'boolean', default: false, placeholder: 'Shrink text to fit before truncating' },
  {
    name: 'maxTitleLines',
    type: 'number',
    default: null,
    placeholder: 'Title lines before "…" (3 landscape, 4 square, 5 portrait)',
    min: 1,
    max: 10,
    integer: true,
  },
  {
    name: 'maxDescLines',
    type: 'number',
    default: null,
    placeholder: 'Description lines before "…" (4 landscape, 5 square, 6 portrait)',
    min: 1,
    max: 10,
    integer: true,
  },
  {
    name: 'backgroundImage',
    type: 'image',
    default: '',
    placeholder: 'An https or data:image URL, drawn cover-fit',
  },
];

/** The public schema entries (without the validation-only keys). */
export const presetVariables: readonly TemplateVariable[] = presetFields.map(
  ({ maxLength: _maxLength, integer: _integer, ...variable }) => variable,
);
