// What Placard tells the model: the template format it must answer in (one self-contained TSX
// module that Placard's JSX sandbox and engine can run), the user's request, and, on the one
// retry, the compile or render error its first answer produced.
import { bundledFamilies } from '../fonts/catalog.ts';
import type { ChatContentPart, ChatMessage, GenerationRequest } from './types.ts';

export const DEFAULT_SIZE = { width: 1200, height: 630 };

export function systemPrompt(): string {
  return [
    'You write image templates for Placard, a service that renders JSX to PNG, JPEG and WebP images',
    '(Open Graph cards, banners, certificates). Answer with exactly ONE self-contained TSX module in a',
    'single ```tsx code block and nothing else. The module must follow these rules:',
    '',
    '1. `export default function Template({ title = "...", subtitle = "...", ... })`: every value the',
    '   user may change is a destructured prop with a literal default (a string, number or boolean),',
    '   so the template renders as a finished design with no props at all. Image props default to ""',
    '   or an https URL, and the template must still look right when an image prop is "".',
    '2. `export const options = { width: W, height: H };` with the canvas size you were given.',
    '3. No imports, no require, no React hooks or state, no browser or Node APIs (window, document,',
    '   fetch, process). Helper components and constants inside the module are fine.',
    '4. Inline styles only (style={{ ... }}), no className, no <style> tags, no CSS files.',
    '5. Layout with flexbox: every element that has more than one child sets display: "flex" and a',
    '   flexDirection. The root element fills the canvas: width: "100%", height: "100%",',
    '   boxSizing: "border-box" (so its padding stays inside the canvas).',
    '   Sizes in px numbers. Backgrounds may use colours and linear-gradient/radial-gradient.',
    `6. Fonts: fontFamily must be one of ${bundledFamilies.map((f) => JSON.stringify(f)).join(', ')}.`,
    '   Weights 400 and 700 are available. No web fonts.',
    '7. Elements: div, span, p, h1-h6, img (with width and height). Text must fit the canvas: keep',
    '   long text in a flex column with a bounded width, and pick font sizes for the given canvas.',
    '',
    'Example of the shape (not the design):',
    '```tsx',
    'export const options = { width: 1200, height: 630 };',
    '',
    'export default function Template({ title = "Launch Day", tagline = "Ship faster", accent = "#7c3aed" }) {',
    '  return (',
    '    <div style={{ display: "flex", flexDirection: "column", justifyContent: "center", width: "100%",',
    '      height: "100%", boxSizing: "border-box", padding: 72, background: "#0f172a", color: "#f8fafc",',
    '      fontFamily: "Inter" }}>',
    '      <div style={{ display: "flex", width: 96, height: 8, background: accent, borderRadius: 4 }} />',
    '      <h1 style={{ fontSize: 80, fontWeight: 700, margin: "32px 0 16px" }}>{title}</h1>',
    '      <p style={{ fontSize: 36, opacity: 0.8 }}>{tagline}</p>',
    '    </div>',
    '  );',
    '}',
    '```',
  ].join('\n');
}

/** The user's turn: their prompt and the canvas; a reference image goes along as it is. */
export function requestMessage(item: GenerationRequest): ChatMessage {
  const width = item.width ?? DEFAULT_SIZE.width;
  const height = item.height ?? DEFAULT_SIZE.height;
  const text = `${item.prompt}\n\nCanvas: ${width}x${height} pixels (export const options = { width: ${width}, height: ${height} }).`;
  if (!item.imageDataUrl) return { role: 'user', content: text };
  // The doc promises no predefined instructions about the image: it is attached, nothing more.
  const parts: ChatContentPart[] = [
    { type: 'text', text },
    { type: 'image_url', image_url: { url: item.imageDataUrl } },
  ];
  return { role: 'user', content: parts };
}

/** The retry turn: what broke, so the model can fix its own module. */
export function repairMessage(problem: string): ChatMessage {
  return {
    role: 'user',
    content:
      `Placard could not use that module. When it compiled and test-rendered it with its default props, it failed with:\n\n${problem}\n\n` +
      'Fix the problem and answer with the complete corrected module in one ```tsx code block.',
  };
}
