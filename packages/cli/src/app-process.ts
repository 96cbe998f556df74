import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { StderrTail } from './stderr-tail.js';

/** How an app process ended. */
export interface AppExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** It was stopped on purpose (`stop()`, `restart()`), not by itself. */
  stopped: boolean;
}

export interface AppProcessOptions {
  command: string[];
  /** The environment of each launch (asked again on every start). */
  env: () => NodeJS.ProcessEnv;
  cwd: string;
  /** Put before every line the app prints. Default `[app] `. */
  prefix?: string;
  /** Where messages about the app (exits, restarts) go. Default stderr. */
  log?: (message: string) => void;
  /** How long the app may take to stop before it is killed, in ms. Default 5 000. */
  stopTimeoutMs?: number;
  /** Called once per launch when its process has exited. */
  onExit?: (exit: AppExit) => void;
}

/**
 * The user's app as a child process that can be restarted. It runs in its own
 * process group, so stopping it also stops what it spawned (npx, tsx, …).
 */
export class AppProcess {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private readonly prefix: string;
  private readonly log: (message: string) => void;
  /** The last lines the current launch wrote to stderr. */
  readonly stderrTail = new StderrTail();

  constructor(private readonly options: AppProcessOptions) {
    this.prefix = options.prefix ?? '[app] ';
    this.log = options.log ?? ((message) => process.stderr.write(`livespan: ${message}\n`));
  }

  /** Process id of the running app, if it runs. */
  get pid(): number | undefined {
    return this.child?.exitCode === null ? this.child.pid : undefined;
  }

  /** Starts the app; rejects if the command cannot be run at all (not found, not executable). */
  start(): Promise<void> {
    const [file, ...args] = this.options.command;
    if (!file) return Promise.reject(new Error('no command to run'));
    this.stderrTail.clear();
    const child = spawn(file, args, {
      cwd: this.options.cwd,
      env: this.options.env(),
      stdio: ['inherit', 'pipe', 'pipe'],
      detached: true,
    });
    this.child = child;
    forwardLines(child.stdout, process.stdout, this.prefix);
    forwardLines(child.stderr, process.stderr, this.prefix, (line) => this.stderrTail.push(line));
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        const stopped = this.child !== child;
        if (!stopped)
          this.log(`app exited (${signal ?? `code ${code}`}); it restarts when a source file changes`);
        // Its last stderr lines may still be in the pipe; a grandchild holding the pipe must not hold us.
        let reported = false;
        const report = () => {
          if (reported) return;
          reported = true;
          clearTimeout(timer);
          this.options.onExit?.({ code, signal, stopped });
          resolve();
        };
        const timer = setTimeout(report, 250);
        child.once('close', report);
      });
    });
    return new Promise((resolve, reject) => {
      child.once('spawn', () => resolve());
      child.once('error', (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') reject(new Error(`command not found: ${file}`));
        else reject(new Error(`cannot run ${file}: ${error.message}`));
      });
    });
  }

  /** Stops the app and everything it started: SIGTERM, then SIGKILL if it does not exit in time. */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
    signalGroup(child.pid, 'SIGTERM');
    const timeout = setTimeout(() => signalGroup(child.pid!, 'SIGKILL'), this.options.stopTimeoutMs ?? 5_000);
    await this.exited;
    clearTimeout(timeout);
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

function forwardLines(
  from: Readable | null,
  to: Writable,
  prefix: string,
  onLine?: (line: string) => void,
): void {
  if (!from) return;
  createInterface({ input: from, crlfDelay: Number.POSITIVE_INFINITY }).on('line', (line) => {
    to.write(`${prefix}${line}\n`);
    onLine?.(line);
  });
}
