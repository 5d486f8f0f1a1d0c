import type { Command } from 'commander';
import { oidcSettings, rateLimits, readConfig, readingBudget, type Config } from '../../config.ts';
import { startWorker, type Worker } from '../../core/worker.ts';
import { openMigratedDatabase } from '../../db/connection.ts';
import { migrateToLatest } from '../../db/migrator.ts';
import { OPERATOR } from '../../domain/actor.ts';
import { createCore, type CoreOptions } from '../../core/index.ts';
import { databaseHasPlans, DEMO_ACCOUNTS, DEMO_PASSWORD, loadDemo, readDemoPlan } from '../../core/demo.ts';
import { createApp } from '../../web/app.ts';
import { CliError, withCore, type GlobalOptions } from '../context.ts';

export function registerServerCommands(
  program: Command,
  globals: () => GlobalOptions,
  print: (text: string) => void,
) {
  const printDemoAccounts = () => {
    print(`Sign in as ${DEMO_ACCOUNTS[0]?.email} with the password ${DEMO_PASSWORD}`);
    print(
      `Other demo accounts (same password): ${DEMO_ACCOUNTS.slice(1)
        .map((a) => `${a.email} (${a.role})`)
        .join(', ')}`,
    );
  };

  program
    .command('serve')
    .description('Start the web server (creates and migrates the database first)')
    .option('--port <port>', 'HTTP port (default: PORT or 3000)')
    .option('--host <host>', 'address to listen on (default: HOST or 127.0.0.1)')
    .option('--demo', 'load the demo organisation and plan when the database holds no plan')
    .option('--no-worker', 'leave emails and digests to a separate `ipt worker`')
    .action(async (options: { port?: string; host?: string; demo?: boolean; worker: boolean }) => {
      const config = readConfig();
      const port = options.port === undefined ? config.PORT : Number(options.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw new CliError(`--port: "${options.port}" is not a port number`);
      const production = config.NODE_ENV === 'production';
      if (production && options.demo)
        throw new CliError(
          'NODE_ENV is production: the demo organisation and its published password are not for a live service. Start without --demo.',
        );
      const connection = await openMigratedDatabase(globals().database ?? config.DATABASE_URL);
      if (production) {
        // A live service must not keep accounts anyone can sign in to with the password the README publishes.
        const demo = await connection.db
          .selectFrom('users')
          .select('email')
          .where(
            'email',
            'in',
            DEMO_ACCOUNTS.map((a) => a.email),
          )
          .where('deactivated_at', 'is', null)
          .execute();
        if (demo.length > 0) {
          await connection.close();
          throw new CliError(
            `NODE_ENV is production but the database holds the demo accounts (${demo.map((d) => d.email).join(', ')}), whose password is published. Deactivate them, or use another database.`,
          );
        }
      }
      const core = createCore(connection, coreOptionsFrom(config, port));
      if (options.demo && !(await databaseHasPlans(connection.db))) {
        const loaded = await core.run(loadDemo, OPERATOR, { document: await readDemoPlan() });
        print(`Loaded the demo organisation and plan (${loaded.planId}).`);
        printDemoAccounts();
      }
      const app = await createApp(core, {
        logLevel: config.LOG_LEVEL,
        production,
        rateLimits: rateLimits(config),
        warmTemplates: true,
      });
      let worker: Worker | null = null;
      const close = async () => {
        await app.close();
        await worker?.stop();
        await core.close();
        await connection.close();
        process.exit(0);
      };
      process.once('SIGINT', () => void close());
      process.once('SIGTERM', () => void close());
      const address = await app.listen({ port, host: options.host ?? config.HOST });
      print(`Improvement Plan Tracker is running at ${address} on ${connection.description}`);
      print(
        core.mail.smtp
          ? `Email: sent by SMTP from ${config.MAIL_FROM}`
          : 'Email is not set up (SMTP_URL): messages are written to the log and kept on each organisation’s outbox page (Users → Outbox)',
      );
      if (options.worker) worker = startWorker(core, workerOptions(config));
      else print('No worker in this process (--no-worker): run `ipt worker` to send emails and digests.');
      // The server keeps the process alive; the action resolves once it is listening.
    });

  program
    .command('worker')
    .description(
      'Send emails and leads’ digests on their schedule, apart from the web servers (see serve --no-worker)',
    )
    .action(async () => {
      const config = readConfig();
      const connection = await openMigratedDatabase(globals().database ?? config.DATABASE_URL);
      const core = createCore(connection, coreOptionsFrom(config, config.PORT));
      const worker = startWorker(core, { ...workerOptions(config), keepProcessAlive: true });
      const close = async () => {
        await worker.stop();
        await core.close();
        await connection.close();
        process.exit(0);
      };
      process.once('SIGINT', () => void close());
      process.once('SIGTERM', () => void close());
      print(
        `ipt worker is running on ${connection.description}: ${core.mail.smtp ? 'email by SMTP' : 'email is not set up (SMTP_URL), so messages are kept on the outbox page'}`,
      );
    });

  const db = program.command('db').description('Database tasks');
  db.command('migrate')
    .description('Create the database if needed and bring its schema up to date')
    .action(async () => {
      await withCore(globals(), async ({ core }) => {
        const applied = await migrateToLatest(core.connection.db);
        print(
          applied.length ? `Applied: ${applied.join(', ')}` : `Up to date (${core.connection.description})`,
        );
      });
    });

  program
    .command('demo')
    .description('Load the demo organisation, its partner and adviser organisations, accounts and demo plan')
    .action(async () => {
      await withCore(globals(), async ({ core }) => {
        const saved = await core.run(loadDemo, OPERATOR, { document: await readDemoPlan() });
        print(`Loaded the demo plan ${saved.planId}`);
        printDemoAccounts();
      });
    });
}

const workerOptions = (config: Config) => ({
  everyMs: config.WORKER_INTERVAL_SECONDS * 1000,
  log: (message: string, detail?: Record<string, unknown>) =>
    console.error(`ipt worker: ${message}${detail ? ` ${JSON.stringify(detail)}` : ''}`),
});

/** The core's settings from the configuration: the same for the web servers and the worker. */
function coreOptionsFrom(config: Config, port: number): CoreOptions {
  return {
    reading: readingBudget(config),
    oidc: oidcSettings(config),
    mail: {
      smtpUrl: config.SMTP_URL ?? null,
      from: config.MAIL_FROM,
      claimSeconds: config.MAIL_CLAIM_SECONDS,
    },
    secretKey: config.SECRET_KEY,
    publicUrl: config.PUBLIC_URL ?? `http://localhost:${port}`,
    log: (message, detail) => console.error(`ipt: ${message} ${JSON.stringify(detail)}`),
    sessionIdleMinutes: config.SESSION_IDLE_MINUTES,
    signInThrottle: {
      maxFailures: config.SIGN_IN_MAX_FAILURES,
      windowMinutes: config.SIGN_IN_WINDOW_MINUTES,
    },
  };
}
