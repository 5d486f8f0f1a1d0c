/**
 * Soak: a steady 200 requests/s of mixed reads and writes (one in five a write: progress recorded through the API)
 * spread over ten councils' plans, for SOAK_SECONDS (default 600) against real `ipt serve` processes, while a 20 MB hostile CSV (a header, one row and
 * blank lines) is uploaded over and over. First on SQLite (one process), then on PostgreSQL with two app processes
 * sharing the database, requests spread across them. Targets: no errors, p99 of the reads after the warm-up (the
 * first tenth of the run, printed too) under 100 ms, memory flat after warm-up (each process's RSS over the last fifth
 * within 15 % of the second fifth).
 * Run: npm run bench:soak (SOAK_SECONDS=60 for a short run; SOAK_DATABASES=sqlite or postgres for one of them).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { addUser, createToken } from '../src/core/commands/account.commands.ts';
import { importPlan } from '../src/core/commands/plan.commands.ts';
import { createCore } from '../src/core/index.ts';
import { openMigratedDatabase } from '../src/db/connection.ts';
import { OPERATOR } from '../src/domain/actor.ts';
import { startPostgres } from '../test/support/postgres-server.ts';
import { generatedPlan } from './generated-plan.ts';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 600);
const RATE = Number(process.env.SOAK_RATE ?? 200);
const WRITE_SHARE = 0.2;
const HOSTILE_MB = Number(process.env.SOAK_HOSTILE_MB ?? 20);
const P99_TARGET_MS = 100;
const MEMORY_GROWTH_LIMIT = 0.15;
const BIN = new URL('../bin/ipt.js', import.meta.url).pathname;

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/** A header, one row and blank lines up to `mb` megabytes: the upload that once froze the service. */
const hostileCsv = (mb: number) =>
  Buffer.concat([
    Buffer.from('Ref,Action,Lead,Due\n1,Do a thing,Ann Lee,1 March 2027\n'),
    Buffer.alloc(mb * 2 ** 20, '\n'),
  ]);

/** One council's plan and its plan manager, with a session (pages) and a token (the API). */
interface Tenant {
  planId: string;
  actionIds: string[];
  versions: Map<string, number>;
  session: string;
  token: string;
}

// Several councils share one service: each has a plan of a typical size (60 actions, a year of monthly updates).
const COUNCILS = 10;
const PLAN_SIZE = { actions: 60, months: 12, measures: 12 };

/** The councils, their plans and their plan managers, in the database at `url`. */
async function prepare(url: string): Promise<Tenant[]> {
  const connection = await openMigratedDatabase(url);
  const core = createCore(connection);
  const password = 'soak-benchmark-password';
  const tenants: Tenant[] = [];
  for (let c = 1; c <= COUNCILS; c++) {
    const organisation = `Soak Council ${c}`;
    const saved = await core.run(importPlan, OPERATOR, {
      document: generatedPlan({ ...PLAN_SIZE, organisation }),
    });
    const email = `manager@council-${c}.soak.example`;
    await core.run(addUser, OPERATOR, {
      email,
      organisation,
      name: `Manager ${c}`,
      role: 'manager',
      password,
    });
    const signedIn = await core.auth.signIn(email, password);
    if (signedIn.kind !== 'signed-in') throw new Error(`${email} could not sign in`);
    const manager = await core.actorByEmail(email);
    const { token } = await core.run(createToken, manager, { email });
    const doc = await core.queries.plans.document(OPERATOR, saved.planId);
    const actions = doc.actions.filter((a) => a.kind === 'action');
    const versions = new Map<string, number>();
    for (const action of actions)
      versions.set(action.id, (await core.queries.actions.action(manager, action.id)).action.version);
    tenants.push({
      planId: saved.planId,
      actionIds: actions.map((a) => a.id),
      versions,
      session: signedIn.token,
      token,
    });
  }
  await core.close();
  await connection.close();
  return tenants;
}

async function startServer(url: string): Promise<{ base: string; process: ChildProcess }> {
  const port = await freePort();
  // SOAK_PROFILE=DIR writes each app process's CPU profile there when it stops (to see where the time goes).
  const profile = process.env.SOAK_PROFILE
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.SOAK_PROFILE}`]
    : [];
  const child = spawn(process.execPath, [...profile, BIN, 'serve', '--port', String(port)], {
    env: {
      ...process.env,
      DATABASE_URL: url,
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
      // The soak measures the service under load, not the rate limits that protect it from one client.
      RATE_LIMIT_TOKEN_PER_MINUTE: '1000000',
      RATE_LIMIT_UPLOADS_PER_MINUTE: '1000000',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${base}/health`)).ok) return { base, process: child };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`ipt serve on ${base} did not start`);
}

