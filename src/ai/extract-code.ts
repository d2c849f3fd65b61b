// Pulls the TSX module out of a model's answer. Models wrap code in ``` fences (tagged tsx,
// jsx, typescript, or nothing) and often add a sentence before or after; some answer with
// the bare module. When there are several fenced blocks, the one with the default export is
// the template (the others are usually usage examples).

const FENCE = /```[\w.+-]*[^\S\n]*\n([\s\S]*?)(?:\n[^\S\n]*```|$)/g;

/** The module's source, or '' when the answer holds no module (a refusal, a question). */
export function extractCode(answer: string): string {
  const blocks = [...answer.matchAll(FENCE)].map((match) => (match[1] ?? '').trim()).filter(Boolean);
  // A bare module is taken whole; prose without one is no code, which the retry can say plainly.
  if (blocks.length === 0) return /export\s+default\b/.test(answer) ? answer.trim() : '';
  const withDefault = blocks.filter((block) => /export\s+default\b/.test(block));
  const candidates = withDefault.length > 0 ? withDefault : blocks;
  // The longest candidate: a fragment quoted in prose is shorter than the module it came from.
  return candidates.reduce((best, block) => (block.length > best.length ? block : best));
}
