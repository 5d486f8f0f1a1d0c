import type { Command } from 'commander';
import type { PlanDocument } from '../../domain/plan-format.ts';
import { writeFile } from 'node:fs/promises';
import { mappingInEffect, readMappingFile, summarise, UnreadableDocumentError } from '../../import/index.ts';
import { readFile } from 'node:fs/promises';
import { readConfig, readingBudget } from '../../config.ts';
import { createReadingPool } from '../../import/reading-pool.ts';
import { importPlan } from '../../core/commands/plan.commands.ts';
import { CliError, withCore, type GlobalOptions } from '../context.ts';

interface ImportCommandOptions {
  dryRun?: boolean;
  json?: boolean;
  mapping?: string;
  saveMapping?: string;
  org?: string;
  title?: string;
}

const FIRST_FINDINGS = 10;

export function describeImport(doc: PlanDocument): string[] {
  const s = summarise(doc);
  const lines = [
    `"${doc.plan.title}" (${doc.plan.organisation}${doc.plan.date ? `, ${doc.plan.date}` : ''})`,
    `  ${s.sections} sections, ${s.recommendations} recommendations, ${s.actions} actions, ${s.milestones} milestones, ${s.measures} measures, ${s.people} people`,
    `  findings: ${s.findings.error} errors, ${s.findings.warning} warnings, ${s.findings.info} notes`,
  ];
  const order = { error: 0, warning: 1, info: 2 } as const;
  const first = [...doc.findings]
    .sort((a, b) => order[a.severity] - order[b.severity])
    .slice(0, FIRST_FINDINGS);
  for (const f of first) lines.push(`  ${f.severity}: ${f.message}`);
  if (doc.findings.length > first.length)
    lines.push(`  … and ${doc.findings.length - first.length} more findings`);
  return lines;
}

export function registerImportCommand(
  program: Command,
  globals: () => GlobalOptions,
  print: (text: string) => void,
) {
  program
    .command('import')
    .description(
      'Import a plan from Word (.docx), Excel (.xlsx), CSV or extracted text (.txt), in one transaction',
    )
    .argument('<file>', 'the plan document')
    .option('--dry-run', 'read the plan and report what was understood; store nothing')
    .option('--json', 'with --dry-run: print the Plan JSON (with findings) instead of a summary')
    .option('--mapping <file>', 'a JSON file saying which column heading means what (see docs/import.md)')
    .option(
      '--save-mapping <file>',
      'write the mapping the plan was read with (every column heading and its role) to a JSON file to edit and pass back with --mapping',
    )
    .option('--org <name>', 'the organisation the plan belongs to (default: the council it names)')
    .option('--title <text>', "the plan's title (default: the title it gives itself)")
    .action(async (file: string, options: ImportCommandOptions) => {
      let doc: PlanDocument;
      try {
        const mapping = options.mapping ? await readMappingFile(options.mapping) : undefined;
        const content = await readFile(file).catch((error: NodeJS.ErrnoException) => {
          throw new UnreadableDocumentError(file, `cannot be read (${error.code ?? String(error)})`);
        });
        // The same worker pool and budget as an upload in the browser.
        const reader = createReadingPool(readingBudget(readConfig()));
        const reading = await reader
          .read(file, content, { organisation: options.org, title: options.title, mapping })
          .finally(() => reader.close());
        doc = reading.plan;
        if (options.saveMapping) {
          // The same format --mapping reads, and the browser's preview saves.
          await writeFile(
            options.saveMapping,
            `${JSON.stringify(mappingInEffect(reading.tables, mapping), null, 2)}\n`,
          );
          if (!options.json) print(`Wrote the mapping to ${options.saveMapping}`);
        }
      } catch (error) {
        if (error instanceof UnreadableDocumentError) throw new CliError(error.message, 2);
        throw error;
      }
      if (options.dryRun) {
        print(
          options.json
            ? JSON.stringify(doc, null, 2)
            : ['Dry run: nothing stored.', ...describeImport(doc)].join('\n'),
        );
        return;
      }
      if (options.json) throw new CliError('--json goes with --dry-run (a stored plan prints a summary)');
      await withCore(globals(), async (cli) => {
        const actor = await cli.actor(await cli.organisationId(doc.plan.organisation));
        const saved = await cli.core.run(importPlan, actor, { document: doc, file });
        print([`Stored plan ${saved.planId}:`, ...describeImport(doc)].join('\n'));
      });
    });
}
