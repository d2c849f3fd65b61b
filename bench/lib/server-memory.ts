// The server's own view of its memory, from GET /metrics: with RSS alone, growth in the JS heap
// (garbage not yet collected, or a leak in JavaScript) cannot be told from native memory.
export interface ServerMemory {
  heapUsedMb: number;
  heapTotalMb: number;
  externalMb: number;
}

const GAUGES = {
  heapUsedMb: 'placard_nodejs_heap_size_used_bytes',
  heapTotalMb: 'placard_nodejs_heap_size_total_bytes',
  externalMb: 'placard_nodejs_external_memory_bytes',
} as const;

export async function serverMemory(base: string): Promise<ServerMemory> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const read = (name: string) => {
    const line = text.split('\n').find((l) => l.startsWith(`${name} `));
    if (!line) throw new Error(`GET /metrics has no ${name}`);
    return Number(line.slice(name.length + 1)) / 2 ** 20;
  };
  return {
    heapUsedMb: read(GAUGES.heapUsedMb),
    heapTotalMb: read(GAUGES.heapTotalMb),
    externalMb: read(GAUGES.externalMb),
  };
}

export function formatServerMemory(m: ServerMemory): string {
  return `JS heap ${m.heapUsedMb.toFixed(0)} of ${m.heapTotalMb.toFixed(0)} MB, external ${m.externalMb.toFixed(0)} MB`;
}
