import type { Command } from 'commander';
import { readConfig } from '../../config.ts';
import { openMigratedDatabase } from '../../db/connection.ts';
import { migrateToLatest } from '../../db/migrator.ts';
import { DEMO_USER } from '../../services/demo.service.ts';
import { createServices } from '../../services/index.ts';
import { createApp } from '../../web/app.ts';
import { CliError, withServices, type GlobalOptions } from '../context.ts';

export function registerServerCommands(
  program: Command,
  globals: () => GlobalOptions,
  print: (text: string) => void,
) {
  program
    .command('serve')
    .description('Start the web server (creates and migrates the database first)')
    .option('--port <port>', 'HTTP port (default: PORT or 3000)')
    .option('--host <host>', 'address to listen on (default: HOST or 127.0.0.1)')
    .option('--demo', 'load the demo organisation and plan when the database holds no plan')
    .action(async (options: { port?: string; host?: string; demo?: boolean }) => {
      const config = readConfig();
      const port = options.port === undefined ? config.PORT : Number(options.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw new CliError(`--port: "${options.port}" is not a port number`);
      const connection = await openMigratedDatabase(globals().database ?? config.DATABASE_URL);
      const services = createServices(connection);
      if (options.demo) {
        const loaded = await services.demo.load({ onlyIfEmpty: true });
        if (loaded) {
          print(`Loaded the demo organisation and plan (${loaded.planId}).`);
          print(`Sign in as ${DEMO_USER.email} with the password ${DEMO_USER.password}`);
        }
      }
      const app = await createApp(services, {
        logLevel: config.LOG_LEVEL,
        production: config.NODE_ENV === 'production',
      });
      const close = async () => {
        await app.close();
        await connection.close();
        process.exit(0);
      };
      process.once('SIGINT', close);
      process.once('SIGTERM', close);
      const address = await app.listen({ port, host: options.host ?? config.HOST });
      print(`Improvement Plan Tracker is running at ${address} on ${connection.description}`);
      // The server keeps the process alive; the action resolves once it is listening.
    });

  const db = program.command('db').description('Database tasks');
  db.command('migrate')
    .description('Create the database if needed and bring its schema up to date')
    .action(async () => {
      await withServices(globals(), async (services) => {
        const applied = await migrateToLatest(services.connection.db);
        print(
          applied.length
            ? `Applied: ${applied.join(', ')}`
            : `Up to date (${services.connection.description})`,
        );
      });
    });

  program
    .command('demo')
    .description('Load the demo organisation and its demo plan')
    .action(async () => {
      await withServices(globals(), async (services) => {
        const saved = await services.demo.load();
        print(`Loaded the demo plan ${saved?.planId}`);
      });
    });
}
