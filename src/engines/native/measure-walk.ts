// Finds the elements a template marks with `data-fit` in Takumi's measured tree. fromHtml keeps
// `data-*` attributes in `node.attributes`, but the measured tree carries no names, only boxes
// in node order, so both trees are walked in parallel. Takumi also makes boxes the node tree
// does not have (anonymous boxes around inline content), so children are grouped as Takumi
// groups them; where the counts still disagree nothing below is guessed: those marks come back
// unplaced. The grouping rules were read off Takumi 2.16's measure() output.
import type { MeasuredNode, Node } from '@takumi-rs/core';
import { displayOf } from './measure-style.ts';

export interface Placed {
  name: string;
  node: Node;
  measured: MeasuredNode;
  /** From the root to `node`, for inherited styles. */
  path: Node[];
}

/** A child box Takumi lays out: a node's own, or an anonymous one around a run of inline content. */
export type Box = { node: Node } | { group: Node[] };

const ITEMS_CONTAINER = /^(inline-)?(flex|grid)$|^-webkit-(inline-)?(box|flex)$/;

export function fitName(node: Node): string | undefined {
  const name = (node.attributes as Record<string, string> | undefined)?.['data-fit'];
  return name === undefined || name === '' ? undefined : name;
}

const childrenOf = (node: Node): Node[] => (node.type === 'container' ? (node.children ?? []) : []);
const isBlank = (node: Node) => node.type === 'text' && node.text.trim() === '';
/** Block-level by display (`none` included: Takumi still gives it an empty box). */
const isBlockish = (node: Node) => !/^(-webkit-)?inline/.test(displayOf(node));
const isOutOfFlow = (node: Node) => /^(absolute|fixed)$/.test(String(node.style?.position ?? ''));
const isAtomicInline = (node: Node) => /^(-webkit-)?inline-/.test(displayOf(node));

/**
 * Boxes inside inline content: out-of-flow elements and images. Inline blocks get boxes too, but
 * Takumi 2.16 reports no runs for their text, so content holding one is not walked at all.
 */
function inlineBoxes(members: readonly Node[]): Box[] | undefined {
  if (members.some(isAtomicInline)) return undefined;
  return members.filter((member) => isOutOfFlow(member) || member.type === 'image').map((node) => ({ node }));
}

/**
 * The boxes of the children of `node`, in order: one item per child in flex and grid; in a block
 * with block-level children, each in-flow block its own box and, only when there is inline
 * content at all, each run of the other children (out-of-flow ones too) one anonymous box.
 */
export function childBoxes(node: Node): Box[] | undefined {
  const children = childrenOf(node);
  if (ITEMS_CONTAINER.test(displayOf(node))) {
    return children.filter((child) => !isBlank(child)).map((child) => ({ node: child }));
  }
  if (!children.some(isBlockish)) return inlineBoxes(children);
  if (!children.some((child) => !isBlockish(child) && !isBlank(child))) {
    return children.filter(isBlockish).map((child) => ({ node: child }));
  }
  const boxes: Box[] = [];
  let group: Node[] = [];
  const close = () => {
    const [only] = group;
    if (!group.some((member) => !isBlank(member)))
      group = []; // blank between blocks: no box
    // Text alone in its anonymous box: the box holds exactly its runs.
    else if (group.length === 1 && only?.type === 'text') boxes.push({ node: only });
    else boxes.push({ group });
    group = [];
  };
  for (const child of children) {
    if (isBlockish(child) && !isOutOfFlow(child)) {
      close();
      boxes.push({ node: child });
    } else {
      group.push(child);
    }
  }
  close();
  return boxes;
}

/** The boxes inside `box` (a node's, or an anonymous group's), one per measured child, or undefined. */
export function pairChildren(box: Box, measured: MeasuredNode): Box[] | undefined {
  const boxes = 'node' in box ? childBoxes(box.node) : inlineBoxes(box.group);
  return boxes && boxes.length === measured.children.length ? boxes : undefined;
}

/**
 * Every marked element under the page `root` (Placard's wrapper around the document) with its
 * measured box, and the names of those that could not be placed.
 */
export function placeMarked(root: Node, measured: MeasuredNode): { placed: Placed[]; unplaced: string[] } {
  const placed: Placed[] = [];
  const unplaced: string[] = [];
  const lose = (node: Node): void => {
    const name = fitName(node);
    if (name !== undefined) unplaced.push(name);
    childrenOf(node).forEach(lose);
  };
  const visit = (box: Box, measuredBox: MeasuredNode, path: Node[]): void => {
    const node = 'node' in box ? box.node : undefined;
    const here = node ? [...path, node] : path;
    const name = node && fitName(node);
    if (node && name !== undefined) placed.push({ name, node, measured: measuredBox, path: here });
    const members = node ? childrenOf(node) : 'group' in box ? box.group : [];
    const inner = pairChildren(box, measuredBox) ?? [];
    inner.forEach((child, i) => visit(child, measuredBox.children[i] as MeasuredNode, here));
    // Members with no box of their own (inline text and spans) cannot be placed: report them.
    const boxed = new Set(inner.flatMap((child) => ('node' in child ? [child.node] : child.group)));
    members.filter((member) => !boxed.has(member)).forEach(lose);
  };
  // The page wrapper always holds the document as its one box, whatever the document's display.
  const [document] = childrenOf(root);
  const [documentBox] = measured.children;
  if (document && documentBox) visit({ node: document }, documentBox, [root]);
  return { placed, unplaced };
}
