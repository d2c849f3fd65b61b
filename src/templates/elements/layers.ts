// Draws one resolved layer as an absolutely positioned HTML element. Values from the document
// were validated (CSS values cannot break out of their declaration); text and URLs are escaped.
import { escapeHtml, fontStack, lineClampCss, px, styleAttr, textDirection } from './html.ts';
import type {
  ResolvedImageLayer,
  ResolvedLayer,
  ResolvedRectangleLayer,
  ResolvedTextLayer,
} from './schema.ts';

function box(layer: ResolvedLayer, height: number | undefined) {
  return {
    position: 'absolute',
    left: px(layer.x),
    top: px(layer.y),
    width: px(layer.width),
    height: height === undefined ? undefined : px(height),
    // A layer's size is its outer size, as in every design tool, whatever the border.
    'box-sizing': 'border-box',
  };
}

function textLayer(layer: ResolvedTextLayer, text: string, index: number): string {
  const direction = textDirection(text);
  const style = styleAttr({
    ...box(layer, layer.height),
    margin: 0,
    'font-family': fontStack(layer.fontFamily),
    'font-size': px(layer.fontSize),
    'font-weight': layer.fontWeight,
    color: layer.color,
    'text-align': layer.align,
    'line-height': layer.lineHeight,
    'letter-spacing': layer.letterSpacing === 0 ? undefined : px(layer.letterSpacing),
    // Line breaks typed in an editor stay line breaks; long words still wrap.
    'white-space': 'pre-wrap',
    'overflow-wrap': 'break-word',
    direction: direction === 'rtl' ? 'rtl' : undefined,
    ...lineClampCss(layer.maxLines),
  });
  // data-fit marks the text a fit report measures (lines drawn, lines available).
  const fit = escapeHtml(layer.dynamicKey ?? `layer-${index}`);
  return `<div class="text-layer" data-fit="${fit}" dir="${direction}" style="${style}">${escapeHtml(text)}</div>`;
}

function imageLayer(layer: ResolvedImageLayer, src: string): string {
  if (src === '') return ''; // an unbound dynamic image draws nothing, not a broken image
  const style = styleAttr({
    ...box(layer, layer.height),
    'object-fit': layer.fit,
    'border-radius': layer.borderRadius === 0 ? undefined : px(layer.borderRadius),
    opacity: layer.opacity === 1 ? undefined : layer.opacity,
  });
  return `<img class="image-layer" src="${escapeHtml(src)}" alt="" style="${style}">`;
}

function rectangleLayer(layer: ResolvedRectangleLayer): string {
  const style = styleAttr({
    ...box(layer, layer.height),
    background: layer.fill,
    'border-radius': layer.borderRadius === 0 ? undefined : px(layer.borderRadius),
    border: layer.border,
    opacity: layer.opacity === 1 ? undefined : layer.opacity,
    'box-shadow': layer.shadow,
  });
  return `<div class="rectangle-layer" style="${style}"></div>`;
}

/** `value` is the bound text or image URL for dynamic layers, else the layer's own. */
export function renderLayer(layer: ResolvedLayer, index: number, value: string | undefined): string {
  switch (layer.type) {
    case 'text':
      return textLayer(layer, value ?? layer.text, index);
    case 'image':
      return imageLayer(layer, value ?? layer.src);
    case 'rectangle':
      return rectangleLayer(layer);
  }
}
