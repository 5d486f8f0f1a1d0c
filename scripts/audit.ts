/**
 * `npm run audit`: the production dependencies' advisories, failing on high or critical ones that the reviewed
 * allow-list (audit-allow.json, each entry with its reason) does not name. When the registry's advisory service
 * cannot be reached (some mirrors answer 405), it says so plainly and does not fail the build.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { auditVerdict, type AllowedAdvisory, type AuditReport } from './audit-verdict.ts';

const run = promisify(execFile);

async function npmAudit(): Promise<AuditReport> {
  try {
    const { stdout } = await run('npm', ['audit', '--omit=dev', '--json'], { maxBuffer: 64 * 1024 * 1024 });
    return JSON.parse(stdout) as AuditReport;
  } catch (error) {
    // npm exits 1 when it finds anything; its report is still on stdout.
    const stdout = (error as { stdout?: string }).stdout ?? '';
    try {
      return JSON.parse(stdout) as AuditReport;
    } catch {
      return { error: { summary: (error as Error).message.split('\n')[0] } };
    }
  }
}

const allowList = JSON.parse(await readFile(new URL('../audit-allow.json', import.meta.url), 'utf8')) as {
  allowed: AllowedAdvisory[];
};
const verdict = auditVerdict(await npmAudit(), allowList.allowed);
if (!verdict.checked) {
  console.log(`npm audit: NOT CHECKED, the advisory service could not be reached (${verdict.why}).`);
} else {
  for (const line of verdict.allowed) console.log(`allowed (see audit-allow.json): ${line}`);
  for (const line of verdict.failing) console.log(`FAILING: ${line}`);
  console.log(
    `npm audit: ${verdict.failing.length} high or critical to fix, ${verdict.allowed.length} allowed, ${verdict.lower} lower`,
  );
  if (verdict.failing.length) process.exitCode = 1;
}
