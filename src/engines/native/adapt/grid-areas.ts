// Named grid areas → line numbers. A browser turns `grid-template-areas` into four named lines per
// area (hero-start, hero-end for rows and columns) before layout; `grid-area: hero` then means
// `r1 / c1 / r2 / c2`. Takumi has no named areas, so the numbers are written here. A name two
// templates define differently is left alone (which container an item sits in is the DOM's call),
// and `grid-template-areas` is dropped only where the rule's own track lists already give the
// explicit grid the same size (its one other effect).
import type { Declaration, Root, Rule } from 'postcss';
import valueParser from 'postcss-value-parser';
import type { Computed } from './computed.ts';

interface Area {
  rowStart: number;
  rowEnd: number;
  colStart: number;
  colEnd: number;
}

interface Areas {
  byName: Map<string, Area>;
  rows: number;
  cols: number;
}

/** Parses `'hero side' 'hero stat'` into rectangles, or undefined when it is not a valid template. */
export function parseAreas(value: string): Areas | undefined {
  const rows = valueParser(value)
    .nodes.filter((node) => node.type === 'string')
    .map((node) => node.value.trim().split(/\s+/));
  const cols = rows[0]?.length ?? 0;
  if (rows.length === 0 || rows.some((row) => row.length !== cols)) return undefined;
  const byName = new Map<string, Area>();
  rows.forEach((row, r) =>
    row.forEach((name, c) => {
      if (/^\.+$/.test(name)) return;
      const area = byName.get(name);
      if (!area) byName.set(name, { rowStart: r + 1, rowEnd: r + 2, colStart: c + 1, colEnd: c + 2 });
      else {
        area.rowEnd = Math.max(area.rowEnd, r + 2);
        area.colEnd = Math.max(area.colEnd, c + 2);
      }
    }),
  );
  // Every area must be a filled rectangle, as the spec requires (else the declaration is invalid).
  for (const [name, a] of byName) {
    for (let r = a.rowStart; r < a.rowEnd; r += 1)
      for (let c = a.colStart; c < a.colEnd; c += 1) if (rows[r - 1]?.[c - 1] !== name) return undefined;
  }
  return { byName, rows: rows.length, cols };
}

/** How many tracks a track list declares, or undefined for what is not counted here. */
function trackCount(value: string): number | undefined {
  if (value.includes('[')) return undefined;
  let count = 0;
  for (const node of valueParser(value).nodes) {
    if (node.type === 'space' || node.type === 'comment') continue;
    if (node.type === 'function' && node.value.toLowerCase() === 'repeat') {
      const [times, ...rest] = valueParser.stringify(node.nodes).split(',');
      const n = Number(times?.trim());
      const inner = trackCount(rest.join(','));
      if (!Number.isInteger(n) || inner === undefined) return undefined;
      count += n * inner;
    } else if (node.type === 'word' || node.type === 'function') count += 1;
    else return undefined;
  }
  return count;
}

type Container = Rule | Root;

export function rewriteGridAreas(computed: Computed): boolean {
  const { template } = computed;
  const containers: Container[] = [...template.sheets.map((s) => s.root), ...template.inline.values()];
  const templates: { declaration: Declaration; areas: Areas }[] = [];
  for (const container of containers) {
    container.walkDecls(/^grid-template-areas$/i, (declaration) => {
      const areas = parseAreas(declaration.value);
      if (areas) templates.push({ declaration, areas });
    });
  }
  if (templates.length === 0) return false;
  const names = new Map<string, Area | null>();
  for (const { areas } of templates) {
    for (const [name, area] of areas.byName) {
      const known = names.get(name);
      names.set(name, known === undefined || (known && same(known, area)) ? area : null);
    }
  }
  let changed = false;
  for (const container of containers) {
    container.walkDecls(/^grid-(?:area|row|column)(?:-start|-end)?$/i, (declaration) => {
      const written = placement(declaration.prop.toLowerCase(), declaration.value, names);
      if (written !== undefined && written !== declaration.value) {
        declaration.value = written;
        changed = true;
      }
    });
  }
  for (const { declaration, areas } of templates) {
    const parent = declaration.parent;
    if (!parent || !('nodes' in parent)) continue;
    const tracks = (prop: string): number | undefined => {
      let found: number | undefined;
      parent.each((node) => {
        if (node.type === 'decl' && node.prop.toLowerCase() === prop) found = trackCount(node.value);
      });
      return found;
    };
    if (tracks('grid-template-rows') === areas.rows && tracks('grid-template-columns') === areas.cols) {
      declaration.remove();
      changed = true;
    }
  }
  return changed;
}

const same = (a: Area, b: Area): boolean =>
  a.rowStart === b.rowStart && a.rowEnd === b.rowEnd && a.colStart === b.colStart && a.colEnd === b.colEnd;

const KEYWORD = /^(?:auto|span|inherit|initial|unset|revert|revert-layer)$/i;

/** The value with area names as line numbers, or undefined when a name is not one known area. */
function placement(
  property: string,
  value: string,
  names: ReadonlyMap<string, Area | null>,
): string | undefined {
  const parts = value.split('/').map((part) => part.trim());
  // Which line each part names: grid-area is row-start / column-start / row-end / column-end.
  const slots: Record<string, ('rowStart' | 'rowEnd' | 'colStart' | 'colEnd')[]> = {
    'grid-area': ['rowStart', 'colStart', 'rowEnd', 'colEnd'],
    'grid-row': ['rowStart', 'rowEnd'],
    'grid-column': ['colStart', 'colEnd'],
    'grid-row-start': ['rowStart'],
    'grid-row-end': ['rowEnd'],
    'grid-column-start': ['colStart'],
    'grid-column-end': ['colEnd'],
  };
  const order = slots[property];
  if (!order || parts.length > order.length) return undefined;
  // A single name fills the omitted slots with itself (grid-area: a → a / a / a / a).
  const filled = order.map(
    (_, i) =>
      parts[i] ?? (parts.length === 1 && /^[a-z_][\w-]*$/i.test(parts[0] ?? '') ? parts[0] : undefined),
  );
  const out: string[] = [];
  for (const [i, part] of filled.entries()) {
    if (part === undefined) break;
    const slot = order[i]!;
    if (!/^[a-z_-][\w-]*$/i.test(part) || KEYWORD.test(part)) {
      out.push(part);
      continue;
    }
    const suffix = /-(start|end)$/.exec(part);
    const base = suffix ? part.slice(0, -suffix[0].length) : part;
    const area = names.get(base) ?? (suffix ? undefined : names.get(part));
    if (!area) return undefined;
    const line = suffix
      ? area[
          ((slot.startsWith('row') ? 'row' : 'col') + (suffix[1] === 'start' ? 'Start' : 'End')) as keyof Area
        ]
      : area[slot];
    out.push(String(line));
  }
  return out.join(' / ');
}
