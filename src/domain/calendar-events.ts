/**
 * What a calendar feed holds: each action's and milestone's due date, each board meeting, and the day the updates
 * for each meeting are due. Every event has a UID that never changes and a SEQUENCE that grows with each change
 * of the thing it comes from (an action's version, the plan's), so a calendar moves an event rather than adding one.
 */
import { addDaysIso, type IsoDate } from './calendar.ts';
import type { Governance } from './plan-format.ts';

export interface CalendarEvent {
  uid: string;
  sequence: number;
  /** An all-day event on this date. */
  date: IsoDate;
  summary: string;
  description: string;
  /** The page it is about, from the service's root. */
  path: string;
}

export interface DatedAction {
  id: string;
  ref: string | null;
  text: string;
  kind: 'action' | 'milestone';
  dueEnd: IsoDate | null;
  dueRaw: string | null;
  version: number;
}

const short = (text: string) => (text.length > 80 ? `${text.slice(0, 77).trimEnd()}…` : text);

export function actionEvents(plan: { title: string }, actions: DatedAction[]): CalendarEvent[] {
  return actions
    .filter((a): a is DatedAction & { dueEnd: IsoDate } => a.dueEnd !== null)
    .map((a) => ({
      uid: `${a.kind}-${a.id}@ipt`,
      sequence: a.version,
      date: a.dueEnd,
      summary: `${a.kind === 'milestone' ? 'Milestone' : 'Action'} due: ${a.ref ? `${a.ref} ` : ''}${short(a.text)}`,
      description: `${plan.title}. Due ${a.dueRaw ?? a.dueEnd}.\n${a.text}`,
      path: `/actions/${a.id}`,
    }));
}

/** A plan's board meetings and, before each, the day its updates are due. */
export function meetingEvents(
  plan: { id: string; title: string; version: number },
  governance: Governance[],
): CalendarEvent[] {
  return governance.flatMap((board, b) =>
    board.meetings.flatMap((meeting) => {
      const deadline = addDaysIso(meeting, -board.updateDeadlineDays);
      const key = `${plan.id}-${b}-${meeting}`;
      return [
        {
          uid: `meeting-${key}@ipt`,
          sequence: plan.version,
          date: meeting,
          summary: `${board.board} meets (${plan.title})`,
          description: `${board.board}: meeting of ${meeting} on ${plan.title}.`,
          path: `/plans/${plan.id}`,
        },
        {
          uid: `deadline-${key}@ipt`,
          sequence: plan.version,
          date: deadline,
          summary: `Updates due for the ${board.board} (${plan.title})`,
          description: `Progress on ${plan.title} is due today for the ${board.board} meeting of ${meeting}.`,
          path: `/plans/${plan.id}/updates-due`,
        },
      ];
    }),
  );
}
