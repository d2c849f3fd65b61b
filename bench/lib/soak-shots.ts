// The four kinds of request the soak mixes, as HTTP requests against /v1/render: cache misses
// (the standard card with a new title each time), cache hits (the standard card itself, drawn
// once before the load), bad inputs (each a different 4xx), and slow remote images (the card
// with its avatar on the trickling image server, a new URL each time).
import { card } from './card.ts';
import type { Shot } from './load.ts';
import { BENCH_KEY } from './server.ts';

export const CLASSES = ['miss', 'hit', 'bad', 'slow'] as const;
export type ShotClass = (typeof CLASSES)[number];

const json = { authorization: `Bearer ${BENCH_KEY}`, 'content-type': 'application/json' };
const render = (body: unknown): Shot => ({
  method: 'POST',
  path: '/v1/render',
  headers: json,
  body: JSON.stringify(body),
});

/** Each answered by a 4xx before any drawing: what clients get wrong, over and over. */
const badShots: Shot[] = [
  { method: 'POST', path: '/v1/render', headers: json, body: '{"html": "<div>' }, // INVALID_JSON
  render({ ...card, width: 99_999 }), // VALIDATION_FAILED
  render({ template_id: 'tpl_does_not_exist', variables: {} }), // TEMPLATE_NOT_FOUND
  render({ ...card, html: '<div>{{#if title}}unclosed</div>' }), // TEMPLATE_COMPILE_FAILED
  render({ ...card, variables: { ...card.variables, avatar: 'http://10.0.0.1/a.png' } }), // ASSET_FETCH_FAILED
  { ...render(card), headers: { 'content-type': 'application/json' } }, // UNAUTHORIZED
];

/** What a request of `kind` looks like; `n` makes misses and slow images distinct. */
export function createShots(runId: string, slowUrl: (n: number) => string) {
  return {
    miss: (n: number) =>
      render({ ...card, variables: { ...card.variables, title: `Soak ${runId} card number ${n}` } }),
    hit: () => render(card),
    bad: (n: number) => badShots[n % badShots.length]!,
    slow: (n: number) => render({ ...card, variables: { ...card.variables, avatar: slowUrl(n) } }),
  } satisfies Record<ShotClass, (n: number) => Shot>;
}

/**
 * The class of the i-th request for the given shares: the class furthest behind its share, so
 * the mix holds at every point of the run, not only on average.
 */
export function createMix(shares: Record<ShotClass, number>) {
  const counts = Object.fromEntries(CLASSES.map((c) => [c, 0])) as Record<ShotClass, number>;
  const total = CLASSES.reduce((sum, c) => sum + shares[c], 0);
  let sent = 0;
  return (): ShotClass => {
    sent += 1;
    let pick: ShotClass = CLASSES[0];
    let behind = -Infinity;
    for (const c of CLASSES) {
      const deficit = (shares[c] / total) * sent - counts[c];
      if (deficit > behind) [pick, behind] = [c, deficit];
    }
    counts[pick] += 1;
    return pick;
  };
}
