/**
 * Read models of a plan (facts for the policies, overview, dashboard, scorecard, rendered pages) kept in memory
 * between requests. Every entry is keyed by one of the plan's two revisions, read from the database on each request,
 * so a change made through any process is seen on the next request to every other: the revision (every change), or
 * for what does not show actions' progress, the structure revision (every change but progress). A change made
 * through this process also drops the plan's entries at once (after its commit), to free the memory: a change of
 * progress only, those keyed by the revision.
 */
export interface PlanCache {
  /**
   * Forget what was read from this plan: the runner calls it after every commit that touched the plan, with
   * 'progress' when only an action's progress changed (entries keyed by the structure revision stay).
   */
  changed(planId: string, what?: 'all' | 'progress'): void;
  /** The value for this revision of the plan (`structural`: `revision` is the structure revision), read once. */
  read<T>(
    planId: string,
    revision: number,
    key: string,
    load: () => Promise<T>,
    structural?: boolean,
  ): Promise<T>;
  /** The value already read for this revision, without waiting: undefined when it must be read (or is being). */
  peek<T>(planId: string, revision: number, key: string): T | undefined;
}

export function createPlanCache(maxEntries = 2_000): PlanCache {
  interface Entry {
    planId: string;
    revision: number;
    structural: boolean;
    value: Promise<unknown>;
    settled?: { value: unknown };
  }
  const entries = new Map<string, Entry>();
  return {
    changed(planId, what = 'all') {
      for (const [id, entry] of entries)
        if (entry.planId === planId && (what === 'all' || !entry.structural)) entries.delete(id);
    },
    read<T>(
      planId: string,
      revision: number,
      key: string,
      load: () => Promise<T>,
      structural = false,
    ): Promise<T> {
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
      const entry: Entry = { planId, revision, structural, value };
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
