// Starter templates shipped with the Studio, one per source kind, each with sample variables so
// the first preview already shows a card. The API's own starters (the presets) are listed
// beside these by the gallery.
import type { SourceKind } from './state.ts';

export interface Starter {
  id: string;
  name: string;
  kind: Exclude<SourceKind, 'preset'>;
  source: string;
  width: number;
  height: number;
  variables: Record<string, unknown>;
}

const htmlCard = `<style>
  .card { display: flex; flex-direction: column; justify-content: space-between;
    width: 1200px; height: 630px; padding: 72px 80px; box-sizing: border-box;
    background: linear-gradient(135deg, #0f172a 0%, #1e293b 100%); color: #f8fafc;
    font-family: Inter, sans-serif; }
  .tag { display: flex; align-self: flex-start; padding: 8px 20px; border-radius: 999px;
    font-size: 24px; font-weight: 600; color: #0f172a; }
  h1 { font-size: 76px; line-height: 1.08; margin: 0; letter-spacing: -2px; }
  p { font-size: 32px; line-height: 1.4; margin: 24px 0 0; color: #cbd5e1; }
  .foot { display: flex; align-items: center; font-size: 26px; color: #94a3b8; }
  .dot { width: 18px; height: 18px; border-radius: 50%; margin-right: 14px; }
</style>
<div class="card">
  <div class="tag" style="background: {{accent}}">{{tag}}</div>
  <div style="display: flex; flex-direction: column">
    <h1 data-fit="title">{{title}}</h1>
    <p data-fit="subtitle">{{subtitle}}</p>
  </div>
  <div class="foot">
    <div class="dot" style="background: {{accent}}"></div>
    {{site}}
  </div>
</div>
`;

const jsxCard = `export const options = { width: 1200, height: 630 };

export default function Template({
  title = "Ship cards from one template",
  author = "Ada Lovelace",
  accent = "#f97316",
  background = "#fff7ed",
}) {
  return (
    <div style={{ display: "flex", flexDirection: "column", justifyContent: "center",
      width: "100%", height: "100%", padding: 88, boxSizing: "border-box",
      background, fontFamily: "Space Grotesk" }}>
      <div style={{ width: 96, height: 10, borderRadius: 5, background: accent, marginBottom: 40 }} />
      <div style={{ fontSize: 80, fontWeight: 700, lineHeight: 1.05, color: "#1c1917" }}>{title}</div>
      <div style={{ fontSize: 34, marginTop: 40, color: accent, fontFamily: "Inter" }}>by {author}</div>
    </div>
  );
}
`;

const layers = {
  width: 1080,
  height: 1080,
  background: '#ecfeff',
  elements: [
    { type: 'rectangle', x: 60, y: 60, width: 960, height: 960, fill: '#ffffff', borderRadius: 48 },
    { type: 'rectangle', x: 140, y: 180, width: 120, height: 12, fill: '#0891b2', borderRadius: 6 },
    {
      type: 'text',
      dynamicKey: 'quote',
      x: 140,
      y: 250,
      width: 800,
      height: 520,
      text: 'Make it work, make it right, make it fast.',
      fontFamily: 'Playfair Display',
      fontSize: 84,
      lineHeight: 1.2,
      color: '#083344',
      maxLines: 5,
    },
    {
      type: 'text',
      dynamicKey: 'author',
      x: 140,
      y: 840,
      width: 800,
      text: 'Kent Beck',
      fontSize: 40,
      fontWeight: 600,
      color: '#0e7490',
    },
  ],
};

export const starters: readonly Starter[] = [
  {
    id: 'html-card',
    name: 'Article card',
    kind: 'html',
    source: htmlCard,
    width: 1200,
    height: 630,
    variables: {
      tag: 'Engineering',
      title: 'How we render ten thousand cards a minute',
      subtitle: 'One template, any variables, an image in ten milliseconds.',
      site: 'placard.dev/blog',
      accent: '#38bdf8',
    },
  },
  {
    id: 'jsx-card',
    name: 'Author card (JSX)',
    kind: 'jsx',
    source: jsxCard,
    width: 1200,
    height: 630,
    variables: {},
  },
  {
    id: 'layers-quote',
    name: 'Quote (layers)',
    kind: 'elements',
    source: `${JSON.stringify(layers, null, 2)}\n`,
    width: 1080,
    height: 1080,
    variables: {},
  },
];
