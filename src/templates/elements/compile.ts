// Compiles an elements document once into a binder: render data in, the intermediate
// RenderDocument out. Layers stack in array order (the first is at the back).
import type { RenderDocument } from '../../engines/types.ts';
import { bindData, bindingSlots, type BindOptions } from './bind.ts';
import { px, styleAttr } from './html.ts';
import { renderLayer } from './layers.ts';
import { validateElements } from './validate.ts';

export type ElementsBinder = (data?: Record<string, unknown>) => RenderDocument;

/** Validates `doc` (throws VALIDATION_FAILED) and returns a function that binds render data. */
export function compileElements(doc: unknown, options: BindOptions = {}): ElementsBinder {
  const resolved = validateElements(doc);
  const slots = bindingSlots(resolved);
  const root = styleAttr({
    position: 'relative',
    width: px(resolved.width),
    height: px(resolved.height),
    overflow: 'hidden',
    margin: 0,
    background: resolved.background,
    'font-family': "'Inter', sans-serif",
  });
  const open = `<div class="elements" style="${root}">`;
  // Static layers never change between renders: draw them once, keep the dynamic ones' slots.
  const statics = resolved.elements.map((layer, index) =>
    layer.dynamicKey === undefined ? renderLayer(layer, index, undefined) : undefined,
  );

  return (data = {}) => {
    const values = bindData(slots, data, options);
    const body = resolved.elements
      .map((layer, index) => statics[index] ?? renderLayer(layer, index, values.get(index)))
      .join('');
    return { html: `${open}${body}</div>` };
  };
}
