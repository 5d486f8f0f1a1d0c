import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { importPlan, sharePlan } from '../../core/commands/plan.commands.ts';
import { CliError, withCore, type GlobalOptions } from '../context.ts';

async function readJsonFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new CliError(
      `${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
      2,
    );
  }
  try {
    // Windows editors save UTF-8 with a byte-order mark; it is not part of the JSON.
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new CliError(`${file}: not valid JSON (${(error as Error).message})`, 2);
  }
}

export function registerPlanCommands(
  program: Command,
  globals: () => GlobalOptions,
  print: (text: string) => void,
) {
  program
    .command('import-json')
    .description('Store a plan written in Plan JSON (improvement-plan/v1), all of it or none of it')
    .argument('<file>', 'the Plan JSON file')
    .option('--org <name>', 'store it under this organisation instead of the one the file names')
    .action(async (file: string, options: { org?: string }) => {
      const input = await readJsonFile(file);
      await withCore(globals(), async (cli) => {
        const named =
          options.org ?? (input as { plan?: { organisation?: unknown } } | null)?.plan?.organisation;
        const actor = await cli.actor(
          await cli.organisationId(typeof named === 'string' ? named : undefined),
        );
        const saved = await cli.core.run(importPlan, actor, {
          document: input,
          file,
          organisation: options.org,
        });
        const plan = (await cli.core.queries.plans.list(actor, cli.core.today())).find(
          (p) => p.id === saved.planId,
        );
        print(
          `Stored plan ${saved.planId}: "${plan?.title}" (${plan?.counts.sections} sections, ${plan?.counts.recommendations} recommendations, ${plan?.counts.actions} actions, ${plan?.counts.measures} measures)`,
        );
      });
    });

  const plans = program.command('plans').description('Plans stored in the database');
  plans
    .command('list')
    .description('List the stored plans (with --as, those that account can see)')
    .option('--org <name>', 'only the plans of this organisation')
    .option('--json', 'print JSON')
    .action(async (options: { org?: string; json?: boolean }) => {
      await withCore(globals(), async (cli) => {
        const orgId = options.org ? await cli.organisationId(options.org) : null;
        if (options.org && !orgId) throw new CliError(`--org: no organisation is called "${options.org}"`);
        const actor = globals().as
          ? await cli.actor(null)
          : { kind: 'operator' as const, userId: null, name: 'ipt' };
        const summaries = (await cli.core.queries.plans.list(actor, cli.core.today())).filter(
          (p) => !orgId || p.organisationId === orgId,
        );
        if (options.json) return print(JSON.stringify(summaries, null, 2));
        if (summaries.length === 0)
          return print('No plans stored yet. Try `ipt demo` or `ipt import-json FILE`.');
        for (const p of summaries) {
          print(
            `${p.id}  ${p.organisation} — ${p.title} [${p.state}] ${p.counts.actions} actions, ${p.percentComplete}% complete`,
          );
        }
      });
    });

  const plan = program.command('plan').description('One stored plan');
  plan
    .command('export')
    .description('Write a stored plan out')
    .argument('<plan>', 'the plan id (see `ipt plans list`)')
    .option('--format <format>', 'output format: json', 'json')
    .option('--out <file>', 'write to this file instead of standard output')
    .action(async (planId: string, options: { format: string; out?: string }) => {
      if (options.format !== 'json')
        throw new CliError(`--format: "${options.format}" is not supported (use json)`);
      await withCore(globals(), async (cli) => {
        const actor = await cli.actor(await cli.planOrganisation(planId));
        const json = JSON.stringify(await cli.core.queries.plans.document(actor, planId), null, 2);
        if (options.out) {
          await writeFile(options.out, json + '\n');
          print(`Wrote ${options.out}`);
        } else print(json);
      });
    });

  plan
    .command('share')
    .description('Share a plan with a partner organisation: read, or joint (its users update joint actions)')
    .argument('<plan>', 'the plan id')
    .requiredOption('--with <organisation>', 'the partner organisation’s name (see `ipt org add`)')
    .requiredOption('--access <access>', 'read or joint')
    .action(async (planId: string, options: { with: string; access: string }) => {
      await withCore(globals(), async (cli) => {
        const actor = await cli.actor(await cli.planOrganisation(planId));
        const shared = await cli.core.run(sharePlan, actor, {
          planId,
          organisation: options.with,
          access: options.access as 'read',
        });
        print(`Shared plan ${planId} with ${options.with} (${shared.access})`);
      });
    });
}
