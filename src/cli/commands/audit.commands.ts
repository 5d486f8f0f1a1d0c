import type { Command } from 'commander';
import { OPERATOR } from '../../domain/actor.ts';
import { CliError, withCore, type GlobalOptions } from '../context.ts';

export function registerAuditCommands(
  program: Command,
  globals: () => GlobalOptions,
  print: (text: string) => void,
) {
  const audit = program.command('audit').description('The audit log');
  audit
    .command('verify')
    .description(
      "Walk each organisation's hash chain and report the first entry changed, inserted or removed (exit 1 when broken)",
    )
    .option('--org <name>', 'only this organisation')
    .action(async (options: { org?: string }) => {
      await withCore(globals(), async (cli) => {
        const db = cli.core.connection.db;
        let organisations = await db
          .selectFrom('organisations')
          .select(['id', 'name'])
          .orderBy('name')
          .execute();
        if (options.org !== undefined) {
          organisations = organisations.filter((o) => o.name === options.org);
          if (organisations.length === 0)
            throw new CliError(`--org: no organisation is called "${options.org}"`);
        }
        const broken: string[] = [];
        for (const organisation of organisations) {
          const actor = globals().as ? await cli.actor(organisation.id) : OPERATOR;
          const result = await cli.core.queries.audit.verify(actor, organisation.id);
          if (result.intact) print(`${organisation.name}: ${result.entries} entries, chain intact`);
          else {
            print(`${organisation.name}: BROKEN: ${result.problem}`);
            broken.push(organisation.name);
          }
        }
        if (broken.length > 0) throw new CliError(`the audit log of ${broken.join(', ')} does not verify`, 1);
      });
    });
}
