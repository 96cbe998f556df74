/** Process plumbing for bench/compare: the server and app children, over IPC, each step bounded in time. */
import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServerStats } from './server-process.js';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The next IPC message from `child`, or an error naming `what` after `timeoutMs` or if it exits first. */
export function nextMessage<T>(child: ChildProcess, what: string, timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
    }, timeoutMs);
    const onMessage = (message: unknown) => {
      cleanup();
      resolve(message as T);
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`the process exited (${code}) before ${what}`));
    };
    const cleanup = () => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

function forkTs(file: string, args: string[]): ChildProcess {
  const child = fork(path.join(here, file), args, {
    execArgv: ['--import', 'tsx', '--expose-gc'],
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  // Genkit's exporter logs each failed request with a stack: keep only the tail, for crash reports.
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4_000);
  });
  child.once('exit', (code) => {
    if (code) process.stderr.write(`${file} exited with ${code}: ${stderr}\n`);
  });
  return child;
}

/** A server under test in its own process. */
export interface ServerUnderTest {
  kind: 'ours' | 'genkit';
  url: string;
  stats(): Promise<ServerStats>;
  /** Runs a full garbage collection in the server and waits for it. */
  collectGarbage(): Promise<void>;
  stop(): Promise<void>;
}

export async function startServer(kind: 'ours' | 'genkit'): Promise<ServerUnderTest> {
  const dir = mkdtempSync(path.join(os.tmpdir(), `livespan-compare-${kind}-`));
  const child = forkTs('server-process.ts', [kind, dir]);
  const { url } = await nextMessage<{ url: string }>(child, `the ${kind} server to start`, 30_000);
  return {
    kind,
    url,
    async stats() {
      const reply = nextMessage<ServerStats>(child, `stats from the ${kind} server`, 60_000);
      child.send('stats');
      return reply;
    },
    async collectGarbage() {
      const reply = nextMessage(child, `gc in the ${kind} server`, 60_000);
      child.send('gc');
      await reply;
    },
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** An app workload in its own process; `control` may talk to it before its result. */
export async function runApp<T>(
  variant: string,
  url: string,
  args: string[],
  timeoutMs: number,
  control?: (child: ChildProcess) => Promise<void>,
): Promise<T> {
  const child = forkTs('app.ts', [variant, url, ...args]);
  try {
    if (control) await control(child);
    return await nextMessage<T>(child, `the ${variant} app (${args.join(' ')})`, timeoutMs);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}
