import { describe, expect, it } from 'vitest';
import { fromHtml } from 'takumi-js/helpers/html';
import { withInlineEmoji } from './emoji-runs.ts';

type AnyNode = {
  type: string;
  text?: string;
  src?: string;
  style?: Record<string, unknown>;
  children?: AnyNode[];
};

describe('emoji in text', () => {
  it('become images inside one inline run, keeping the element and its own display', () => {
    const { node } = fromHtml('<div style="display:-webkit-box;-webkit-line-clamp:2">Hi 🎉 there</div>');
    const out = withInlineEmoji(node) as unknown as AnyNode;
    expect(out.type).toBe('container');
    expect(out.style?.display).toBe('-webkit-box');
    expect(out.children).toHaveLength(1);
    const line = out.children![0]!;
    expect(line.style).toEqual({ display: 'inline' });
    expect(line.children!.map((c) => c.type)).toEqual(['text', 'image', 'text']);
    expect(line.children![1]!.src).toMatch(/1f389\.svg$/);
  });

  it('leaves text without emoji as it is', () => {
    const { node } = fromHtml('<p>No emoji — just “quotes” and ©</p>');
    expect(withInlineEmoji(node)).toEqual(node);
  });
});
