/**
 * A board meeting's reporting period: updates made since the board last met count for the next meeting, and are
 * due some days before it so the papers can be put together. With no meetings on the calendar the period is the
 * calendar month.
 */
export const DEFAULT_DEADLINE_DAYS = 7;

export interface ReportingPeriod {
  /** The next meeting on or after today, if the board has one on its calendar. */
  meeting: string | null;
  /** When updates for it are due: the board's deadline days before it. */
  deadline: string | null;
  /** Updates on or after this day count for the period. */
  since: string;
}

function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function reportingPeriod(
  meetings: readonly string[],
  today: string,
  deadlineDays = DEFAULT_DEADLINE_DAYS,
): ReportingPeriod {
  const sorted = [...meetings].sort();
  const meeting = sorted.find((m) => m >= today) ?? null;
  const previous = sorted.filter((m) => m < today).at(-1) ?? null;
  return {
    meeting,
    deadline: meeting ? addDays(meeting, -deadlineDays) : null,
    since: previous ?? `${today.slice(0, 7)}-01`,
  };
}

interface BoardCalendar {
  board: string;
  meetings: readonly string[];
  updateDeadlineDays?: number;
}

/**
 * The reporting period updates are owed for: the named board's, else that of the first board with a meeting to
 * come, else the calendar month.
 */
export function nextReportingPeriod<B extends BoardCalendar>(
  boards: readonly B[],
  today: string,
  boardName?: string,
): { board: B | null; period: ReportingPeriod } {
  const board =
    boards.find((b) => b.board === boardName) ??
    boards.find((b) => b.meetings.some((m) => m >= today)) ??
    null;
  return { board, period: reportingPeriod(board?.meetings ?? [], today, board?.updateDeadlineDays) };
}
