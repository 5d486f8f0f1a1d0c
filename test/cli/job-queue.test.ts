/**
 * On PostgreSQL the background work runs on graphile-worker's queue in the database: two workers (two app servers)
 * share one queue, so one waiting email is sent once and one "minute" job waits at a time; a job that throws is kept
 * with its error and tried again later, and the organisation's administrators see it on the outbox page's query.
 */
import { makeWorkerUtils } from 'graphile-worker';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { inviteUser } from '../../src/core/commands/account.commands.ts';
import { DEMO_COUNCIL, DEMO_USER, loadDemo, readDemoPlan } from '../../src/core/demo.ts';
import { createCore, type Core } from '../../src/core/index.ts';
import { startWorker, type Worker } from '../../src/core/worker.ts';
import { openMigratedDatabase, type Connection } from '../../src/db/connection.ts';
import { OPERATOR } from '../../src/domain/actor.ts';
import { freshDatabaseUrl, postgresAvailable } from '../support/databases.ts';
import { startSmtp } from '../support/smtp.ts';

const until = async (check: () => boolean | Promise<boolean>, ms: number, what: string) => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

describe.skipIf(!postgresAvailable())('the job queue on postgres', () => {
  const open: { workers: Worker[]; cores: Core[]; connections: Connection[] } = {
    workers: [],
    cores: [],
    connections: [],
  };
  afterAll(async () => {
    for (const w of open.workers) await w.stop();
    for (const c of open.cores) await c.close();
    for (const c of open.connections) await c.close();
  });

  async function server(url: string, options: Parameters<typeof createCore>[1] = {}) {
    const connection = await openMigratedDatabase(url);
    const core = createCore(connection, options);
    open.connections.push(connection);
    open.cores.push(core);
    return core;
  }

  it('two workers, one waiting email, one email; one minute job waits at a time', async () => {
    const smtp = await startSmtp();
    try {
      const url = await freshDatabaseUrl('postgres');
      // This server has no mail server that answers: the invitation stays in the outbox for the workers.
      const first = await server(url, {
        mail: { smtpUrl: 'smtp://127.0.0.1:1', from: 'ipt <ipt@x.example>' },
      });
      await first.run(loadDemo, OPERATOR, { document: await readDemoPlan() });
      const council = (await first.queries.accounts.organisations()).find((o) => o.name === DEMO_COUNCIL)!;
      await first.run(inviteUser, await first.actorByEmail(DEMO_USER.email), {
        organisationId: council.id,
        email: 'quinn.queue@riverside.example',
        name: 'Quinn Queue',
        role: 'board',
      });
      await first.mail.deliver();
      const db = first.connection.db;
      await db
        .updateTable('mail_outbox')
        .set({ claimed_until: null, attempts: 0, last_error: null })
        .execute();

      const mail = { smtpUrl: smtp.url, from: 'ipt <ipt@riverside.example>' };
      for (let i = 0; i < 2; i += 1)
        open.workers.push(startWorker(await server(url, { mail }), { everyMs: 300 }));
      await until(() => smtp.received.length === 1, 20_000, 'the email');
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      expect(smtp.received).toHaveLength(1);
      expect(smtp.received[0]!.to).toMatchObject({ text: 'quinn.queue@riverside.example' });
      // The work ran on the queue: one "minute" job waits, under its key, whatever the number of workers.
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from graphile_worker.jobs
        where task_identifier = 'ipt-minute' and locked_at is null`.execute(db);
      expect(rows[0]!.n).toBe(1);
    } finally {
      await smtp.close();
    }
  }, 60_000);

  it('keeps a job that failed, with its error, to be tried again; administrators see it', async () => {
    const url = await freshDatabaseUrl('postgres');
    const setUp = await server(url);
    await setUp.run(loadDemo, OPERATOR, { document: await readDemoPlan() });
    // A server whose clock cannot be read: the daily job throws.
    const broken = await server(url, {
      today: () => {
        throw new Error('the clock is broken');
      },
    });
    open.workers.push(startWorker(broken, { everyMs: 60_000 }));
    await until(
      async () =>
        Boolean(
          (
            await sql<{
              name: string | null;
            }>`select to_regclass('graphile_worker.jobs')::text as name`.execute(setUp.connection.db)
          ).rows[0]?.name,
        ),
      20_000,
      'the queue',
    );
    const utils = await makeWorkerUtils({ pgPool: setUp.connection.pgPool! });
    try {
      await utils.addJob('ipt-daily', {}, { maxAttempts: 5 });
    } finally {
      await utils.release();
    }
    const admin = await setUp.actorByEmail(DEMO_USER.email);
    await until(
      async () => (await setUp.queries.jobs.failed(admin, admin.organisationId)).length > 0,
      20_000,
      'the failure',
    );
    const [failed] = await setUp.queries.jobs.failed(admin, admin.organisationId);
    expect(failed).toMatchObject({ task: 'ipt-daily', attempts: 1, gaveUp: false });
    expect(failed!.error).toContain('the clock is broken');
    expect(new Date(failed!.nextTry).getTime()).toBeGreaterThan(Date.now());
  }, 60_000);
});
