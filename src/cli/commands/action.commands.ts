import type { Command } from 'commander';
import { editAction, recordProgress } from '../../core/commands/action.commands.ts';
import { CliError, withCore, type GlobalOptions } from '../context.ts';

const version = (text: string | undefined) => {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new CliError(`--version: "${text}" is not a version number`, 2);
  return n;
};

const collect = (value: string, previous: string[]) => [...previous, value];

export function registerActionCommands(
  program: Command,
  globals: () => GlobalOptions,
  print: (text: string) => void,
) {
  const action = program.command('action').description('One action or milestone');
  action
    .command('progress')
    .description('Record dated progress on an action (the same rules as the page and the API)')
    .argument('<action>', 'the action id')
    .option('--version <n>', 'the version you are changing (see `ipt action show`)')
    .option('--status <label>', "a status from the plan's key", '')
    .option('--narrative <text>', 'what has happened since the last update', '')
    .option('--date <YYYY-MM-DD>', 'the date of the update (default: today)')
    .option(
      '--evidence <link-or-document>',
      'a web address or a document name (repeat for more)',
      collect,
      [],
    )
    .option('--confirm-earlier', 'store it though it is dated before the latest update (which stays current)')
    .action(
      async (
        actionId: string,
        options: {
          version?: string;
          status: string;
          narrative: string;
          date?: string;
          evidence: string[];
          confirmEarlier?: boolean;
        },
      ) => {
        await withCore(globals(), async (cli) => {
          const actor = await cli.actor(await cli.core.queries.lookup.organisationOfAction(actionId));
          const done = await cli.core.run(recordProgress, actor, {
            actionId,
            version: version(options.version),
            status: options.status,
            narrative: options.narrative,
            date: options.date,
            evidence: options.evidence,
            confirmEarlier: options.confirmEarlier,
          });
          print(`Recorded progress on ${actionId}; it is now at version ${done.version}`);
          for (const w of done.warnings) print(`warning: ${w}`);
        });
      },
    );
  action
    .command('edit')
    .description("Change an action's wording or timescale (a new timescale needs --reason)")
    .argument('<action>', 'the action id')
    .option('--version <n>', 'the version you are changing')
    .option('--text <text>', 'the action as written')
    .option('--due <timescale>', 'the timescale as the plan writes it')
    .option('--reason <text>', 'why the timescale changes')
    .action(
      async (
        actionId: string,
        options: { version?: string; text?: string; due?: string; reason?: string },
      ) => {
        await withCore(globals(), async (cli) => {
          const actor = await cli.actor(await cli.core.queries.lookup.organisationOfAction(actionId));
          const done = await cli.core.run(editAction, actor, {
            actionId,
            version: version(options.version),
            text: options.text,
            due: options.due,
            dueChangeReason: options.reason,
          });
          print(`Changed ${actionId}; it is now at version ${done.version}`);
        });
      },
    );
  action
    .command('show')
    .description('Print an action as JSON, with its version')
    .argument('<action>', 'the action id')
    .action(async (actionId: string) => {
      await withCore(globals(), async (cli) => {
        const actor = await cli.actor(await cli.core.queries.lookup.organisationOfAction(actionId));
        print(JSON.stringify((await cli.core.queries.actions.action(actor, actionId)).action, null, 2));
      });
    });
}
