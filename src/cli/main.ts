/**
 * The `ipt` command. Every error ends as one line naming the file, field or row, with a non-zero exit code.
 */
import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config.ts';
import { ZodError } from 'zod';
import { fieldPath, ForbiddenError } from '../core/errors.ts';
import { MissingVersionError, NotFoundError, StaleVersionError, ValidationError } from '../db/errors.ts';
import { registerAccountCommands } from './commands/account.commands.ts';
import { registerActionCommands } from './commands/action.commands.ts';
import { registerAuditCommands } from './commands/audit.commands.ts';
import { registerBackupCommands } from './commands/backup.commands.ts';
import { registerImportCommand } from './commands/import.command.ts';
import { registerPlanCommands } from './commands/plan.commands.ts';
import { registerReportCommands } from './commands/report.commands.ts';
import { registerServerCommands } from './commands/server.commands.ts';
import { CliError, type GlobalOptions } from './context.ts';

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

const defaultIo: Io = {
  out: (text) => process.stdout.write(text + '\n'),
  err: (text) => process.stderr.write(text + '\n'),
};

export function buildProgram(io: Io = defaultIo): Command {
  const program = new Command('ipt')
    .description("Improvement Plan Tracker: run a children's services improvement plan")
    .option('--database <url>', 'database URL (default: DATABASE_URL or sqlite:data/ipt.sqlite)')
    .option('--as <email>', "act as this account (default: the organisation's first administrator)")
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });
  const globals = () => program.opts<GlobalOptions>();
  registerServerCommands(program, globals, io.out);
  registerPlanCommands(program, globals, io.out);
  registerImportCommand(program, globals, io.out);
  registerAccountCommands(program, globals, io.out);
  registerActionCommands(program, globals, io.out);
  registerReportCommands(program, globals, io.out, io.err);
  registerAuditCommands(program, globals, io.out);
  registerBackupCommands(program, globals, io.out);
  return program;
}

export function describeError(error: unknown): { message: string; exitCode: number } {
  if (error instanceof CliError) return { message: error.message, exitCode: error.exitCode };
  if (error instanceof ValidationError) {
    const more = error.details.length > 1 ? ` (and ${error.details.length - 1} more problems)` : '';
    return { message: error.message + more, exitCode: 2 };
  }
  if (error instanceof ZodError) {
    const details = error.issues.map((i) => `${fieldPath(i.path) || 'input'}: ${i.message}`);
    const more = details.length > 1 ? ` (and ${details.length - 1} more problems)` : '';
    return { message: (details[0] ?? 'invalid input') + more, exitCode: 2 };
  }
  if (error instanceof ForbiddenError) return { message: error.message, exitCode: 3 };
  if (
    error instanceof NotFoundError ||
    error instanceof StaleVersionError ||
    error instanceof MissingVersionError ||
    error instanceof ConfigError
  ) {
    return { message: error.message, exitCode: 1 };
  }
  return {
    message: `Unexpected error: ${error instanceof Error ? error.message : String(error)}`,
    exitCode: 1,
  };
}

export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    const { message, exitCode } = describeError(error);
    io.err(`ipt: ${message}`);
    return exitCode;
  }
}