// The load comes through node:http on kept-alive connections: fetch costs the load generator several times the CPU
// per request, and on a small machine the generator shares the cores with the service it measures.
const agent = new Agent({ keepAlive: true, maxSockets: 256 });

function send(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      { method: options.method ?? 'GET', headers: options.headers, agent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const rssMb = (pid: number) => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
};

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

async function soak(label: string, url: string, processes: number) {
  const tenants = await prepare(url);
  const servers = await Promise.all(Array.from({ length: processes }, () => startServer(url)));
  const pages = (planId: string) => [
    `/plans/${planId}`,
    `/plans/${planId}/structure`,
    `/plans/${planId}/scorecard`,
    `/api/plans/${planId}/actions?pageSize=25`,
  ];
  const readTimes: number[] = [];
  /** When each read started (ms into the run) and how long it took: the p99 of each tenth of the run is printed. */
  const timeline: [number, number][] = [];
  const errors: string[] = [];
  let writes = 0;
  let n = 0;
  let runStart = performance.now();
  const busy = new Set<string>();

  async function read(base: string, tenant: Tenant, i: number) {
    const path =
      i % 5 === 0
        ? `/actions/${tenant.actionIds[i % tenant.actionIds.length]}`
        : pages(tenant.planId)[i % 4]!;
    const started = performance.now();
    const response = await send(base + path, {
      headers: {
        'accept-encoding': 'br, gzip',
        ...(path.startsWith('/api/')
          ? { authorization: `Bearer ${tenant.token}` }
          : { cookie: `ipt_session=${tenant.session}` }),
      },
    });
    readTimes.push(performance.now() - started);
    timeline.push([started - runStart, performance.now() - started]);
    if (response.status !== 200) errors.push(`GET ${path}: ${response.status}`);
  }

  async function write(base: string, tenant: Tenant, i: number) {
    // One write at a time to an action: each names the version it was made against.
    const actionId = tenant.actionIds.find((id, k) => k >= i % tenant.actionIds.length && !busy.has(id));
    if (!actionId) return;
    busy.add(actionId);
    try {
      const response = await send(`${base}/api/actions/${actionId}/progress`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tenant.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          version: tenant.versions.get(actionId),
          status: 'On schedule',
          narrative: `Soak update ${writes}`,
        }),
      });
      const body = JSON.parse(response.body) as { version?: number };
      if (response.status !== 201) errors.push(`POST progress: ${response.status}`);
      else if (body.version) tenant.versions.set(actionId, body.version);
      writes += 1;
    } finally {
      busy.delete(actionId);
    }
  }

  // The hostile upload, again and again, in the background: signed in as the manager, with the form's token.
  let uploading = HOSTILE_MB > 0;
  let uploads = 0;
  const hostile = hostileCsv(HOSTILE_MB);
  const cookie = `ipt_session=${tenants[0]!.session}`;
  const uploader = (async () => {
    while (uploading) {
      const base = servers[uploads % servers.length]!.base;
      try {
        const form = await (await fetch(`${base}/import`, { headers: { cookie } })).text();
        const csrf = /name="_csrf" value="([^"]+)"/.exec(form)?.[1] ?? '';
        const body = new FormData();
        body.append('_csrf', csrf);
        body.append('file', new Blob([hostile]), 'hostile.csv');
        const response = await fetch(`${base}/import`, {
          method: 'POST',
          headers: { cookie },
          body,
          redirect: 'manual',
        });
        await response.arrayBuffer();
        // Read and refused (400) or read and previewed (303): either is an answer, never a hang or a 5xx.
        if (response.status >= 500) errors.push(`upload: ${response.status}`);
      } catch (error) {
        errors.push(`upload: ${String(error)}`);
      }
      uploads += 1;
    }
  })();

  const memory: number[][] = servers.map(() => []);
  const sampler = setInterval(() => servers.forEach((s, i) => memory[i]!.push(rssMb(s.process.pid!))), 5_000);
  const pending = new Set<Promise<void>>();
  const started = performance.now();
  runStart = started;
  const total = SECONDS * RATE;
  console.log(
    `${label}: ${RATE} req/s for ${SECONDS} s (${processes} app process${processes > 1 ? 'es' : ''})…`,
  );
  // Open loop: requests start on schedule whether or not earlier ones have been answered.
  for (n = 0; n < total; n++) {
    const due = started + (n * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const base = servers[n % servers.length]!.base;
    const tenant = tenants[Math.floor(Math.random() * tenants.length)]!;
    const i = Math.floor(Math.random() * 1_000_000);
    const request = (Math.random() < WRITE_SHARE ? write(base, tenant, i) : read(base, tenant, i)).catch(
      (error: unknown) => {
        // fetch's own message ("fetch failed") says nothing: its cause does (a reset, a refused connection).
        const cause = (error as { cause?: unknown }).cause;
        errors.push(cause instanceof Error ? `${String(error)} (${cause.message})` : String(error));
      },
    );
    pending.add(request);
    void request.finally(() => pending.delete(request));
  }
  await Promise.all(pending);
  clearInterval(sampler);
  uploading = false;
  await uploader;
  for (const server of servers) server.process.kill('SIGTERM');

  const tenths = Array.from({ length: 10 }, (_, k) =>
    timeline
      .filter(([at]) => at >= (k * SECONDS * 1000) / 10 && at < ((k + 1) * SECONDS * 1000) / 10)
      .map(([, ms]) => ms)
      .sort((a, b) => a - b),
  );
  console.log(
    `${label}: read p99 by tenth of the run: ${tenths.map((t) => percentile(t, 99).toFixed(0)).join(', ')} ms`,
  );
  const sorted = readTimes.sort((a, b) => a - b);
  // The first tenth is the warm-up: every page of ten plans rendered for the first time while the load is already
  // at full rate. The target is judged on the rest; the whole run's figure is printed beside it.
  const warm = tenths
    .slice(1)
    .flat()
    .sort((a, b) => a - b);
  const p99 = percentile(warm, 99);
  const fifth = (series: number[], k: number) => {
    const size = Math.max(1, Math.floor(series.length / 5));
    const part = series.slice(k * size, (k + 1) * size);
    return part.reduce((a, b) => a + b, 0) / Math.max(1, part.length);
  };
  const growth = memory.map((series) => (fifth(series, 4) - fifth(series, 1)) / fifth(series, 1));
  // Five samples at least (25 s): a shorter run says nothing about memory.
  const judged = memory.every((series) => series.length >= 5);
  const flat = judged && growth.every((g) => g <= MEMORY_GROWTH_LIMIT);
  console.log(
    `${label}: ${sorted.length} reads (p50 ${percentile(sorted, 50).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms with the warm-up, ${p99.toFixed(1)} ms after it), ${writes} writes, ${uploads} hostile uploads answered`,
  );
  for (const [i, series] of memory.entries())
    console.log(
      `${label}: process ${i + 1} memory ${series[0]?.toFixed(0)} → ${fifth(series, 1).toFixed(0)} (after warm-up) → ${fifth(series, 4).toFixed(0)} MB (last fifth): ${((growth[i] ?? 0) * 100).toFixed(1)} %`,
    );
  console.log(
    `${label}: errors ${errors.length}${errors.length ? ` (first: ${errors[0]})` : ''} (target 0): ${errors.length === 0 ? 'met' : 'MISSED'}`,
  );
  console.log(
    `${label}: read p99 after the warm-up ${p99.toFixed(1)} ms (target < ${P99_TARGET_MS} ms): ${p99 < P99_TARGET_MS ? 'met' : 'MISSED'}`,
  );
  console.log(
    `${label}: memory flat after warm-up (within ${MEMORY_GROWTH_LIMIT * 100} %): ${judged ? (flat ? 'met' : 'MISSED') : 'not judged (run too short)'}`,
  );
  return errors.length === 0 && p99 < P99_TARGET_MS && flat;
}

async function main() {
  const which = (process.env.SOAK_DATABASES ?? 'sqlite,postgres').split(',');
  const results: boolean[] = [];
  if (which.includes('sqlite')) {
    const file = join(mkdtempSync(join(tmpdir(), 'ipt-soak-')), 'soak.sqlite');
    results.push(await soak('SQLite', `sqlite:${file}`, 1));
  }
  if (which.includes('postgres')) {
    const external = process.env.SOAK_POSTGRES_URL;
    const server = external ? null : await startPostgres(await freePort());
    try {
      results.push(await soak('PostgreSQL', external ?? server!.url, 2));
    } finally {
      await server?.stop();
    }
  }
  console.log(results.every(Boolean) ? 'Every soak target was met.' : 'Some soak targets were missed.');
}

await main();
