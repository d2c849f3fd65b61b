// Turns Takumi's measured tree into the engine-neutral MeasuredLayout: for each placed `data-fit`
// element its text, content box and runs in CSS pixels, page coordinates. Takumi measures in
// output pixels (CSS px times the scale) and gives each run relative to the content box of the
// box that holds it, so runs are moved by that box's position plus its padding and border.
import type { MeasuredNode, Node } from '@takumi-rs/core';
import type { MeasuredLayout, MeasuredRun, MeasuredText } from '../types.ts';
import { hasFixedHeight, insetsOf, lineClampOf, lineHeightOf } from './measure-style.ts';
import { pairChildren, placeMarked, type Box } from './measure-walk.ts';

export function toMeasuredLayout(page: Node, measured: MeasuredNode, scale: number): MeasuredLayout {
  const { placed, unplaced } = placeMarked(page, measured);
  const texts: MeasuredText[] = [];
  for (const { name, node, measured: box, path } of placed) {
    const text = textOf(node);
    const runs: MeasuredRun[] = [];
    collectRuns({ node }, box, scale, runs);
    // The walk pairs boxes by structure; a run that is not part of the element's text means it
    // paired wrongly (a stylesheet changed a display it cannot see), so it reports nothing.
    const folded = foldText(text);
    if (!runs.every((run) => belongsTo(run.text, folded))) {
      unplaced.push(name);
      continue;
    }
    const insets = insetsOf(node);
    const [x = 0, y = 0] = box.transform.slice(4);
    texts.push({
      name,
      text,
      box: {
        x: x / scale + insets.left,
        y: y / scale + insets.top,
        width: Math.max(0, box.width / scale - insets.left - insets.right),
        height: Math.max(0, box.height / scale - insets.top - insets.bottom),
      },
      runs,
      lineClamp: lineClampOf(node),
      fixedHeight: hasFixedHeight(node),
      lineHeight: lineHeightOf(path),
    });
  }
  return { width: measured.width / scale, height: measured.height / scale, texts, unplaced };
}

/** The text of every text node under `node`, in document order (emoji are images by now). */
export function textOf(node: Node): string {
  if (node.type === 'text') return node.text;
  if (node.type === 'container') return (node.children ?? []).map(textOf).join('');
  return '';
}

/** Runs of `measured` and every box inside it, in page coordinates. */
function collectRuns(box: Box | undefined, measured: MeasuredNode, scale: number, into: MeasuredRun[]): void {
  // An anonymous box (a group, or one the walk cannot pair) has no padding or border of its own.
  const insets = box && 'node' in box ? insetsOf(box.node) : { left: 0, top: 0 };
  const [x = 0, y = 0] = measured.transform.slice(4);
  const left = x / scale + insets.left;
  const top = y / scale + insets.top;
  for (const run of measured.runs) {
    into.push({
      text: run.text,
      x: left + run.x / scale,
      y: top + run.y / scale,
      width: run.width / scale,
      height: run.height / scale,
    });
  }
  const inner = box ? pairChildren(box, measured) : undefined;
  measured.children.forEach((child, i) => collectRuns(inner?.[i], child, scale, into));
}

/** Text compared as drawn: case-folded (text-transform) and without whitespace or invisibles. */
export function foldText(text: string): string {
  return text.replace(/[\s\u00ad\u200b-\u200d\u2060\ufeff]/g, '').toUpperCase();
}

function belongsTo(run: string, foldedText: string): boolean {
  const folded = foldText(run).replace(/[-\u2010…]$/, ''); // a hyphen or ellipsis the layout added
  return folded === '' || foldedText.includes(folded);
}
