/**
 * The board's papers at the command line: `ipt snapshot lock|list|diff` and `ipt report board-pack`. The same
 * commands and queries as the pages, so the same bad input gets the same answer.
 */
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { lockSnapshot } from '../../core/commands/snapshot.commands.ts';
import { boardPackOf } from '../../domain/board-pack.ts';
import { changeCount, type ActionChange } from '../../domain/snapshot.ts';
import { boardPackDocx } from '../../export/board-pack-docx.ts';
import { boardPackHtml } from '../../export/board-pack-html.ts';
import { boardPackPdf } from '../../export/board-pack-pdf.ts';
import { CliError, withCore, type GlobalOptions } from '../context.ts';

const FORMATS = ['html', 'docx', 'pdf'] as const;

export function registerReportCommands(
  program: Command,
  globals: () => GlobalOptions,
  print: (text: string) => void,
  progress: (text: string) => void = () => undefined,
) {
  const snapshot = program.command('snapshot').description('The plan as reported to a board for a period');
  snapshot
    .command('lock')
    .description('Lock the plan as it stands as the report for a period (it never changes afterwards)')
    .argument('<plan>', 'the plan id')
    .requiredOption('--period <YYYY-MM>', 'the reporting period')
    .option('--board <name>', "one of the plan's boards")
    .option('--meeting <YYYY-MM-DD>', 'the date of the meeting')
    .option('--corrects <snapshot>', 'the snapshot this one corrects')
    .option('--reason <text>', 'what the correction puts right')
    .action(
      async (
        planId: string,
        options: { period: string; board?: string; meeting?: string; corrects?: string; reason?: string },
      ) => {
        await withCore(globals(), async (cli) => {
          const actor = await cli.actor(await cli.planOrganisation(planId));
          const locked = await cli.core.run(lockSnapshot, actor, {
            planId,
            period: options.period,
            board: options.board ?? null,
            meetingDate: options.meeting ?? null,
            correctsId: options.corrects,
            reason: options.reason,
          });
          print(`Locked snapshot ${locked.snapshotId} of plan ${planId} for ${locked.period}`);
        });
      },
    );
  snapshot
    .command('list')
    .description("A plan's snapshots, newest first")
    .argument('<plan>', 'the plan id')
    .option('--json', 'as JSON')
    .action(async (planId: string, options: { json?: boolean }) => {
      await withCore(globals(), async (cli) => {
        const actor = await cli.actor(await cli.planOrganisation(planId));
        const { snapshots } = await cli.core.queries.snapshots.list(actor, planId);
        if (options.json) return print(JSON.stringify(snapshots, null, 2));
        if (snapshots.length === 0) return print('No snapshot has been locked yet.');
        for (const s of snapshots)
          print(
            [
              s.id,
              s.period,
              s.board ?? '-',
              `${s.lockedAt.slice(0, 16)} by ${s.lockedBy}`,
              s.correctedBy
                ? `corrected by ${s.correctedBy}`
                : s.correctsId
                  ? `corrects ${s.correctsId}`
                  : '',
            ]
              .join('  ')
              .trimEnd(),
          );
      });
    });
  snapshot
    .command('diff')
    .description(
      'What changed from one snapshot to another (TO left out, or "now": to the plan as it stands)',
    )
    .argument('<from>', 'the earlier snapshot id')
    .argument('[to]', 'the later snapshot id, or "now"')
    .option('--json', 'as JSON')
    .action(async (fromId: string, toId: string | undefined, options: { json?: boolean }) => {
      await withCore(globals(), async (cli) => {
        const actor = await cli.actor(await cli.core.queries.lookup.organisationOfSnapshot(fromId));
        const diff = await cli.core.queries.snapshots.diff(
          actor,
          fromId,
          toId && toId !== 'now' ? toId : null,
          cli.core.today(),
        );
        if (options.json) return print(JSON.stringify(diff, null, 2));
        const c = diff.changes;
        print(`${changeCount(c)} changes from ${diff.from.period} to ${diff.to ? diff.to.period : 'now'}`);
        const lines: [string, ActionChange[]][] = [
          ['Newly complete', c.newlyComplete],
          ['Newly overdue', c.newlyOverdue],
          ['Rated up', c.ratingUp],
          ['Rated down', c.ratingDown],
          ['Due dates moved', c.dueMoved],
          ['Actions added', c.addedActions],
          ['Actions removed', c.removedActions],
          ['Recommendations added', c.addedRecommendations],
          ['Recommendations removed', c.removedRecommendations],
          ['Recommendations whose status changed', c.recommendationStatus],
          ['Measures that changed colour', c.measureColour],
          ['No update this period', c.missingUpdates],
        ];
        for (const [label, items] of lines) {
          if (items.length === 0) continue;
          print(`${label} (${items.length}):`);
          for (const i of items)
            print(
              `  ${i.ref ? `${i.ref} ` : ''}${i.text.slice(0, 100)}${i.from !== undefined || i.to !== undefined ? `: ${i.from ?? 'none'} -> ${i.to ?? 'none'}` : ''}${i.note ? ` (${i.note})` : ''}`,
            );
        }
      });
    });

  const report = program.command('report').description("The board's papers");
  report
    .command('board-pack')
    .description('The board pack of a snapshot (without --snapshot: the latest, or a DRAFT of the plan now)')
    .argument('<plan>', 'the plan id')
    .option('--snapshot <id>', 'the snapshot to report')
    .requiredOption('--format <format>', 'html, docx or pdf')
    .requiredOption('--out <file>', 'where to write it')
    .action(async (planId: string, options: { snapshot?: string; format: string; out: string }) => {
      const format = FORMATS.find((f) => f === options.format);
      if (!format) throw new CliError(`--format: "${options.format}" is not one of html, docx, pdf`, 2);
      await withCore(globals(), async (cli) => {
        const actor = await cli.actor(await cli.planOrganisation(planId));
        const q = cli.core.queries.snapshots;
        progress('Reading the snapshot…');
        const latest = options.snapshot
          ? null
          : (await q.list(actor, planId)).snapshots.find((s) => !s.correctedBy);
        const id = options.snapshot ?? latest?.id ?? null;
        const reported = id ? await q.get(actor, id) : await q.now(actor, planId, cli.core.today());
        if (reported.data.plan.id !== planId)
          throw new CliError(`--snapshot: ${id} is a snapshot of another plan`, 2);
        const previous = await q.previous(actor, reported, planId);
        const pack = boardPackOf(reported, previous, { template: await q.template(actor, planId) });
        progress(`Writing the ${format.toUpperCase()}…`);
        const output =
          format === 'html'
            ? boardPackHtml(pack)
            : format === 'docx'
              ? await boardPackDocx(pack)
              : await boardPackPdf(pack);
        await writeFile(options.out, output);
        print(`Wrote the ${pack.draft ? 'DRAFT ' : ''}board pack for ${pack.cover.period} to ${options.out}`);
      });
    });
}
