import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const binPath = path.resolve(fileURLToPath(import.meta.url), '../../../bin/livespan.js');

/** The built `livespan` command, run as a user would, with its output collected. */
export interface CliProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first match of `pattern` in stdout, now or later. */
  waitForOutput(pattern: RegExp): Promise<RegExpExecArray>;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
  /**
   * Stops it as Ctrl+C would, so the app `livespan start` runs (in a process
   * group of its own) stops with it; kills it after 10 s. Resolves once it exited.
   */
  stop(): Promise<number | null>;
}

/** How long `stop()` waits for a graceful exit before SIGKILL. */
const STOP_GRACE_MS = 10_000;

export function runCli(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): CliProcess {
  const child = spawn(process.execPath, [binPath, ...args], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const waiters: Array<() => void> = [];
  const onData = () => {
    for (const waiter of waiters.splice(0)) waiter();
  };
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    onData();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
        void exited.then(() => clearTimeout(timer));
      }
      return exited;
    },
    waitForOutput(pattern) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(out);
          if (match) return resolve(match);
          if (child.exitCode !== null)
            return reject(new Error(`livespan exited before printing ${pattern}:\n${out}\n${err}`));
          waiters.push(check);
        };
        child.once('exit', () => setImmediate(check));
        check();
      });
    },
  };
}
