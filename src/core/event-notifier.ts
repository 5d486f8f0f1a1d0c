/**
 * Notifications made from the event log: after a change commits (and each minute in the worker, for what a stopped
 * process left), the events after this reader's place in each organisation's chain are read in order, the ones worth
 * telling (domain/event-notices.ts) become emails to their followers in the outbox, and the place moves on — in one
 * transaction, so an event is told once. Each email's key names its event and recipient: a second notifier racing
 * this one queues nothing twice.
 */
import { sql } from 'kysely';
import type { Db, Executor } from '../db/connection.ts';
import { noticeOf, type EventNotice } from '../domain/event-notices.ts';
import { followersOf } from './followers.ts';
import { queueMail } from './mailer.ts';
import { named, tellEach, type Notice } from './notifications.ts';

const CONSUMER = 'notifications';
const BATCH = 500;

const COLOUR_WORDS: Record<string, string> = {
  red: 'red',
  amber: 'amber',
  green: 'green',
  blue: 'blue (its final target met and held)',
};
const colourWord = (colour: string | null) => (colour ? (COLOUR_WORDS[colour] ?? colour) : 'no colour');

const HOW: Record<string, string> = {
  progress: 'an update',
  'correct-update': 'a correction to an update',
  'withdraw-update': 'the withdrawal of an update',
};

interface Event {
  id: string;
  operation: string;
  actor: string;
  actorId: string | null;
}

async function noticeFor(db: Executor, event: Event, notice: EventNotice): Promise<Notice | null> {
  if (notice.kind === 'status-change') {
    const action = await db
      .selectFrom('actions')
      .innerJoin('plans', 'plans.id', 'actions.plan_id')
      .select(['actions.id', 'actions.ref', 'actions.text', 'actions.organisation_id', 'plans.title'])
      .where('actions.id', '=', notice.actionId)
      .executeTakeFirst();
    if (!action) return null;
    return {
      kind: 'status-change',
      mutable: 'status-change',
      organisationId: action.organisation_id,
      subject: `Now ${notice.to ?? 'without a status'}: ${named(action)}`,
      paragraphs: [
        `The status of “${named(action)}” in ${action.title} is now “${notice.to ?? 'none'}” (it was “${notice.from ?? 'none'}”), after ${HOW[event.operation] ?? 'a change'} by ${event.actor}.`,
      ],
      path: `/actions/${action.id}`,
    };
  }
  const measure = await db
    .selectFrom('measures')
    .innerJoin('plans', 'plans.id', 'measures.plan_id')
    .select(['measures.id', 'measures.name', 'measures.organisation_id', 'plans.title'])
    .where('measures.id', '=', notice.measureId)
    .executeTakeFirst();
  if (!measure) return null;
  return {
    kind: 'measure-colour',
    mutable: 'measure-colour',
    organisationId: measure.organisation_id,
    subject: `${measure.name} is now ${notice.to ?? 'without a colour'}`,
    paragraphs: [
      `“${measure.name}” in ${measure.title} has changed from ${colourWord(notice.from)} to ${colourWord(notice.to)}${notice.period ? ` at ${notice.period}` : ''}, after values entered by ${event.actor}.`,
      ...(notice.statement ? [`${notice.statement}.`] : []),
    ],
    path: `/measures/${measure.id}`,
    linkText: 'Open the measure',
  };
}

