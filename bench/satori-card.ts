// The standard card (standard-card.html) as a satori element tree. satori reads no <style>
// blocks or classes, so every rule of the HTML is repeated here as an inline style.
import { card } from './lib/card.ts';

export interface SatoriElement {
  type: string;
  props: {
    style?: Record<string, string | number>;
    children?: string | SatoriElement[];
    [key: string]: unknown;
  };
}

const el = (
  type: string,
  style: SatoriElement['props']['style'],
  children?: SatoriElement['props']['children'],
) => ({
  type,
  props: { style, children },
});

export function satoriCard(): SatoriElement {
  const v = card.variables;
  const text = { color: '#fff', fontWeight: 700 };
  const avatar: SatoriElement = {
    type: 'img',
    props: {
      src: v.avatar ?? '',
      width: 64,
      height: 64,
      style: { width: 64, height: 64, borderRadius: '50%' },
    },
  };
  return el(
    'div',
    {
      width: card.width,
      height: card.height,
      boxSizing: 'border-box',
      display: 'flex',
      flexDirection: 'column',
      justifyContent: 'space-between',
      padding: 64,
      fontFamily: 'Inter',
      backgroundImage: 'linear-gradient(135deg, #0f172a 0%, #1e1b4b 50%, #4c1d95 100%)',
    },
    [
      el('div', { display: 'flex', flexDirection: 'column', alignItems: 'flex-start' }, [
        el(
          'div',
          {
            ...text,
            background: '#6366f1',
            fontSize: 22,
            lineHeight: '28px',
            padding: '8px 20px',
            borderRadius: 9999,
          },
          v.tag,
        ),
        el('div', { ...text, marginTop: 36, fontSize: 56, lineHeight: '66px', width: 1072 }, v.title),
        el(
          'div',
          { marginTop: 24, color: '#cbd5e1', fontSize: 26, lineHeight: '38px', width: 1072 },
          v.description,
        ),
      ]),
      el('div', { display: 'flex', flexDirection: 'row', alignItems: 'center' }, [
        avatar,
        el('div', { ...text, marginLeft: 20, fontSize: 28, lineHeight: '34px' }, v.author),
      ]),
    ],
  );
}
