// Starter: a square quote card for social posts (quote, author, role).
import type { Starter } from './types.ts';

export const quoteCardStarter: Starter = {
  id: 'starter:quote-card',
  name: 'Quote Card',
  description: 'Square social card for a quote with its author.',
  code: `export const options = { width: 1080, height: 1080, format: "png" };

export default function Template({
  quote = "Simplicity is prerequisite for reliability.",
  author = "Edsger W. Dijkstra",
  role = "Computer scientist",
  background = "#fef3c7",
  ink = "#1c1917",
}) {
  return (
    <div style={{ display: "flex", flexDirection: "column", justifyContent: "center", width: "100%", height: "100%", boxSizing: "border-box",
      padding: 96, background, color: ink, fontFamily: "Playfair Display" }}>
      <div style={{ display: "flex", fontSize: 200, lineHeight: 0.8, height: 120 }}>“</div>
      <p style={{ fontSize: quote.length > 120 ? 52 : 68, lineHeight: 1.25, margin: "24px 0 56px" }}>{quote}</p>
      <div style={{ display: "flex", flexDirection: "column", fontFamily: "Inter" }}>
        <span style={{ fontSize: 36, fontWeight: 700 }}>{author}</span>
        <span style={{ fontSize: 28, opacity: 0.7, marginTop: 8 }}>{role}</span>
      </div>
    </div>
  );
}
`,
};
