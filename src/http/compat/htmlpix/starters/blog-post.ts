// Starter: a blog post Open Graph card (title, author, date, site, accent colour).
import type { Starter } from './types.ts';

export const blogPostStarter: Starter = {
  id: 'starter:blog-post',
  name: 'Blog Post OG',
  description: 'Card layout for blog posts: title, author, date and site name on a dark background.',
  code: `export const options = { width: 1200, height: 630, format: "webp" };

export default function Template({
  title = "How we render a million cards a day",
  author = "Ada Lovelace",
  date = "March 14, 2025",
  site = "engineering.example.com",
  accent = "#38bdf8",
}) {
  return (
    <div style={{ display: "flex", flexDirection: "column", width: "100%", height: "100%", boxSizing: "border-box", padding: 72,
      background: "linear-gradient(135deg, #0f172a 0%, #1e293b 100%)", color: "#f8fafc", fontFamily: "Inter" }}>
      <div style={{ display: "flex", alignItems: "center", fontSize: 28, color: accent, fontWeight: 700 }}>{site}</div>
      <div style={{ display: "flex", flexGrow: 1, alignItems: "center" }}>
        <h1 style={{ fontSize: title.length > 60 ? 60 : 76, lineHeight: 1.1, fontWeight: 700, margin: 0 }}>{title}</h1>
      </div>
      <div style={{ display: "flex", alignItems: "center", fontSize: 30, color: "#cbd5e1" }}>
        <div style={{ display: "flex", width: 56, height: 56, borderRadius: 28, background: accent, marginRight: 20 }} />
        <span style={{ fontWeight: 700, color: "#f8fafc" }}>{author}</span>
        <span style={{ margin: "0 16px" }}>·</span>
        <span>{date}</span>
      </div>
    </div>
  );
}
`,
};
