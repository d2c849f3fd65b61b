import { describe, expect, it } from 'vitest';
import { fromHtml } from 'takumi-js/helpers/html';
import { aliasFonts, renameFamilies, renameInList } from './custom-fonts.ts';

const font = (name: string, byte: number, weight?: number) => ({
  name,
  data: new Uint8Array([byte]),
  weight,
});

describe('caller fonts', () => {
  it('gives each family one alias, named by its files, faces of one family together', () => {
    const { aliases, faces } = aliasFonts([font('Brand', 1, 400), font('brand', 2, 700), font('Inter', 3)]);
    expect([...aliases.keys()]).toEqual(['brand', 'inter']);
    expect(faces.map((f) => f.alias)).toEqual([
      aliases.get('brand'),
      aliases.get('brand'),
      aliases.get('inter'),
    ]);
    expect(aliasFonts([font('Brand', 9)]).aliases.get('brand')).not.toBe(aliases.get('brand'));
    expect(aliasFonts([font('Brand', 1, 400), font('brand', 2, 700)]).aliases.get('brand')).toBe(
      aliases.get('brand'),
    );
  });

  it('renames only the caller families in lists, quoted or not, keeping the rest', () => {
    const aliases = new Map([['brand sans', 'placard-font-a']]);
    expect(renameInList(`"Brand Sans", Inter, sans-serif`, aliases)).toBe(
      '"placard-font-a", Inter, sans-serif',
    );
    expect(renameInList(`brand  sans`, aliases)).toBe('"placard-font-a"');
    expect(renameInList(`'Other', serif`, aliases)).toBe(`'Other', serif`);
  });

  it('renames inline styles, style sheets and font shorthands', () => {
    const aliases = new Map([['brand', 'placard-font-a']]);
    const { node, css } = fromHtml(
      '<style>.a{font-family:Brand,serif} .b{font:700 20px/1.2 "Brand"}</style><div class="a" style="font-family: Brand"><p style="font: italic 12px Brand, serif">x</p></div>',
    );
    const renamed = renameFamilies(node, css, aliases).join('\n');
    expect(renamed).toContain('font-family:"placard-font-a", serif');
    expect(renamed).toContain('font:700 20px/1.2 "placard-font-a"');
    expect(JSON.stringify(node)).toContain('\\"placard-font-a\\"');
    expect(JSON.stringify(node)).not.toMatch(/Brand/);
  });
});
