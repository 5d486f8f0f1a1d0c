import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { CliError, withServices, type GlobalOptions } from '../context.ts';

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
    return JSON.parse(text);
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
      await withServices(globals(), async (services) => {
        const saved = await services.plans.importDocument(input, {
          actor: 'ipt import-json',
          file,
          organisation: options.org,
        });
        const plan = (await services.plans.summaries(saved.organisationId)).find(
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
    .description('List the stored plans')
    .option('--org <name>', 'only the plans of this organisation')
    .option('--json', 'print JSON')
    .action(async (options: { org?: string; json?: boolean }) => {
      await withServices(globals(), async (services) => {
        let organisations = await services.organisations.list();
        if (options.org) {
          organisations = organisations.filter((o) => o.name === options.org);
          if (organisations.length === 0)
            throw new CliError(`--org: no organisation is called "${options.org}"`);
        }
        const summaries = (
          await Promise.all(organisations.map((o) => services.plans.summaries(o.id)))
        ).flat();
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
      await withServices(globals(), async (services) => {
        const organisationId = await services.plans.organisationOfPlan(planId);
        const json = JSON.stringify(await services.plans.exportDocument(organisationId, planId), null, 2);
        if (options.out) {
          await writeFile(options.out, json + '\n');
          print(`Wrote ${options.out}`);
        } else print(json);
      });
    });
}
