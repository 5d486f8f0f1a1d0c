/**
 * Digests: building every lead's digest for the generated plan (300 actions, 36 months of updates) led by 50 people,
 * each with an account on a daily digest, at a fixed date; the messages go to the outbox (no mail server).
 * Target: under 2 s for all of them. Run: npm run bench:digest
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { addUser } from '../src/core/commands/account.commands.ts';
import { importPlan } from '../src/core/commands/plan.commands.ts';
import { createCore } from '../src/core/index.ts';
import { openMigratedDatabase } from '../src/db/connection.ts';
import { OPERATOR } from '../src/domain/actor.ts';
import { generatedPlan } from './generated-plan.ts';

const LEADS = 50;
const TARGET_MS = 2_000;
const DAY = '2025-06-02';

const connection = await openMigratedDatabase(
  `sqlite:${join(mkdtempSync(join(tmpdir(), 'ipt-digest-')), 'bench.sqlite')}`,
);
const core = createCore(connection, { today: () => DAY });
const document = generatedPlan({ leads: LEADS });
await core.run(importPlan, OPERATOR, { document });
for (const person of document.people ?? []) {
  await core.run(addUser, OPERATOR, {
    email: person.email!,
    organisation: 'Benchmark Council',
    name: person.name,
    role: 'lead',
    password: 'digest-benchmark-password',
  });
}
await connection.db.updateTable('users').set({ digest_frequency: 'daily' }).execute();
const times: number[] = [];
let queued = 0;
for (let run = 0; run < 3; run++) {
  await connection.db.deleteFrom('mail_outbox').execute();
  const started = performance.now();
  queued = await core.jobs.sendDigests(DAY);
  times.push(performance.now() - started);
}
const median = [...times].sort((a, b) => a - b)[1]!;
console.log(
  `Digest benchmark: ${queued} digests for ${LEADS} leads of a ${document.actions?.length}-action plan: median of 3 runs ${median.toFixed(0)} ms (target < ${TARGET_MS} ms): ${median < TARGET_MS ? 'met' : 'MISSED'}`,
);
await core.close();
await connection.close();
