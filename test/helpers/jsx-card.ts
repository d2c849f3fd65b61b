// A typical JSX card template, shared by the JSX tests and bench/jsx-sandbox.ts so the measured
// numbers are for what the tests check renders correctly.

export const cardTemplate = `
type Props = { title?: string; description?: string; author?: string; tags?: string[]; accent?: string; dark?: boolean };

export const options = { width: 1200, height: 630, format: 'png', devicePixelRatio: 2 };

const Tag = ({ label, accent }: { label: string; accent: string }) => (
  <span style={{ padding: '6px 14px', borderRadius: 999, background: accent, color: '#fff', fontSize: 22 }}>#{label}</span>
);

function Footer({ author, children }: { author: string; children?: unknown }) {
  return (
    <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginTop: 'auto' }}>
      <span style={{ fontWeight: 600, opacity: 0.8 }}>{author}</span>
      <div style={{ display: 'flex', gap: 12 }}>{children}</div>
    </div>
  );
}

export default function Card({ title = 'Untitled', description, author = 'Placard', tags = [], accent = '#6d28d9', dark = false }: Props) {
  const shown = tags.slice(0, 3);
  return (
    <div
      className="card"
      style={{
        display: 'flex',
        flexDirection: 'column',
        width: '100%',
        height: '100%',
        padding: 64,
        background: dark ? '#0b1020' : '#ffffff',
        color: dark ? '#f8fafc' : '#0f172a',
        fontFamily: 'Inter',
      }}
    >
      <div style={{ width: 96, height: 8, borderRadius: 4, background: accent }} />
      <h1 style={{ fontSize: title.length > 40 ? 56 : 72, lineHeight: 1.1, margin: '32px 0 16px' }}>{title}</h1>
      {description ? <p style={{ fontSize: 30, lineHeight: 1.4, opacity: 0.75 }}>{description}</p> : null}
      <Footer author={author}>
        {shown.map((tag) => (
          <Tag key={tag} label={tag} accent={accent} />
        ))}
        {tags.length > shown.length && <span>+{tags.length - shown.length}</span>}
      </Footer>
    </div>
  );
}
`;

export const cardProps = {
  title: 'Ship images, not screenshots',
  description: 'Placard turns templates plus variables into Open Graph cards, banners and certificates.',
  author: 'Ada <ada@example.com>',
  tags: ['rendering', 'jsx', 'sandbox', 'quickjs'],
  dark: true,
};
