// Load drivers for the soak, on undici over loopback. closedLoop keeps a fixed number of
// requests in flight (what the server can do: its capacity); openLoop sends at a fixed arrival
// rate whatever the server does (what clients do: a slow server does not slow them down),
// which is the only way to see whether an overloaded server queues without bound.
// Every request is recorded by class: status, latency, Retry-After on 503, or no reply.
import { setMaxListeners } from 'node:events';
import { Agent, request } from 'undici';

export interface Shot {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface ClassStats {
  sent: number;
  statuses: Map<number, number>;
  /** Error codes of 5xx replies, for the report. */
  serverErrors: Map<string, number>;
  latenciesMs: number[];
  busy: number;
  busyWithRetryAfter: number;
  /** What each 503 said was full: the event loop, the render queue or the image fetches. */
  busyCauses: Map<string, number>;
  /** Requests that got no reply: a socket error, or still unanswered when the drain ended. */
  noReply: number;
  noReplyReasons: Map<string, number>;
}

export function newStats(): ClassStats {
  return {
    sent: 0,
    statuses: new Map(),
    serverErrors: new Map(),
    latenciesMs: [],
    busy: 0,
    busyWithRetryAfter: 0,
    busyCauses: new Map(),
    noReply: 0,
    noReplyReasons: new Map(),
  };
}

const bump = <K>(map: Map<K, number>, key: K) => map.set(key, (map.get(key) ?? 0) + 1);

/** One HTTP client for a run: unlimited sockets, no client-side timeouts (the drain decides). */
export function createClient(base: string) {
  const agent = new Agent({ connections: null, headersTimeout: 0, bodyTimeout: 0, keepAliveTimeout: 10_000 });
  const stop = new AbortController();
  setMaxListeners(0, stop.signal); // one listener per request in flight, by design
  let inFlight = 0;
  let peakInFlight = 0;

  async function send(shot: Shot, stats: ClassStats): Promise<void> {
    stats.sent += 1;
    inFlight += 1;
    peakInFlight = Math.max(peakInFlight, inFlight);
    const started = performance.now();
    try {
      const reply = await request(`${base}${shot.path}`, {
        method: shot.method,
        headers: shot.headers,
        body: shot.body,
        dispatcher: agent,
        signal: stop.signal,
      });
      const text = reply.statusCode >= 500 ? await reply.body.text() : undefined;
      if (text === undefined) await reply.body.dump({ limit: Infinity });
      stats.latenciesMs.push(performance.now() - started);
      bump(stats.statuses, reply.statusCode);
      if (reply.statusCode === 503) {
        stats.busy += 1;
        if (/^\d+$/.test(String(reply.headers['retry-after'] ?? ''))) stats.busyWithRetryAfter += 1;
      }
      if (reply.statusCode === 503) bump(stats.busyCauses, busyCause(text ?? ''));
      else if (text !== undefined) bump(stats.serverErrors, errorCode(text));
    } catch (error) {
      stats.noReply += 1;
      const code = (error as { code?: string }).code ?? (error as Error).name;
      bump(stats.noReplyReasons, stop.signal.aborted ? 'unanswered at the end of the drain' : code);
    } finally {
      inFlight -= 1;
    }
  }

  return {
    send,
    get inFlight() {
      return inFlight;
    },
    get peakInFlight() {
      return peakInFlight;
    },
    /** undici's own view: connections open, and requests it holds because none is free yet. */
    pool() {
      const stats = Object.values(agent.stats)[0] as
        { connected?: number; queued?: number; pending?: number } | undefined;
      return { connected: stats?.connected ?? 0, queued: (stats?.queued ?? 0) + (stats?.pending ?? 0) };
    },
    /** Waits until nothing is in flight or `graceMs` passed; then abandons what is left. */
    async drain(graceMs: number): Promise<void> {
      const deadline = Date.now() + graceMs;
      while (inFlight > 0 && Date.now() < deadline) await sleep(50);
      stop.abort();
      while (inFlight > 0) await sleep(10);
    },
    close: () => agent.close(),
  };
}

export type Client = ReturnType<typeof createClient>;

function errorCode(body: string): string {
  try {
    return (JSON.parse(body) as { error?: { code?: string } }).error?.code ?? 'no code';
  } catch {
    return 'not JSON';
  }
}

/** Which of the server's three bounds refused, from the SERVER_BUSY message. */
function busyCause(body: string): string {
  if (body.includes('event loop')) return 'event loop';
  if (body.includes('renders running')) return 'render queue';
  if (body.includes('remote images')) return 'image fetches';
  return `other (${errorCode(body)})`;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `concurrency` loops, each sending the next shot when the last one is answered, for `seconds`.
 * Counts the 200s: a refusal is not work done.
 */
export async function closedLoop(
  client: Client,
  concurrency: number,
  seconds: number,
  next: () => Shot,
  stats: ClassStats,
): Promise<{ completed: number; perSecond: number }> {
  const end = performance.now() + seconds * 1000;
  const before = stats.statuses.get(200) ?? 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) await client.send(next(), stats);
    }),
  );
  const completed = (stats.statuses.get(200) ?? 0) - before;
  return { completed, perSecond: completed / ((performance.now() - started) / 1000) };
}

/**
 * Sends `rate` requests per second for `seconds`, on a 10 ms tick that catches up on what the
 * timer fell behind on, so the arrival rate holds even when the event loop is busy. Returns when
 * the last request is sent (not answered); `onTick` runs every tick (RSS sampling).
 */
export async function openLoop(
  client: Client,
  rate: number,
  seconds: number,
  fire: (index: number) => void,
  onTick: () => void = () => undefined,
): Promise<{ sent: number }> {
  const started = performance.now();
  const total = Math.round(rate * seconds);
  let sent = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * rate));
    while (sent < due) fire(sent++);
    onTick();
    await sleep(10);
  }
  return { sent };
}
