import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The `livespan` command (packages/cli, built), which runs the built server. */
const CLI_BIN = fileURLToPath(new URL('../../../cli/bin/livespan.js', import.meta.url));

/** A livespan server in a child process, as a user runs it. */
export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Everything it printed so far, for failure messages. */
  output(): string;
  /** Resolves with the exit code or signal once the process is gone. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Runs `livespan server --port 0 --db <dbPath>` and resolves once it prints
 * its URL; rejects with its output when it exits first or takes over `timeoutMs`.
 */
export function startServerProcess(
  dbPath: string,
  extraArgs: string[] = [],
  timeoutMs = 20_000,
): Promise<ServerProcess> {
  const child = spawn(process.execPath, [CLI_BIN, 'server', '--port', '0', '--db', dbPath, ...extraArgs], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`livespan server did not start within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /livespan server and Dev UI: (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ url: match[1]!, child, output: () => output, exited });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`livespan server exited (${signal ?? code}) before it was ready:\n${output}`));
    });
  });
}

/** Stops a server process for good (SIGKILL unless it is already gone) and waits for it. */
export async function killServerProcess(server: ServerProcess | undefined): Promise<void> {
  if (!server) return;
  if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
  await server.exited;
}
