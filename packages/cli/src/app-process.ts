import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';

export interface AppProcessOptions {
  command: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Put before every line the app prints. Default `[app] `. */
  prefix?: string;
  /** Where messages about the app (exits, restarts) go. Default stderr. */
  log?: (message: string) => void;
  /** How long the app may take to stop before it is killed, in ms. Default 5 000. */
  stopTimeoutMs?: number;
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
    const child = spawn(file, args, {
      cwd: this.options.cwd,
      env: this.options.env,
      stdio: ['inherit', 'pipe', 'pipe'],
      detached: true,
    });
    this.child = child;
    forwardLines(child.stdout, process.stdout, this.prefix);
    forwardLines(child.stderr, process.stderr, this.prefix);
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        if (this.child === child)
          this.log(`app exited (${signal ?? `code ${code}`}); it restarts when a source file changes`);
        resolve();
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

function forwardLines(from: Readable | null, to: Writable, prefix: string): void {
  if (!from) return;
  createInterface({ input: from, crlfDelay: Number.POSITIVE_INFINITY }).on('line', (line) =>
    to.write(`${prefix}${line}\n`),
  );
}
