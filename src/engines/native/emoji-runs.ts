// Emoji as images, kept in the line. Takumi's extractEmojis turns a text node holding emoji
// into a container that takes over the text node's own props — its display too. When the
// element was a line-clamped (-webkit-box), flex or grid box, the text pieces and emoji images
// became separate block items, one per line. Here the pieces go into one inline container
// inside the element, so they flow as a line of text does in a browser.
import type { Node } from '@takumi-rs/core';
import { extractEmojis } from 'takumi-js/helpers/emoji';

type AnyNode = Node & { children?: (Node | null | undefined)[]; text?: string };

const EMOJI_HINT = /[\p{Extended_Pictographic}\p{Regional_Indicator}\u20E3]/u;

export function withInlineEmoji(node: Node): Node {
  const n = node as AnyNode;
  if (n.type === 'text') {
    if (!n.text || !EMOJI_HINT.test(n.text)) return node;
    const pieces = extractEmojis({ type: 'text', text: n.text } as Node, 'twemoji') as AnyNode;
    if (pieces.type !== 'container') return node; // no emoji after all (e.g. a text-style symbol)
    const { type: _type, text: _text, ...props } = n;
    const line = { ...pieces, style: { display: 'inline' } } as Node;
    return { ...props, type: 'container', children: [line] } as Node;
  }
  if (n.type === 'container' && n.children) {
    return { ...n, children: n.children.map((child) => (child ? withInlineEmoji(child) : child)) } as Node;
  }
  return node;
}
