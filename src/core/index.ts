/**
 * The application core: built once from the database and handed to the web app, the CLI and (later) jobs. Changes
 * go through `run(command, actor, input)`; reads through `queries`, which take the actor too.
 */
import type { Connection } from '../db/connection.ts';
import { nowIso } from '../db/ids.ts';
import { actorByEmail, defaultActor } from './actors.ts';
import { recordAudit } from '../db/repositories/audit.repository.ts';
import { createAuth } from './auth.ts';
import { resolveCouncilAccount } from './commands/council-account.commands.ts';
import { createCouncilSignIn } from './council-sign-in.ts';
import { createMailer, type MailSettings } from './mailer.ts';
import { createEventNotifier } from './event-notifier.ts';
import { createDigests } from './digests.ts';
import { createDeadlineReminders } from './deadline-reminders.ts';
import { DEVELOPMENT_SECRET, type OidcSettings } from '../config.ts';
import { createPlanCache } from './plan-cache.ts';
import { createAccess } from './queries/access.ts';
import { createAccountQueries } from './queries/account.queries.ts';
import { createAuditQueries } from './queries/audit.queries.ts';
import { restoreBackup, writeBackup } from '../db/backup.ts';
import { createReadingPool, type ReadingBudget, type UploadReader } from '../import/reading-pool.ts';
import { createActionQueries } from './queries/action.queries.ts';
import { createMeasureQueries } from './queries/measure.queries.ts';
import { createPeopleQueries } from './queries/people.queries.ts';
import { createCalendarQueries } from './queries/calendar.queries.ts';
import { createFollowQueries } from './queries/follow.queries.ts';
import { createJobQueries } from './queries/job.queries.ts';
import { createLookupQueries } from './queries/lookup.queries.ts';
import { createPlanQueries } from './queries/plan.queries.ts';
import { createPreviewQueries } from './queries/preview.queries.ts';
import { createStructureQueries } from './queries/structure.queries.ts';
import { createSnapshotQueries } from './queries/snapshot.queries.ts';
import { createRunner, type Runner } from './runner.ts';
import { readOnce } from './request-scope.ts';

const ACCOUNT_COMMANDS = /^(token|user|session|invitation)\./;

export interface CoreOptions {
  /** Today's date (YYYY-MM-DD); tests fix it so rules about dates are stable. */
  today?: () => string;
  /** The sign-in throttle: wrong passwords per account and per address in a window (default 10 in 15 minutes). */
  signInThrottle?: { maxFailures: number; windowMinutes: number };
  /** How long a session may go unused before it ends (default 120 minutes). */
  sessionIdleMinutes?: number;
  /** The time and memory one upload may take to read (default 30 s and 512 MB). */
  reading?: ReadingBudget;
  /** Single sign-on with the council's OpenID provider; none when not set. */
  oidc?: OidcSettings | null;
  /** Email by SMTP; without it, messages go to the log and the outbox page. */
  mail?: MailSettings;
  /** The service's address, for links in emails (default http://localhost:3000). */
  publicUrl?: string;
  /** Signs the links in emails (SECRET_KEY). */
  secretKey?: string;
  /** Where the mailer reports what it could not send. */
  log?: (message: string, detail: Record<string, unknown>) => void;
}

