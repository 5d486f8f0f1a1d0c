/** Words for an action's audit history: what each change did, as a board would want it said. */
import type { AuditRecord } from '../db/repositories/audit.repository.ts';

interface ActionSnapshot {
  text?: string;
  leads?: string[];
  partners?: string[];
  joint?: boolean;
  due?: { raw?: string } | null;
  status?: { raw?: string } | null;
  successCriteria?: string[];
  dueChangeReason?: string;
}

const listOf = (items: string[] | undefined) => (items && items.length > 0 ? items.join(', ') : 'none');

export function describeChange(record: AuditRecord): string {
  if (record.operation === 'progress') {
    const after = record.after as { status?: { raw?: string } } | null;
    return `Progress: ${after?.status?.raw ?? 'recorded'}`;
  }
  if (record.operation === 'correct-update') {
    const after = record.after as { date?: string; reason?: string } | null;
    return `Corrected the update of ${after?.date ?? ''}${after?.reason ? ` (${after.reason})` : ''}`;
  }
  if (record.operation === 'withdraw-update') {
    const before = record.before as { date?: string } | null;
    const after = record.after as { reason?: string } | null;
    return `Withdrew the update of ${before?.date ?? ''}${after?.reason ? ` (${after.reason})` : ''}`;
  }
  if (record.operation === 'move') return 'Moved';
  if (record.operation === 'sign-off') {
    const after = record.after as { decision?: string; reason?: string | null } | null;
    return after?.decision === 'approve'
      ? 'Signed off as complete'
      : `Returned without sign-off${after?.reason ? ` (${after.reason})` : ''}`;
  }
  if (record.operation === 'request-due-change') {
    const after = record.after as { due?: string; reason?: string } | null;
    return `Asked to move the date to “${after?.due ?? ''}” (${after?.reason ?? ''})`;
  }
  if (record.operation === 'decide-due-change') {
    const before = record.before as { due?: string } | null;
    const after = record.after as { decision?: string; note?: string | null } | null;
    return `${after?.decision === 'approved' ? 'Approved' : 'Refused'} the move to “${before?.due ?? ''}”${after?.note ? ` (${after.note})` : ''}`;
  }
  if (record.operation !== 'update')
    return record.operation.charAt(0).toUpperCase() + record.operation.slice(1);
  const before = (record.before ?? {}) as ActionSnapshot;
  const after = (record.after ?? {}) as ActionSnapshot;
  const changes: string[] = [];
  if (before.text !== after.text) changes.push('the wording of the action');
  if (listOf(before.leads) !== listOf(after.leads))
    changes.push(`the leads from ${listOf(before.leads)} to ${listOf(after.leads)}`);
  if (listOf(before.partners) !== listOf(after.partners) || before.joint !== after.joint)
    changes.push('the partners');
  if ((before.due?.raw ?? '') !== (after.due?.raw ?? '')) {
    const reason = after.dueChangeReason ? ` (${after.dueChangeReason})` : '';
    changes.push(
      `the timescale from “${before.due?.raw ?? 'none'}” to “${after.due?.raw ?? 'none'}”${reason}`,
    );
  }
  if (listOf(before.successCriteria) !== listOf(after.successCriteria)) changes.push('the success criteria');
  return changes.length > 0 ? `Changed ${changes.join('; ')}` : 'Saved without changes';
}
