import { describe, expect, it } from 'vitest';
import { compileJsx } from './compile.ts';

const propsOf = async (source: string) => (await compileJsx(source)).props;

describe('props schema', () => {
  it('lists destructured props with their literal defaults', async () => {
    const props = await propsOf(`
      export default function T({ title = 'Hi', size = -2, ratio = +1.5, list = [1, 'a'], style = { color: 'red' }, note = \`plain\`, subtitle }) {
        return <div />;
      }`);
    expect(props).toEqual([
      { name: 'title', default: 'Hi' },
      { name: 'size', default: -2 },
      { name: 'ratio', default: 1.5 },
      { name: 'list', default: [1, 'a'] },
      { name: 'style', default: { color: 'red' } },
      { name: 'note', default: 'plain' },
      { name: 'subtitle' },
    ]);
  });

  it('leaves out defaults that need code to compute', async () => {
    const props = await propsOf(
      'const Y = 2024;\nexport default function T({ year = Y, now = new Date().toISOString(), label = `y${1}` }) { return <div /> }',
    );
    expect(props).toEqual([{ name: 'year' }, { name: 'now' }, { name: 'label' }]);
  });

  it('handles TypeScript types, arrow functions and `export default Name`', async () => {
    const source = `
      type Props = { a?: string; b: number };
      const Card = ({ a = 'x', b }: Props) => <div>{a}{b}</div>;
      export default Card;`;
    expect(await propsOf(source)).toEqual([{ name: 'a', default: 'x' }, { name: 'b' }]);
  });

  it('names nested destructuring by its top-level prop', async () => {
    const props = await propsOf(
      'export default function T({ author: { name }, theme: t = "dark" }) { return <div /> }',
    );
    expect(props).toEqual([{ name: 'author' }, { name: 'theme', default: 'dark' }]);
  });

  it('collects what a rest element reads', async () => {
    const props = await propsOf(
      'export default function T({ title, ...rest }) { return <div>{title}{rest.subtitle}{rest["badge"]}</div> }',
    );
    expect(props).toEqual([{ name: 'title' }, { name: 'subtitle' }, { name: 'badge' }]);
  });

  it('collects props.x when the props are not destructured', async () => {
    const props = await propsOf(`
      export default function T(props) {
        const { accent = '#000' } = props;
        return <div style={{ color: accent }}>{props.title}{props['subtitle']}{props.title}</div>;
      }`);
    expect(props).toEqual([{ name: 'accent', default: '#000' }, { name: 'title' }, { name: 'subtitle' }]);
  });

  it('gives an empty schema for a template without props', async () => {
    expect(await propsOf('export default () => <div>static</div>;')).toEqual([]);
    expect(await propsOf('export default function T(_props = {}) { return <div /> }')).toEqual([]);
  });

  it('does not loop on a rest element that shadows its source', async () => {
    const source =
      'export default function T(p) { { const { ...p2 } = p; const { ...p3 } = p3; } return <div>{p.x}</div> }';
    expect(await propsOf(source)).toEqual([{ name: 'x' }]);
  });
});
