// Printing for bench/soak.ts: the per-class table and the list of broken invariants.
import type { ClassStats } from './load.ts';
import { CLASSES, type ShotClass } from './soak-shots.ts';
import { percentile } from './stats.ts';

const ms = (v: number) => (Number.isFinite(v) ? `${v.toFixed(0)} ms` : '-');
const list = (map: Map<string | number, number>) =>
  [...map]
    .sort(([a], [b]) => String(a).localeCompare(String(b)))
    .map(([k, n]) => `${k}: ${n}`)
    .join(', ') || '-';

export function printClasses(stats: Record<ShotClass, ClassStats>): void {
  const header = ['class', 'sent', 'replies by status', 'p50', 'p95', 'p99', 'no reply'];
  const rows = CLASSES.map((c) => {
    const s = stats[c];
    return [
      c,
      String(s.sent),
      list(s.statuses),
      ms(percentile(s.latenciesMs, 50)),
      ms(percentile(s.latenciesMs, 95)),
      ms(percentile(s.latenciesMs, 99)),
      String(s.noReply),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  for (const row of [header, ...rows]) {
    console.log(
      `  ${row.map((cell, i) => (i === 2 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')}`,
    );
  }
}

/** The hard invariants of the soak; each broken one is a line, and any makes the exit non-zero. */
export function brokenInvariants(stats: Record<ShotClass, ClassStats>, healthy: string[]): string[] {
  const broken: string[] = [];
  for (const c of CLASSES) {
    const s = stats[c];
    if (s.noReply > 0) broken.push(`${c}: ${s.noReply} requests got no reply (${list(s.noReplyReasons)})`);
    const otherServerErrors = [...s.statuses].filter(([status]) => status >= 500 && status !== 503);
    if (otherServerErrors.length > 0) {
      broken.push(
        `${c}: 5xx other than 503: ${otherServerErrors.map(([k, n]) => `${k} x${n}`).join(', ')} (codes ${list(s.serverErrors)})`,
      );
    }
    if (s.busyWithRetryAfter < s.busy) {
      broken.push(`${c}: ${s.busy - s.busyWithRetryAfter} of ${s.busy} 503 replies had no Retry-After`);
    }
  }
  const badAccepted = [...stats.bad.statuses].filter(([status]) => status < 400);
  if (badAccepted.length > 0) broken.push(`bad inputs answered ${list(new Map(badAccepted))}, not a 4xx`);
  broken.push(...healthy);
  return broken;
}

export { list as formatCounts };