export function createCore(connection: Connection, options: CoreOptions = {}) {
  const { db } = connection;
  const today = options.today ?? (() => nowIso().slice(0, 10));
  const cache = createPlanCache();
  const access = createAccess(db, cache, (planId) =>
    readOnce(`plan-head|${planId}`, () => connection.planHead(planId)),
  );
  const plans = createPlanQueries(db, cache, access);
  const people = createPeopleQueries(db, access, plans);
  const reader = createReadingPool(options.reading);
  const mailer = createMailer(
    db,
    options.mail ?? { smtpUrl: null, from: 'Improvement Plan Tracker <no-reply@localhost>' },
    options.log,
  );
  const publicUrl = (options.publicUrl ?? 'http://localhost:3000').replace(/\/+$/, '');
  const secretKey = options.secretKey ?? DEVELOPMENT_SECRET;
  // After commit: the request does not wait for the mail server.
  const deliverMail = () => {
    mailer
      .deliver()
      .catch((error: unknown) => options.log?.('email delivery failed', { error: String(error) }));
  };
  const notifyFailed = (error: unknown) =>
    options.log?.("followers' notifications failed", { error: String(error) });
  const notifier = createEventNotifier(db, { publicUrl, secretKey }, deliverMail, connection.dialect);
  const runner = createRunner(db, cache, today, reader, {
    councilSignIn: Boolean(options.oidc),
    publicUrl,
    secretKey,
    deliverMail,
    notifyFollowers: (organisationIds) => notifier.soon(organisationIds, notifyFailed),
  });
  const auth = createAuth(
    db,
    options.signInThrottle,
    (entry) => recordAudit(db, entry),
    options.sessionIdleMinutes,
  );
  const council = createCouncilSignIn(db, options.oidc ?? null);
  const run = (async (command, actor, input) => {
    const result = await runner.run(command, actor, input);
    if (ACCOUNT_COMMANDS.test(command.name)) auth.forgetAll();
    return result;
  }) as Runner['run'];

  /**
   * The end of a single sign-on: the provider's answer checked, the verified email matched to an account (or an
   * invitation, or a new account waiting for a role where the organisation allows it), and a session started.
   */
  async function finishCouncilSignIn(browserSecret: string | undefined, callback: URL) {
    const answer = await council.finish(browserSecret, callback);
    if (answer.kind !== 'verified') return answer;
    const account = await run(
      resolveCouncilAccount,
      { kind: 'operator', userId: null, name: 'single sign-on' },
      { email: answer.email, name: answer.name ?? undefined },
    );
    if (account.kind !== 'account') return { ...account, email: answer.email };
    const token = await auth.startCouncilSession(account.userId);
    if (!token) return { kind: 'deactivated' as const, email: answer.email };
    return { kind: 'signed-in' as const, token, returnTo: answer.returnTo };
  }

  return {
    connection,
    cache,
    today,
    /** Single sign-on with the council's account, when the settings name a provider. */
    councilSignIn: { enabled: council.enabled, begin: council.begin, finish: finishCouncilSignIn },
    /** Runs a command; a change to accounts, sessions or tokens is seen at once by this process's sign-in checks. */
    run,
    auth,
    /** Reads an upload in the worker pool, within the time and memory budget (the CLI's import too). */
    readUpload: (...args: Parameters<UploadReader['read']>) => reader.read(...args),
    /** Background work the worker runs: today's digests and reminders, followers' notifications left unread. */
    jobs: {
      notifyFollowers: () => notifier.run(),
      sendDigests: createDigests(db, { people, plans }, mailer, { publicUrl, secretKey }).send,
      sendDeadlineReminders: createDeadlineReminders(db, plans, mailer, { publicUrl, secretKey }).send,
    },
    /** Email: whether SMTP is set up, and delivering what waits in the outbox now. */
    mail: { smtp: mailer.smtp, deliver: mailer.deliver },
    /** Reads the event log for what waits, then stops the reading workers and the mail transport; the connection is the caller's to close. */
    close: async () => {
      await notifier.settle().catch(notifyFailed);
      mailer.close();
      await reader.close();
    },
    /** Operator tasks at the command line: a consistent backup of everything, and restoring one. */
    maintenance: {
      backup: (file: string) => writeBackup(connection, file),
      restore: (file: string, options: { force?: boolean }) => restoreBackup(connection, file, options),
    },
    /** The actor for `--as EMAIL` at the command line. */
    actorByEmail: (email: string) => actorByEmail(db, email),
    defaultActor: (organisationId: string | null) => defaultActor(db, organisationId),
    queries: {
      access,
      plans,
      actions: createActionQueries(db, access),
      measures: createMeasureQueries(db, cache, access),
      people,
      calendar: createCalendarQueries(db, plans, people),
      follows: createFollowQueries(db, access),
      jobs: createJobQueries(connection, access),
      accounts: createAccountQueries(db, access),
      audit: createAuditQueries(db, access),
      previews: createPreviewQueries(db),
      lookup: createLookupQueries(db),
      structure: createStructureQueries(db, access),
      snapshots: createSnapshotQueries(db, access),
    },
  };
}

export type Core = ReturnType<typeof createCore>;
