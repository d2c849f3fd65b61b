// An Open Graph card as a JSX template, for `npx placard render examples/card.tsx`.
// Every prop has a default, so it renders with no variables; pass them with --var, e.g.
//   npx placard render examples/card.tsx --var title="Hello" --var tag=Release -o card.png
// A template runs in Placard's sandbox: no imports, only its props.

type Props = {
  title?: string;
  description?: string;
  author?: string;
  site?: string;
  tag?: string;
  accent?: string;
};

export const options = { width: 1200, height: 630, format: 'png' };

export default function Card({
  title = 'Ship images, not screenshots',
  description = 'Templates plus variables in, Open Graph cards out, drawn in about ten milliseconds.',
  author = 'The Placard team',
  site = 'placard.dev',
  tag = 'Guide',
  accent = '#f59e0b',
}: Props) {
  return (
    <div
      style={{
        display: 'flex',
        flexDirection: 'column',
        justifyContent: 'space-between',
        width: '100%',
        height: '100%',
        padding: 72,
        boxSizing: 'border-box',
        background: 'linear-gradient(135deg, #0f172a 0%, #1e293b 60%, #312e81 100%)',
        color: '#f8fafc',
        fontFamily: 'Inter',
      }}
    >
      <div style={{ display: 'flex', flexDirection: 'column' }}>
        <div style={{ display: 'flex', alignItems: 'center', gap: 16 }}>
          <span
            style={{
              padding: '8px 20px',
              borderRadius: 999,
              background: accent,
              color: '#0f172a',
              fontSize: 24,
              fontWeight: 700,
            }}
          >
            {tag}
          </span>
          <span style={{ fontSize: 24, opacity: 0.7 }}>{site}</span>
        </div>
        <h1
          data-fit="title"
          style={{
            fontSize: title.length > 48 ? 60 : 76,
            lineHeight: 1.1,
            fontWeight: 700,
            margin: '48px 0 24px',
          }}
        >
          {title}
        </h1>
        <p data-fit="description" style={{ fontSize: 32, lineHeight: 1.4, opacity: 0.8, margin: 0 }}>
          {description}
        </p>
      </div>
      <div style={{ display: 'flex', alignItems: 'center', gap: 20 }}>
        <div style={{ width: 56, height: 56, borderRadius: 28, background: accent }} />
        <span style={{ fontSize: 28, fontWeight: 700 }}>{author}</span>
      </div>
    </div>
  );
}
