/**
 * A lead's digest: of the actions and milestones they lead, those overdue, those due in the next fortnight, those
 * with no update for the plan's "stale" days, and those whose update is owed before the next board deadline. One
 * email for all of them; nothing when there is nothing to say.
 */
import { addDaysIso, daysBetween, type IsoDate } from './calendar.ts';

export interface DigestItem {
  actionId: string;
  planTitle: string;
  ref: string | null;
  text: string;
  due: { raw: string | null; end: IsoDate | null } | null;
  complete: boolean;
  overdue: boolean;
  lastUpdate: IsoDate | null;
  updateDue: boolean;
  updateDeadline: IsoDate | null;
  staleUpdateDays: number;
}

export interface Digest {
  overdue: DigestItem[];
  dueSoon: DigestItem[];
  noRecentUpdate: DigestItem[];
  updateBeforeBoard: DigestItem[];
}

export const DUE_SOON_DAYS = 14;

export function digestOf(items: DigestItem[], today: IsoDate): Digest | null {
  const open = items.filter((i) => !i.complete);
  const soon = addDaysIso(today, DUE_SOON_DAYS);
  const byDue = (a: DigestItem, b: DigestItem) => (a.due?.end ?? '9999').localeCompare(b.due?.end ?? '9999');
  const digest: Digest = {
    overdue: open.filter((i) => i.overdue).sort(byDue),
    dueSoon: open
      .filter((i) => !i.overdue && i.due?.end && i.due.end >= today && i.due.end <= soon)
      .sort(byDue),
    noRecentUpdate: open.filter(
      (i) => i.lastUpdate === null || daysBetween(i.lastUpdate, today) >= i.staleUpdateDays,
    ),
    updateBeforeBoard: open
      .filter((i) => i.updateDue && i.updateDeadline !== null && i.updateDeadline >= today)
      .sort((a, b) => (a.updateDeadline ?? '').localeCompare(b.updateDeadline ?? '')),
  };
  const empty = (Object.values(digest) as DigestItem[][]).every((list) => list.length === 0);
  return empty ? null : digest;
}

/** Whether a user with this setting gets a digest today: daily, or weekly on Mondays. */
export function digestDueOn(frequency: string, today: IsoDate): boolean {
  if (frequency === 'daily') return true;
  if (frequency !== 'weekly') return false;
  return new Date(`${today}T12:00:00Z`).getUTCDay() === 1;
}
