/**
 * Read models of a plan (its overview, dashboard and scorecard) kept in memory between requests. Every change
 * made through the services marks the plan changed, so this process never serves a stale read; a short
 * lifetime bounds how long a change made by another process can go unseen.
 */
export interface PlanCache {
  /** Forget everything read from this plan: called by every service that changes it. */
  changed(planId: string): void;
  read<T>(planId: string, key: string, load: () => Promise<T>): Promise<T>;
}

export function createPlanCache(lifetimeMs = 5_000, maxEntries = 500): PlanCache {
  const revisions = new Map<string, number>();
  const entries = new Map<string, { revision: number; expires: number; value: Promise<unknown> }>();
  return {
    changed(planId) {
      revisions.set(planId, (revisions.get(planId) ?? 0) + 1);
    },
    read<T>(planId: string, key: string, load: () => Promise<T>): Promise<T> {
      const revision = revisions.get(planId) ?? 0;
      const id = `${planId}|${key}`;
      const found = entries.get(id);
      if (found && found.revision === revision && found.expires > Date.now()) {
        entries.delete(id);
        entries.set(id, found);
        return found.value as Promise<T>;
      }
      // Full: the entry read longest ago makes room (a Map keeps insertion order; reads move entries to the end).
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string);
      const value = load();
      entries.set(id, { revision, expires: Date.now() + lifetimeMs, value });
      // A failed read is not remembered.
      value.catch(() => entries.delete(id));
      return value;
    },
  };
}
