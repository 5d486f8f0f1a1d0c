/**
 * What in the event log is worth telling followers: an action whose current status changed (an update recorded,
 * corrected or withdrawn) and a measure that changed colour. Pure: the notifier reads events after commit and asks
 * here; the rest of the log (edits, imports, sign-ins) tells nobody.
 */
export interface LoggedEvent {
  operation: string;
  entityType: string;
  before: unknown;
  after: unknown;
}

export type EventNotice =
  | { kind: 'status-change'; actionId: string; from: string | null; to: string | null }
  | {
      kind: 'measure-colour';
      measureId: string;
      from: string | null;
      to: string | null;
      statement: string;
      period: string | null;
    };

/** The operations a notice can come from: a change with none of them needs no notifier run. */
export const NOTIFYING_OPERATIONS: ReadonlySet<string> = new Set([
  'progress',
  'correct-update',
  'withdraw-update',
  'colour',
]);

const field = (value: unknown, key: string): unknown =>
  value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

export function noticeOf(event: LoggedEvent & { entityId: string }): EventNotice | null {
  if (event.entityType === 'action' && NOTIFYING_OPERATIONS.has(event.operation)) {
    // Events written before their current status was recorded tell nothing: nobody knows what changed.
    if (!event.after || field(event.after, 'currentStatus') === undefined) return null;
    const from =
      event.operation === 'progress'
        ? text(field(field(event.before, 'status'), 'raw'))
        : text(field(event.before, 'currentStatus'));
    if (event.operation !== 'progress' && field(event.before, 'currentStatus') === undefined) return null;
    const to = text(field(event.after, 'currentStatus'));
    return from === to ? null : { kind: 'status-change', actionId: event.entityId, from, to };
  }
  if (event.entityType === 'measure' && event.operation === 'colour') {
    const from = text(field(event.before, 'colour'));
    const to = text(field(event.after, 'colour'));
    if (from === to) return null;
    return {
      kind: 'measure-colour',
      measureId: event.entityId,
      from,
      to,
      statement: text(field(event.after, 'statement')) ?? '',
      period: text(field(event.after, 'period')),
    };
  }
  return null;
}
