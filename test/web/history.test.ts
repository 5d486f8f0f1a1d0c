import { describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../src/db/repositories/audit.repository.ts';
import { describeChange } from '../../src/web/history.ts';

const record = (operation: string, before: unknown, after: unknown): AuditRecord => ({
  id: 'x',
  occurredAt: '2026-11-22T10:00:00Z',
  actorId: null,
  actor: 'Tom Ashworth',
  operation,
  entityType: 'action',
  entityId: 'a1',
  planId: 'p1',
  before,
  after,
});

describe('describeChange', () => {
  it('says what an edit changed, with the reason for a new timescale', () => {
    const text = describeChange(
      record(
        'update',
        { text: 'A', leads: ['Ann Lee'], due: { raw: 'Nov-26' } },
        {
          text: 'A',
          leads: ['Ann Lee', 'Bo Chan'],
          due: { raw: '31 January 2027' },
          dueChangeReason: 'Waiting for HR',
        },
      ),
    );
    expect(text).toBe(
      'Changed the leads from Ann Lee to Ann Lee, Bo Chan; the timescale from “Nov-26” to “31 January 2027” (Waiting for HR)',
    );
  });

  it('names progress by its status, and an edit that changed nothing', () => {
    expect(describeChange(record('progress', { status: null }, { status: { raw: 'On schedule' } }))).toBe(
      'Progress: On schedule',
    );
    expect(describeChange(record('update', { text: 'A' }, { text: 'A' }))).toBe('Saved without changes');
    expect(describeChange(record('import', null, {}))).toBe('Import');
  });
});
