/**
 * Background work on a schedule, in `ipt serve` (unless --no-worker) or on its own (`ipt worker`): every minute the
 * followers are told of the changes no process has told them of yet and the outbox is delivered (what a stopped
 * process left, what failed before); once a day from the digest hour, today's
 * digests, update-deadline reminders and escalations are queued and sent. Each digest and email goes once whatever the number of workers (the outbox's keys
 * and claims), so every app server may run one.
 */
import type { Core } from './index.ts';

export interface WorkerOptions {
  everyMs?: number;
  /** Digests go from this hour of the day (server time), once a day. */
  digestHour?: number;
  log?: (message: string, detail?: Record<string, unknown>) => void;
}

export function startWorker(core: Core, options: WorkerOptions = {}) {
  const { everyMs = 60_000, digestHour = 7, log = () => {} } = options;
  let digestsSentFor: string | null = null;
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const today = core.today();
      if (digestsSentFor !== today && new Date().getHours() >= digestHour) {
        const queued = await core.jobs.sendDigests(today);
        const deadlines = await core.jobs.sendDeadlineReminders(today);
        digestsSentFor = today;
        log('digests, reminders and escalations queued', { day: today, digests: queued, ...deadlines });
      }
      await core.jobs.notifyFollowers();
      await core.mail.deliver();
    } catch (error) {
      log('background work failed; it is tried again next minute', { error: String(error) });
    } finally {
      running = false;
    }
  };
  void tick();
  const timer = setInterval(() => void tick(), everyMs);
  timer.unref();
  return {
    /** Runs the schedule's work now (tests, and a worker told to run once). */
    tick,
    stop: () => clearInterval(timer),
  };
}
