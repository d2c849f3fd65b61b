// SVG <foreignObject>: HTML laid out in a rectangle of the SVG. Takumi draws an inline SVG as an
// image and leaves foreignObject empty. When the SVG is drawn at 1:1 (its viewBox, if any, is its
// own size) and the foreignObject is the last thing it paints, the browser's picture is exactly
// the SVG with the HTML on top in that rectangle: a relatively positioned box of the SVG's size
// holding the SVG and an absolutely positioned, clipped box with the HTML. Anything else (a
// scaled viewBox, content painted over it, a transform or presentation attribute that would
// reach the HTML, CSS that styles the SVG) is left as it is, and auto sends it to Chromium.
import { Element, type ChildNode } from 'domhandler';
import type { Computed } from './computed.ts';
import { signatures } from './contents.ts';

const NUMBER = /^\d+(?:\.\d+)?(?:px)?$/;
const SVG_ATTRIBUTES = new Set(['width', 'height', 'viewbox', 'xmlns', 'xmlns:xlink', 'version']);
const FOREIGN_ATTRIBUTES = new Set(['x', 'y', 'width', 'height']);

export function liftForeignObjects(computed: Computed): boolean {
  const svgs = allSvgs(computed.template.document.children);
  if (svgs.length === 0) return false;
  // Every element, SVG insides too: CSS reaches the HTML in a foreignObject, so it must match the
  // same rules once lifted out.
  const everything = (): Element[] => descendants(computed.template.document.children);
  const before = signatures(computed, everything());
  let changed = false;
  for (const svg of svgs) {
    const plan = planFor(svg, computed, before);
    if (!plan) continue;
    const undo = lift(svg, plan.foreign, plan.size);
    const after = signatures(computed, everything());
    const same = [...after].every(
      ([element, signature]) => !before.has(element) || before.get(element) === signature,
    );
    if (same) changed = true;
    else undo();
  }
  return changed;
}

function descendants(nodes: ChildNode[]): Element[] {
  return nodes.flatMap((node) =>
    node.type === 'tag' ? [node as Element, ...descendants((node as Element).children)] : [],
  );
}

function allSvgs(nodes: ChildNode[]): Element[] {
  const found: Element[] = [];
  for (const node of nodes) {
    if (node.type !== 'tag') continue;
    const element = node as Element;
    if (element.name.toLowerCase() === 'svg') found.push(element);
    else found.push(...allSvgs(element.children));
  }
  return found;
}

interface Plan {
  foreign: Element;
  size: { width: number; height: number; x: number; y: number; w: number; h: number };
}

function planFor(svg: Element, computed: Computed, before: ReadonlyMap<Element, string>): Plan | undefined {
  const kids = svg.children.filter((child): child is Element => child.type === 'tag');
  const foreign = kids[kids.length - 1];
  if (!foreign || foreign.name.toLowerCase() !== 'foreignobject') return undefined;
  if (kids.some((kid) => kid !== foreign && /foreignobject/i.test(kid.name))) return undefined;
  if (!svg.parent || computed.template.inline.has(svg) || before.get(svg) !== '') return undefined;
  const attrs = (element: Element, allowed: Set<string>): boolean =>
    Object.keys(element.attribs).every((name) => allowed.has(name.toLowerCase()));
  if (!attrs(svg, SVG_ATTRIBUTES) || !attrs(foreign, FOREIGN_ATTRIBUTES)) return undefined;
  const num = (element: Element, name: string, fallback?: number): number | undefined => {
    const value = element.attribs[name];
    if (value === undefined) return fallback;
    return NUMBER.test(value.trim()) ? parseFloat(value) : undefined;
  };
  const width = num(svg, 'width');
  const height = num(svg, 'height');
  const [x, y, w, h] = [
    num(foreign, 'x', 0),
    num(foreign, 'y', 0),
    num(foreign, 'width'),
    num(foreign, 'height'),
  ];
  if (width === undefined || height === undefined || x === undefined || y === undefined) return undefined;
  if (w === undefined || h === undefined) return undefined;
  const viewBox = svg.attribs.viewBox ?? svg.attribs.viewbox;
  if (viewBox !== undefined) {
    const box = viewBox
      .trim()
      .split(/[\s,]+/)
      .map(Number);
    if (box.join(' ') !== `0 0 ${width} ${height}`) return undefined;
  }
  return { foreign, size: { width, height, x, y, w, h } };
}

function lift(svg: Element, foreign: Element, size: Plan['size']): () => void {
  const parent = svg.parent!;
  const index = parent.children.indexOf(svg);
  const svgChildren = [...svg.children];
  const html = [...foreign.children];
  const box = new Element('div', {
    style: `position:absolute;left:${size.x}px;top:${size.y}px;width:${size.w}px;height:${size.h}px;overflow:hidden`,
  });
  const wrapper = new Element('div', {
    style: `display:inline-block;position:relative;width:${size.width}px;height:${size.height}px`,
  });
  svg.children = svgChildren.filter((child) => child !== foreign);
  relink(svg.children, svg);
  box.children = html;
  relink(html, box);
  svg.attribs.style = 'display:block';
  wrapper.children = [svg, box];
  relink(wrapper.children, wrapper);
  parent.children.splice(index, 1, wrapper);
  relink(parent.children, parent);
  return () => {
    delete svg.attribs.style;
    svg.children = svgChildren;
    relink(svgChildren, svg);
    foreign.children = html;
    relink(html, foreign);
    parent.children.splice(index, 1, svg);
    relink(parent.children, parent);
  };
}

function relink(children: ChildNode[], parent: ChildNode['parent']): void {
  children.forEach((child, i) => {
    child.parent = parent;
    child.prev = children[i - 1] ?? null;
    child.next = children[i + 1] ?? null;
  });
}