export function createEventNotifier(
  db: Db,
  settings: { publicUrl: string; secretKey: string },
  afterQueued: () => void,
  dialect: 'sqlite' | 'postgres' = 'sqlite',
  delayMs = 500,
) {
  /**
   * The reader's place in an organisation's log, held until commit. On PostgreSQL a place another process holds is
   * skipped rather than waited for (waiting would hold a pooled connection for as long as the other reads); on
   * SQLite the one writer at a time holds it already.
   */
  async function takePlace(trx: Executor, organisationId: string): Promise<{ seq: number } | undefined> {
    const query = trx
      .selectFrom('event_cursors')
      .select('seq')
      .where('consumer', '=', CONSUMER)
      .where('organisation_id', '=', organisationId);
    const row = await (dialect === 'postgres' ? query.forUpdate().skipLocked() : query).executeTakeFirst();
    return row && { seq: Number(row.seq) };
  }

  /** Reads one organisation's next events; how many emails it queued, and whether more events wait. */
  async function readOrganisation(organisationId: string): Promise<{ queued: number; more: boolean }> {
    return db.transaction().execute(async (trx) => {
      // The place exists after the first read of an organisation's log (migration 0027 made one for each then):
      // made here only when it is not found.
      let place = await takePlace(trx, organisationId);
      if (!place) {
        await trx
          .insertInto('event_cursors')
          .values({ consumer: CONSUMER, organisation_id: organisationId, seq: 0 })
          .onConflict((oc) => oc.columns(['consumer', 'organisation_id']).doNothing())
          .execute();
        place = await takePlace(trx, organisationId);
      }
      // Another process is reading this log now: it tells these events, or the worker's next round does.
      if (!place) return { queued: 0, more: false };
      const events = await trx
        .selectFrom('audit_log')
        .select([
          'id',
          'seq',
          'operation',
          'entity_type',
          'entity_id',
          'before_json',
          'after_json',
          'actor',
          'actor_id',
        ])
        .where('organisation_id', '=', organisationId)
        .where('seq', '>', Number(place.seq))
        .orderBy('seq')
        .limit(BATCH)
        .execute();
      let queued = 0;
      // Several events of one batch are often about one action: its followers are looked up once.
      const followers = new Map<string, ReturnType<typeof followersOf>>();
      const followersOnce = (subject: 'action' | 'plan', about: string) => {
        const key = `${subject}|${about}`;
        let found = followers.get(key);
        if (!found) followers.set(key, (found = followersOf(trx, subject, about)));
        return found;
      };
      for (const row of events) {
        const notice = noticeOf({
          operation: row.operation,
          entityType: row.entity_type,
          entityId: row.entity_id,
          before: row.before_json === null ? null : (JSON.parse(row.before_json) as unknown),
          after: row.after_json === null ? null : (JSON.parse(row.after_json) as unknown),
        });
        if (!notice) continue;
        const event = { id: row.id, operation: row.operation, actor: row.actor, actorId: row.actor_id };
        const message = await noticeFor(trx, event, notice);
        if (!message) continue;
        const subject = notice.kind === 'status-change' ? 'action' : 'plan';
        const about =
          notice.kind === 'status-change'
            ? notice.actionId
            : (
                await trx
                  .selectFrom('measures')
                  .select('plan_id')
                  .where('id', '=', notice.measureId)
                  .executeTakeFirst()
              )?.plan_id;
        if (!about) continue;
        await tellEach(
          {
            actorId: row.actor_id,
            ...settings,
            send: async (mail) => {
              await queueMail(trx, mail);
              queued += 1;
            },
            dedupeKey: (userId) => `event:${row.id}:${userId}`,
          },
          await followersOnce(subject, about),
          message,
        );
      }
      const last = events.at(-1);
      if (last)
        await trx
          .updateTable('event_cursors')
          .set({ seq: Number(last.seq) })
          .where('consumer', '=', CONSUMER)
          .where('organisation_id', '=', organisationId)
          .execute();
      return { queued, more: events.length === BATCH };
    });
  }

  /** Every organisation whose log has gone past this reader's place. */
  async function behind(): Promise<string[]> {
    const rows = await db
      .selectFrom('audit_heads')
      .leftJoin('event_cursors', (join) =>
        join
          .onRef('event_cursors.organisation_id', '=', 'audit_heads.organisation_id')
          .on('event_cursors.consumer', '=', CONSUMER),
      )
      .select('audit_heads.organisation_id')
      .where((eb) => eb('audit_heads.seq', '>', eb.fn.coalesce('event_cursors.seq', sql<number>`0`)))
      .execute();
    return rows.map((r) => r.organisation_id);
  }

  async function readAll(only: Set<string> | null): Promise<number> {
    let queued = 0;
    for (const organisationId of only ?? (await behind())) {
      for (;;) {
        const read = await readOrganisation(organisationId);
        queued += read.queued;
        if (!read.more) break;
      }
    }
    if (queued > 0) afterQueued();
    return queued;
  }

  // Changes arrive faster than a read takes: one read runs at a time, and one more follows for the organisations
  // whose changes came meanwhile (every organisation behind, when asked without naming them).
  let running: Promise<number> | null = null;
  let waiting: Set<string> | null | undefined;
  function run(organisationIds?: string[]): Promise<number> {
    const asked = organisationIds ? new Set(organisationIds) : null;
    if (running) {
      waiting = waiting === null || asked === null ? null : new Set([...(waiting ?? []), ...asked]);
      return running;
    }
    running = readAll(asked).finally(() => {
      running = null;
      if (waiting !== undefined) {
        const next = waiting;
        waiting = undefined;
        void run(next ? [...next] : undefined).catch(() => {});
      }
    });
    return running;
  }

  // After a commit the read waits a moment: the changes of that moment, in every organisation they touched, are then
  // read together instead of one read (and transaction) per change.
  let soonFor = new Set<string>();
  let timer: NodeJS.Timeout | null = null;
  function flush(): Promise<number> {
    if (timer) clearTimeout(timer);
    timer = null;
    const organisationIds = [...soonFor];
    soonFor = new Set();
    return organisationIds.length > 0 ? run(organisationIds) : Promise.resolve(0);
  }
  function soon(organisationIds: string[], onError: (error: unknown) => void): void {
    for (const id of organisationIds) soonFor.add(id);
    timer ??= setTimeout(() => void flush().catch(onError), delayMs).unref();
  }
  /** Reads what waits now (for a command line that ends, or a server that stops) and what is being read. */
  async function settle(): Promise<void> {
    await flush();
    while (running) await running;
  }

  return { run, soon, settle };
}
