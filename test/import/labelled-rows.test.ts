/**
 * Rows that name their field in their first cell: a recommendation's card (its source, senior lead, timescale and
 * what success looks like around the grid of its actions) and forms (a table of labelled rows per action). The
 * card's facts go to the actions that do not state their own; a cell that only starts with a label's words is
 * still an action.
 */
import { describe, expect, it } from 'vitest';
import { importBuffer } from '../../src/import/index.ts';

const plan = (...lines: string[]) =>
  importBuffer(
    'riverton.txt',
    Buffer.from(
      [
        'Riverton Borough Council',
        'Children’s Services Improvement Plan',
        '14 September 2026',
        '',
        'Priority 1: The front door',
        ...lines,
      ].join('\n'),
    ),
  );

describe('a recommendation written as a card', () => {
  it('gives its senior lead, timescale and success measure to the actions that need them', async () => {
    const doc = await plan(
      'Recommendation 1\tScreen every contact within one working day.',
      'Source\tOfsted inspection of children’s services, July 2026',
      'Senior responsible officer\tHelen Price',
      'Timescale\tWithin 6 months',
      'Ref\tAction\tLead\tTarget date\tRAG',
      '1.1\tPublish the threshold guidance with partners\tSam Okafor\t31 October 2026\tGreen',
      '1.2\tRecruit two senior practitioners to the front door\t\t\tAmber',
      'What success will look like\tContacts screened within one working day rise to 95% by March 2027',
    );
    expect(doc.recommendations).toHaveLength(1);
    const [recommendation] = doc.recommendations;
    expect(recommendation).toMatchObject({ ref: 'R1', timeframe: 'Within 6 months' });
    expect(doc.sources.find((s) => s.id === recommendation?.sourceId)?.body).toBe('ofsted');
    const [first, second] = doc.actions;
    expect(doc.actions).toHaveLength(2);
    expect(first).toMatchObject({ ref: '1.1', leads: ['Sam Okafor'], due: { end: '2026-10-31' } });
    expect(second).toMatchObject({ ref: '1.2', leads: ['Helen Price'], due: { end: '2027-03-14' } });
    for (const action of doc.actions) {
      expect(action.recommendationIds).toEqual([recommendation?.id]);
      expect(action.successCriteria).toEqual([
        'Contacts screened within one working day rise to 95% by March 2027',
      ]);
    }
    const measure = doc.measures.find((m) => m.targets.some((t) => t.value === 95));
    expect(measure).toBeDefined();
    for (const action of doc.actions) expect(action.measureIds).toContain(measure?.id);
  });
});

describe('actions written as forms', () => {
  it('reads each run of labelled rows as one action, a field named again starting the next', async () => {
    const doc = await plan(
      'Recommendation 2: Improve the timeliness of child protection conferences.',
      '',
      'Action ref\t2a',
      'Action\tAppoint two more conference chairs',
      'Lead officer\tTom Reilly',
      'Target date\tDecember 2026',
      'RAG\tRed',
      'Action ref\t2b',
      'Action\tReport conference timeliness to the board',
      'Lead officer\tAisha Noor',
      'Target date\t31 January 2027',
      'RAG\tGreen',
      'Progress update\tThe first report went in November.',
    );
    expect(doc.recommendations.map((r) => r.ref)).toEqual(['R2']);
    expect(doc.actions.map((a) => [a.ref, a.text, a.leads, a.due?.end, a.status?.rag, a.progress])).toEqual([
      ['2a', 'Appoint two more conference chairs', ['Tom Reilly'], '2026-12-31', 'red', null],
      [
        '2b',
        'Report conference timeliness to the board',
        ['Aisha Noor'],
        '2027-01-31',
        'green',
        'The first report went in November.',
      ],
    ]);
    for (const action of doc.actions) expect(action.recommendationIds).toEqual([doc.recommendations[0]?.id]);
  });

  it('takes an action that only starts with a label’s words for an action', async () => {
    const doc = await plan(
      'Action\tTimescale',
      'Lead officer training for team managers\tMarch 2027',
      'Timescale reviews for every open case\tApril 2027',
    );
    expect(doc.actions.map((a) => [a.text, a.due?.end])).toEqual([
      ['Lead officer training for team managers', '2027-03-31'],
      ['Timescale reviews for every open case', '2027-04-30'],
    ]);
  });
});
