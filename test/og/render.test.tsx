// render() for scripts and the errors library mode gives: the same validation and codes as
// POST /v1/render, and elements built without React.
import { forwardRef } from 'react';
import { describe, expect, it } from 'vitest';
import { ImageResponse, render } from 'placard/og';
import { PlacardError } from '../../src/errors/placard-error.ts';
import { decode, pixelAt } from '../helpers/image.ts';

function thrown(run: () => unknown): PlacardError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(PlacardError);
    return error as PlacardError;
  }
  throw new Error('expected a PlacardError');
}

describe('render()', () => {
  it('renders html with variables, as the API does, to PNG bytes', async () => {
    const bytes = await render({
      html: '<div style="display:flex;width:100%;height:100%;background:#0f172a;color:white;font-size:40px">{{title}}</div>',
      variables: { title: 'From a script' },
      width: 300,
      height: 120,
    });
    const pixels = await decode(Buffer.from(bytes));
    expect([pixels.width, pixels.height]).toEqual([300, 120]);
    expect(pixelAt(pixels, 299, 119)).toEqual([15, 23, 42, 255]);
  });

  it('renders a sandboxed JSX template and a React element, in the format asked', async () => {
    const jsx = await render({
      jsx: 'export default function T({ name }) { return <div style={{ fontSize: 30 }}>Hi {name}</div>; }',
      variables: { name: 'Ada' },
      width: 200,
      height: 80,
      format: 'webp',
    });
    expect(Buffer.from(jsx.subarray(8, 12)).toString()).toBe('WEBP');
    const element = await render({
      element: <div style={{ width: '100%', height: '100%', background: '#16a34a' }} />,
      width: 50,
      height: 20,
      format: 'jpeg',
    });
    expect([...element.subarray(0, 2)]).toEqual([0xff, 0xd8]);
    const pixels = await decode(Buffer.from(element));
    expect(pixelAt(pixels, 25, 10)[1]).toBeGreaterThan(140);
  });

  it('takes plain { type, props } objects and forwardRef components, without React at run time', async () => {
    const Box = forwardRef(function Box(props: { color: string }, _ref) {
      return <div style={{ width: '100%', height: '100%', background: props.color }} />;
    });
    const plain = {
      type: 'div',
      props: {
        style: { display: 'flex', width: 40, height: 40 },
        children: [{ type: Box, props: { color: '#2563eb' } }],
      },
    };
    const pixels = await decode(Buffer.from(await render({ element: plain, width: 40, height: 40 })));
    expect(pixelAt(pixels, 20, 20)).toEqual([37, 99, 235, 255]);
  });

  it('outlines boxes with debug', async () => {
    const element = (
      <div style={{ display: 'flex', width: '100%', height: '100%', padding: 10 }}>
        <div style={{ flexGrow: 1 }} />
      </div>
    );
    const [plain, debug] = await Promise.all([
      render({ element, width: 60, height: 40 }),
      render({ element, width: 60, height: 40, debug: true }),
    ]);
    expect(Buffer.compare(Buffer.from(plain), Buffer.from(debug))).not.toBe(0);
  });

  it('answers the API error codes for bad templates and options', async () => {
    await expect(render({ html: '<div>{{#if}}</div>' })).rejects.toMatchObject({
      code: 'TEMPLATE_COMPILE_FAILED',
    });
    await expect(render({ html: '<div/>', width: 5000 })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    await expect(render({ element: <div />, html: '<div/>' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('received: element, html'),
    });
    await expect(render({ element: <div />, variables: { a: 1 } })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
  });
});

describe('ImageResponse refuses what it cannot draw, when it is constructed', () => {
  it('draws the tw prop as Tailwind classes, as @vercel/og does', async () => {
    const response = new ImageResponse(<div tw="flex w-full h-full bg-[#16a34a]" />, {
      width: 40,
      height: 20,
    });
    const pixels = await decode(Buffer.from(await response.arrayBuffer()));
    expect(pixelAt(pixels, 20, 10)).toEqual([22, 163, 74, 255]);
    const error = thrown(() => new ImageResponse({ type: 'div', props: { tw: 5 } }));
    expect(error.message).toMatch(/tw prop must be a string of Tailwind classes; received 5 on <div>/);
  });

  it('checks fonts and emoji and says what is allowed', () => {
    expect(
      thrown(
        () => new ImageResponse(<div />, { fonts: [{ name: 'X', data: 'abc' as unknown as ArrayBuffer }] }),
      ).message,
    ).toMatch(/fonts\[0\]\.data is invalid; allowed: an ArrayBuffer/);
    expect(
      thrown(() => new ImageResponse(<div />, { fonts: [{ name: '', data: new ArrayBuffer(4) }] })).message,
    ).toMatch(/fonts\[0\]\.name/);
    expect(thrown(() => new ImageResponse(<div />, { emoji: 'apple' as 'twemoji' })).message).toMatch(
      /emoji is invalid; allowed: twemoji, blobmoji/,
    );
    expect(() => new ImageResponse(<div />, { emoji: 'noto' })).not.toThrow();
  });

  it('draws each @vercel/og emoji set from the local sets, Twemoji by default', async () => {
    const draw = async (emoji?: 'twemoji' | 'noto' | 'fluent' | 'fluentFlat' | 'blobmoji') =>
      Buffer.from(
        await new ImageResponse(<div style={{ fontSize: 64 }}>🚀</div>, {
          width: 120,
          height: 100,
          ...(emoji && { emoji }),
        }).arrayBuffer(),
      );
    const [byDefault, twemoji, noto, fluent, fluentFlat, blobmoji] = await Promise.all([
      draw(),
      draw('twemoji'),
      draw('noto'),
      draw('fluent'),
      draw('fluentFlat'),
      draw('blobmoji'),
    ]);
    expect(byDefault.equals(twemoji)).toBe(true);
    expect(noto.equals(twemoji)).toBe(false);
    expect(fluent.equals(twemoji) || fluent.equals(noto)).toBe(false);
    expect(fluentFlat.equals(fluent)).toBe(true);
    expect(blobmoji.equals(noto)).toBe(true);
  });

  it('passes a throwing component through and refuses what is not an element', () => {
    function Broken(): never {
      throw new Error('no data');
    }
    expect(() => new ImageResponse(<Broken />)).toThrow('no data');
    expect(thrown(() => new ImageResponse({ some: 'object' })).message).toMatch(
      /expected a React element.*received an object with keys some/,
    );
    async function Later() {
      return <div />;
    }
    expect(thrown(() => new ImageResponse({ type: Later, props: {} })).message).toMatch(/returned a Promise/);
  });

  it('answers another format with its content type, jpeg on white (it has no alpha)', async () => {
    const response = new ImageResponse(<div style={{ width: 10, height: 10, background: 'black' }} />, {
      width: 40,
      height: 20,
      format: 'jpeg',
    });
    expect(response.headers.get('content-type')).toBe('image/jpeg');
    const pixels = await decode(Buffer.from(await response.arrayBuffer()));
    expect(
      pixelAt(pixels, 30, 15)
        .slice(0, 3)
        .every((c) => c > 240),
    ).toBe(true);
  });

  it('errors the body stream, not the process, when the draw itself fails', async () => {
    const response = new ImageResponse(<div />, { width: 4096, height: 4096, scale: 3 });
    await expect(response.arrayBuffer()).rejects.toMatchObject({ code: 'OUTPUT_TOO_LARGE' });
  });
});
