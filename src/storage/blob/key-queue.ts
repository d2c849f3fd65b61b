// Runs writes to the same key one after another inside this process. The fs store renames
// two files per put (sidecar, then data); without this, two concurrent puts of one key could
// interleave and leave A's bytes beside B's metadata.

export interface KeyQueue {
  run<T>(key: string, task: () => Promise<T>): Promise<T>;
  /** Resolves once every queued task has settled (for close()). */
  idle(): Promise<void>;
}

export function createKeyQueue(): KeyQueue {
  // The tail of each key's chain never rejects, so one failed put does not fail the next.
  const tails = new Map<string, Promise<void>>();
  return {
    run(key, task) {
      const result = (tails.get(key) ?? Promise.resolve()).then(task);
      const tail = result.then(
        () => undefined,
        () => undefined,
      );
      tails.set(key, tail);
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return result;
    },
    async idle() {
      await Promise.all(tails.values());
    },
  };
}
