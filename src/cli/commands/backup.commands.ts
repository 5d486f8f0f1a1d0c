import type { Command } from 'commander';
import { BackupError } from '../../db/backup.ts';
import { CliError, withCore, type GlobalOptions } from '../context.ts';

/** `ipt backup --out FILE` and `ipt restore FILE [--force]`: the names are fixed (checks outside rely on them). */
export function registerBackupCommands(
  program: Command,
  globals: () => GlobalOptions,
  print: (text: string) => void,
) {
  const asCliError = (error: unknown) => (error instanceof BackupError ? new CliError(error.message) : error);

  program
    .command('backup')
    .description('Write a consistent backup of the whole database to FILE, while the app keeps running')
    .requiredOption('--out <file>', 'the backup file to write (gzipped JSON lines)')
    .action(async (options: { out: string }) => {
      await withCore(globals(), async ({ core }) => {
        const summary = await core.maintenance.backup(options.out).catch((e: unknown) => {
          throw asCliError(e);
        });
        print(
          `Backed up ${summary.rows} rows of ${summary.tables} tables from ${core.connection.description} to ${options.out}`,
        );
      });
    });

  program
    .command('restore')
    .description('Restore a backup into an empty database (SQLite or PostgreSQL, whichever made it)')
    .argument('<file>', 'a file written by ipt backup')
    .option('--force', 'replace everything in a database that is not empty')
    .action(async (file: string, options: { force?: boolean }) => {
      await withCore(globals(), async ({ core }) => {
        const summary = await core.maintenance.restore(file, options).catch((e: unknown) => {
          throw asCliError(e);
        });
        print(
          `Restored ${summary.rows} rows (backed up from ${summary.source} at ${summary.createdAt}) into ${core.connection.description}`,
        );
      });
    });
}
