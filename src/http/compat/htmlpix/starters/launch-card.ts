// Starter: a product launch visual (product name, headline, tagline, call to action).
import type { Starter } from './types.ts';

export const launchCardStarter: Starter = {
  id: 'starter:launch-card',
  name: 'Launch Card',
  description: 'Marketing launch visual with a gradient, a headline and a call to action.',
  code: `export const options = { width: 1200, height: 630, format: "webp" };

export default function Template({
  product = "Placard 2.0",
  headline = "Launch Day",
  tagline = "Templates in, images out. Now twice as fast.",
  cta = "Available today",
  from = "#7c3aed",
  to = "#db2777",
}) {
  return (
    <div style={{ display: "flex", flexDirection: "column", justifyContent: "center", width: "100%", height: "100%", boxSizing: "border-box",
      padding: 80, background: \`linear-gradient(120deg, \${from} 0%, \${to} 100%)\`, color: "#ffffff", fontFamily: "Outfit" }}>
      <div style={{ display: "flex", fontSize: 30, fontWeight: 700, letterSpacing: 2, opacity: 0.85 }}>{product.toUpperCase()}</div>
      <h1 style={{ fontSize: 104, fontWeight: 700, lineHeight: 1, margin: "24px 0" }}>{headline}</h1>
      <p style={{ fontSize: 40, lineHeight: 1.3, margin: 0, maxWidth: 900, opacity: 0.92 }}>{tagline}</p>
      <div style={{ display: "flex", marginTop: 48 }}>
        <span style={{ padding: "16px 32px", borderRadius: 999, background: "#ffffff", color: to, fontSize: 30, fontWeight: 700 }}>{cta}</span>
      </div>
    </div>
  );
}
`,
};
