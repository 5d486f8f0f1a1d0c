/**
 * Read models of a plan (facts for the policies, overview, dashboard, scorecard, rendered pages) kept in memory
 * between requests. Every entry is keyed by the plan's revision, read from the database on each request, so a
 * change made through any process is seen on the next request to every other. A change made through this process
 * also drops the plan's entries at once (after its commit), to free the memory.
 */
export interface PlanCache {
  /** Forget everything read from this plan: the runner calls it after every commit that touched the plan. */
  changed(planId: string): void;
  read<T>(planId: string, revision: number, key: string, load: () => Promise<T>): Promise<T>;
  /** The value already read for this revision, without waiting: undefined when it must be read (or is being). */
  peek<T>(planId: string, revision: number, key: string): T | undefined;
}

export function createPlanCache(maxEntries = 2_000): PlanCache {
  const entries = new Map<
    string,
    { planId: string; revision: number; value: Promise<unknown>; settled?: { value: unknown } }
  >();
  return {
    changed(planId) {
      for (const [id, entry] of entries) if (entry.planId === planId) entries.delete(id);
    },
    read<T>(planId: string, revision: number, key: string, load: () => Promise<T>): Promise<T> {
      const id = `${planId}|${key}`;
      const found = entries.get(id);
      if (found && found.revision === revision) {
        entries.delete(id);
        entries.set(id, found);
        return found.value as Promise<T>;
      }
      // Full: the entry read longest ago makes room (a Map keeps insertion order; reads move entries to the end).
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string);
      const value = load();
      const entry: {
        planId: string;
        revision: number;
        value: Promise<unknown>;
        settled?: { value: unknown };
      } = {
        planId,
        revision,
        value,
      };
      entries.set(id, entry);
      // A failed read is not remembered; a read that has arrived can be used without waiting.
      value.then(
        (settled) => (entry.settled = { value: settled }),
        () => entries.delete(id),
      );
      return value;
    },
    peek<T>(planId: string, revision: number, key: string): T | undefined {
      const found = entries.get(`${planId}|${key}`);
      return found && found.revision === revision ? (found.settled?.value as T | undefined) : undefined;
    },
  };
}
