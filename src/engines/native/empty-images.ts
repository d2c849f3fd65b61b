// Takumi's HTML parser refuses an <img> without a src, but a card whose avatar variable is
// missing must still render, as in a browser, where such an image draws nothing. Such tags
// become empty <div>s with the same attributes, so their box (size, margins) is kept.
const IMG_TAG = /<img\b((?:[^>"']|"[^"]*"|'[^']*')*?)\/?>/gi;
const SRC_ATTR = /\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/i;

export function withoutEmptyImages(html: string): string {
  if (!/<img\b/i.test(html)) return html;
  return html.replace(IMG_TAG, (tag, attributes: string) => {
    const src = SRC_ATTR.exec(attributes);
    const value = src ? (src[1] ?? src[2] ?? src[3] ?? '') : '';
    if (value.trim() !== '') return tag;
    const rest = src ? attributes.replace(src[0], '') : attributes;
    return `<div${rest.replace(/\s*\/?\s*$/, '')}></div>`;
  });
}
