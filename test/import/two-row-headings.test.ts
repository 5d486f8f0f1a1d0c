/**
 * A heading row with sub-headings under it ("Timescale" over "Start" and "End"): each column is read by both rows,
 * the due date from the end, never from the start; a first row of work or a heading across the table under the
 * heading row is not taken for sub-headings.
 */
import { describe, expect, it } from 'vitest';
import { importBuffer } from '../../src/import/index.ts';

const plan = (...rows: string[]) =>
  importBuffer(
    'riverton.txt',
    Buffer.from(
      ['Riverton Borough Council', 'Improvement Plan', '14 September 2026', '', ...rows].join('\n'),
    ),
  );

describe('two heading rows', () => {
  it('takes due dates from the end column under a timescale heading, not from the start', async () => {
    const doc = await plan(
      'Ref\tAction\tLead\tTimescale\t\tRAG',
      '\t\t\tStart\tEnd\t',
      '1.1\tPublish the threshold guidance\tSam Okafor\tSeptember 2026\tDecember 2026\tGreen',
      '1.2\tRecruit two senior practitioners\tTom Reilly\tOctober 2026\tMarch 2027\tAmber',
    );
    expect(doc.actions.map((a) => [a.ref, a.leads, a.due?.raw, a.due?.end, a.status?.rag])).toEqual([
      ['1.1', ['Sam Okafor'], 'December 2026', '2026-12-31', 'green'],
      ['1.2', ['Tom Reilly'], 'March 2027', '2027-03-31', 'amber'],
    ]);
    expect(doc.findings.map((f) => f.code)).not.toContain('import.row_not_placed');
  });

  it('reads the first row of work and a heading across the table as what they are', async () => {
    const doc = await plan(
      'Ref\tAction\tLead\tTarget date\tRAG',
      // Merged across the table: one cell of the row holds text.
      'Leadership and management\t\t\t\t',
      '1.1\tAudit case files\tSam Okafor\tMay 2027\tGreen',
    );
    expect(doc.actions.map((a) => [a.ref, a.text, a.due?.end])).toEqual([
      ['1.1', 'Audit case files', '2027-05-31'],
    ]);
    // Short words under the headings, but under the action too: the first action, not sub-headings.
    const short = await plan('Ref\tAction\tLead\tTarget date\tRAG', '\tAudit files\tSam Okafor\t\t');
    expect(short.actions.map((a) => [a.text, a.leads])).toEqual([['Audit files', ['Sam Okafor']]]);
  });
});
