import { type ChildProcess, spawn } from 'node:child_process';
import { within } from './wait-for.js';

/** A child Node process that prints JSON lines on stdout and reads lines on stdin. */
export interface Child {
  process: ChildProcess;
  /** Every JSON line printed so far, parsed. */
  lines: Record<string, unknown>[];
  /** Everything printed on stderr, for failure messages. */
  stderr(): string;
  /** The first JSON line (printed or still to come) that matches, within `timeoutMs`. */
  nextLine(
    what: string,
    match: (line: Record<string, unknown>) => boolean,
    timeoutMs?: number,
  ): Promise<Record<string, unknown>>;
  /** Settles when the process has exited. */
  exited: Promise<void>;
  /** Writes `line` and a newline to stdin. */
  write(line: string): void;
  /** SIGTERM, then SIGKILL if it has not exited within 5 s. Idempotent. */
  stop(): Promise<void>;
}

/** Spawns `node file ...args` with `env` added to a copy of this process's environment without GENKIT_* variables. */
export function startChild(
  file: string,
  args: string[],
  options: { cwd: string; env: Record<string, string> },
): Child {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('GENKIT_')));
  const child = spawn(process.execPath, [file, ...args], {
    cwd: options.cwd,
    env: { ...env, ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const lines: Record<string, unknown>[] = [];
  const listeners = new Set<() => void>();
  let stderr = '';
  let pending = '';
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      for (const listener of [...listeners]) listener();
      resolve();
    }),
  );
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-20_000);
  });
  child.stdout?.on('data', (chunk: Buffer) => {
    pending += chunk.toString();
    const parts = pending.split('\n');
    pending = parts.pop() ?? '';
    for (const part of parts) {
      if (!part.startsWith('{')) continue;
      try {
        lines.push(JSON.parse(part) as Record<string, unknown>);
      } catch {
        // a log line that merely starts with a brace
      }
    }
    for (const listener of [...listeners]) listener();
  });
  let stopping: Promise<void> | undefined;
  return {
    process: child,
    lines,
    exited: exit,
    stderr: () => stderr,
    nextLine(what, match, timeoutMs = 30_000) {
      return within(
        what,
        new Promise((resolve, reject) => {
          const check = () => {
            const line = lines.find(match);
            if (line) resolve(line);
            else if (exited) reject(new Error(`the child exited before ${what}; stderr: ${stderr}`));
            else return;
            listeners.delete(check);
          };
          listeners.add(check);
          check();
        }),
        timeoutMs,
      );
    },
    write(line) {
      child.stdin?.write(`${line}\n`);
    },
    stop() {
      stopping ??= (async () => {
        if (exited) return;
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exit;
        clearTimeout(killer);
      })();
      return stopping;
    },
  };
}
