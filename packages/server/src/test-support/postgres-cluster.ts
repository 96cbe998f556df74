import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

/** A throwaway PostgreSQL cluster on 127.0.0.1, for tests. */
export interface PostgresCluster {
  port: number;
  /** The cluster's data folder (its `postmaster.pid` names the server process). */
  dataDir: string;
  /** URL of a database in this cluster (default `postgres`). */
  url(database?: string): string;
  /** Creates a fresh, empty database and returns its URL. */
  createDatabase(): Promise<string>;
  /** Stops the server at once (`pg_ctl stop -m immediate`), as a crash would; data stays. */
  kill(): void;
  /** Starts the stopped server again on the same port and data. */
  start(): void;
  /** Stops the server and removes its folder. Idempotent. */
  destroy(): void;
}

const INSTALL_HINT = 'install them with: apt-get install -y postgresql';

/** The folder of `initdb` and `pg_ctl`: $LIVESPAN_PG_BIN, the newest Debian install, or PATH. */
function findBinDir(): string {
  const candidates: string[] = [];
  if (process.env.LIVESPAN_PG_BIN) candidates.push(process.env.LIVESPAN_PG_BIN);
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian).sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((version) => path.join(debian, version, 'bin')));
  }
  candidates.push(...(process.env.PATH ?? '').split(path.delimiter));
  const found = candidates.find(
    (dir) => dir && existsSync(path.join(dir, 'initdb')) && existsSync(path.join(dir, 'pg_ctl')),
  );
  if (!found) {
    throw new Error(`PostgreSQL server binaries (initdb, pg_ctl) not found; ${INSTALL_HINT}`);
  }
  return found;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts a PostgreSQL cluster in a new temp folder: `initdb` (as the
 * `postgres` user when we are root: PostgreSQL refuses to run as root),
 * trust auth, listening on 127.0.0.1 and a socket in the folder only.
 * fsync is off: an immediate stop still keeps every commit (the OS holds the
 * pages), only a machine crash would not. Call `destroy()` in afterAll.
 */
export async function startPostgresCluster(): Promise<PostgresCluster> {
  const bin = findBinDir();
  const root = mkdtempSync(path.join(os.tmpdir(), 'livespan-pg-'));
  const data = path.join(root, 'data');
  const socketDir = path.join(root, 'socket');
  mkdirSync(socketDir);
  const asRoot = process.getuid?.() === 0;
  const run = (command: string, args: string[]) => {
    const [file, argv] = asRoot
      ? ['runuser', ['-u', 'postgres', '--', path.join(bin, command), ...args]]
      : [path.join(bin, command), args];
    try {
      return execFileSync(file, argv, { stdio: 'pipe', encoding: 'utf8' });
    } catch (error) {
      const { stderr, stdout } = error as { stderr?: string; stdout?: string };
      throw new Error(`${command} failed: ${stderr || stdout || (error as Error).message}`);
    }
  };
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(root, uid, gid);
    chownSync(socketDir, uid, gid);
  }
  let destroyed = false;
  let running = false;
  const port = await freePort();
  const options = `-p ${port} -k ${socketDir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
  const start = () => {
    run('pg_ctl', [
      'start',
      '-w',
      '-t',
      '60',
      '-D',
      data,
      '-l',
      path.join(root, 'server.log'),
      '-o',
      options,
    ]);
    running = true;
  };
  const kill = () => {
    if (!running) return;
    run('pg_ctl', ['stop', '-m', 'immediate', '-w', '-D', data]);
    running = false;
  };
  try {
    run('initdb', [
      '-D',
      data,
      '-U',
      'postgres',
      '--auth=trust',
      '--encoding=UTF8',
      '--locale=C',
      '--no-sync',
    ]);
    start();
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
  const url = (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`;
  let databases = 0;
  return {
    port,
    dataDir: data,
    url,
    async createDatabase() {
      const name = `t${++databases}`;
      const client = new pg.Client({ connectionString: url() });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      return url(name);
    },
    kill,
    start,
    destroy() {
      if (destroyed) return;
      destroyed = true;
      try {
        kill();
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    },
  };
}
