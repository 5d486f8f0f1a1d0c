/**
 * Background work, in `ipt serve` (unless --no-worker) or on its own (`ipt worker`). The same jobs either way:
 * - "minute": followers are told of the changes no process has told them of yet, and the outbox is delivered (what a
 *   stopped process left, what failed before); every `everyMs`;
 * - "daily": from the digest hour, today's digests, update-deadline reminders and escalations are queued and sent.
 * On PostgreSQL they run on graphile-worker's queue in the database, shared by every app server: one "minute" job
 * waits at a time (its key), the daily one is a cron entry run once whatever the number of workers (and caught up
 * when none ran at the hour), and a job that throws is retried with back-off and then kept, failed, with its error.
 * On SQLite (one server) they run in this process on a timer. Either way each digest and email goes once (the
 * outbox's keys and claims).
 */
import { Logger, run as runQueue, type Runner, type Task } from 'graphile-worker';
import type { Core } from './index.ts';

export interface WorkerOptions {
  everyMs?: number;
  /** Digests go from this hour of the day (server time; UTC on PostgreSQL's queue), once a day. */
  digestHour?: number;
  log?: (message: string, detail?: Record<string, unknown>) => void;
  /**
   * `ipt worker` on SQLite has nothing else to keep its process running (no sockets, no server): its timer must.
   * In a web server, or a test, the timer leaves the process free to end.
   */
  keepProcessAlive?: boolean;
}

export interface Worker {
  stop(): Promise<void>;
}

/** The work itself, the same on both databases. */
function jobsOf(core: Core) {
  return {
    async minute() {
      await core.jobs.notifyFollowers();
      await core.mail.deliver();
    },
    async daily() {
      const today = core.today();
      const digests = await core.jobs.sendDigests(today);
      const deadlines = await core.jobs.sendDeadlineReminders(today);
      return { day: today, digests, ...deadlines };
    },
  };
}

export function startWorker(core: Core, options: WorkerOptions = {}): Worker {
  const pool = core.connection.pgPool;
  return pool ? startQueueWorker(core, pool, options) : startTimerWorker(core, options);
}

function startTimerWorker(core: Core, options: WorkerOptions): Worker {
  const { everyMs = 60_000, digestHour = 7, log = () => {} } = options;
  const jobs = jobsOf(core);
  let dailyDoneFor: string | null = null;
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const today = core.today();
      if (dailyDoneFor !== today && new Date().getHours() >= digestHour) {
        log('digests, reminders and escalations queued', await jobs.daily());
        dailyDoneFor = today;
      }
      await jobs.minute();
    } catch (error) {
      log('background work failed; it is tried again next time', { error: String(error) });
    } finally {
      running = false;
    }
  };
  void tick();
  const timer = setInterval(() => void tick(), everyMs);
  if (!options.keepProcessAlive) timer.unref();
  return {
    stop: () => {
      clearInterval(timer);
      return Promise.resolve();
    },
  };
}

const MINUTE = 'ipt-minute';
const DAILY = 'ipt-daily';

function startQueueWorker(
  core: Core,
  pgPool: NonNullable<Core['connection']['pgPool']>,
  options: WorkerOptions,
) {
  const { everyMs = 60_000, digestHour = 7, log = () => {} } = options;
  const jobs = jobsOf(core);
  let stopped = false;
  const logger = new Logger(() => (level, message) => {
    // Its errors and warnings (a job that threw, a lost connection); the rest is chatter.
    if (['error', 'warning'].includes(String(level))) log(`job queue: ${message}`);
  });
  const taskList: Record<string, Task> = {
    [MINUTE]: async (_payload, helpers) => {
      try {
        await jobs.minute();
      } finally {
        // The next run waits under the same key: while this one runs (locked), a new one is queued beside it.
        if (!stopped)
          await helpers.addJob(
            MINUTE,
            {},
            { jobKey: MINUTE, jobKeyMode: 'replace', runAt: new Date(Date.now() + everyMs), maxAttempts: 5 },
          );
      }
    },
    [DAILY]: async () => {
      log('digests, reminders and escalations queued', await jobs.daily());
    },
  };
  // Every minute the cron entry makes sure a "minute" job waits (a worker killed mid-job queues no next one); daily,
  // the digests, caught up within a day by a worker that starts after the hour.
  const crontab = [
    `* * * * * ${MINUTE} ?jobKey=${MINUTE}&jobKeyMode=preserve_run_at&max=5`,
    `0 ${digestHour} * * * ${DAILY} ?fill=1d&max=5`,
  ].join('\n');
  const started: Promise<Runner | null> = runQueue({
    pgPool,
    taskList,
    crontab,
    logger,
    noHandleSignals: true,
    concurrency: 2,
  })
    .then(async (r) => {
      await r.addJob(MINUTE, {}, { jobKey: MINUTE, jobKeyMode: 'replace', maxAttempts: 5 });
      return r;
    })
    .catch((error: unknown) => {
      log('the job queue did not start', { error: String(error) });
      return null;
    });
  return {
    async stop() {
      stopped = true;
      await (await started)?.stop();
    },
  };
}
