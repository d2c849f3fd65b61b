// Calendar months in UTC: the period a monthly quota counts, and when it starts over. UTC on
// every node, so nodes in different time zones count the same month.

/** 'YYYY-MM' of the month `date` falls in (UTC). */
export function periodOf(date: Date): string {
  return date.toISOString().slice(0, 7);
}

/** The first instant of the month after `date`'s (UTC). */
export function nextPeriodStart(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1));
}

/** Whole seconds from `now` until `at`, at least 1: a Retry-After of 0 invites a busy loop. */
export function secondsUntil(at: number, now: Date): number {
  return Math.max(1, Math.ceil((at - now.getTime()) / 1000));
}
