import { randomBytes } from 'node:crypto';
import type { AppStatus } from '@livespan/server';
import { ACCESS_TOKEN_ENV, bearer } from '@livespan/tracing/wire';
import { type AppExit, AppProcess } from './app-process.js';

/** What the supervised app tells the server it runs beside. */
interface AppReporter {
  reportApp(status: AppStatus): void;
  stopApp(appId: string, reason: string): Promise<number>;
}

export interface SupervisedAppOptions {
  command: string[];
  cwd: string;
  /** The server's URL; each launch sends to `<url>/apps/<appId>`. */
  serverUrl: string;
  realtime: boolean;
  server: AppReporter;
  /** The server's access token, given to the app as `LIVESPAN_TOKEN` (and OTLP headers). Default none. */
  token?: string;
  /** Where messages about the app go. Default stderr. */
  log?: (message: string) => void;
}

/**
 * The app `livespan start` runs, tied to its server: each launch gets its own
 * id (its `GENKIT_RUNTIME_ID`, and the `/apps/<id>` prefix it sends traces
 * to), and every exit, crash or restart is reported to the server, which
 * stops that launch's open spans at once with the reason.
 */
export class SupervisedApp {
  private readonly session = randomBytes(4).toString('hex');
  private launches = 0;
  private appId = '';
  private startedAt = 0;
  private readonly process: AppProcess;
  private readonly log: (message: string) => void;

  constructor(private readonly options: SupervisedAppOptions) {
    this.log = options.log ?? ((message) => process.stderr.write(`livespan: ${message}\n`));
    this.process = new AppProcess({
      command: options.command,
      cwd: options.cwd,
      env: () => this.launchEnv(),
      log: this.log,
      onExit: (exit) => this.onExit(this.appId, exit),
    });
  }

  /** Id of the current launch. */
  get currentAppId(): string {
    return this.appId;
  }

  /** Launches the app; rejects when the command cannot run at all. */
  async start(): Promise<void> {
    this.appId = `${this.session}-${++this.launches}`;
    this.startedAt = Date.now();
    this.report({ state: 'starting' });
    try {
      await this.process.start();
    } catch (error) {
      this.report({ state: 'exited', exit: exitOf(null, null, (error as Error).message) });
      throw error;
    }
    this.report({ state: 'running' });
  }

  /** Restarts after `file` changed (a path relative to the project, for people to read). */
  async restart(file: string): Promise<void> {
    const previous = this.appId;
    const reason = `app restarted after a change to ${file}`;
    this.report({ state: 'restarting', restartReason: `${file} changed` });
    await this.stopTraces(previous, reason);
    await this.process.stop();
    // Spans the dying app still flushed revive its traces; they are just as dead.
    await this.stopTraces(previous, reason);
    await this.start();
  }

  /** Stops the app for good (livespan itself is stopping). */
  async stop(): Promise<void> {
    await this.process.stop();
    await this.stopTraces(this.appId, 'app stopped with livespan');
  }

  private launchEnv(): NodeJS.ProcessEnv {
    const sendTo = `${this.options.serverUrl}/apps/${this.appId}`;
    return {
      ...process.env,
      GENKIT_ENV: 'dev',
      GENKIT_RUNTIME_ID: this.appId,
      GENKIT_TELEMETRY_SERVER: sendTo,
      GENKIT_ENABLE_REALTIME_TELEMETRY: String(this.options.realtime),
      // OTLP apps light up too, unless the user points them elsewhere on purpose.
      OTEL_EXPORTER_OTLP_ENDPOINT: process.env.OTEL_EXPORTER_OTLP_ENDPOINT ?? sendTo,
      ...(this.options.token !== undefined && {
        [ACCESS_TOKEN_ENV]: this.options.token,
        // The OTLP exporters' standard headers option (URL-encoded `key=value` pairs).
        OTEL_EXPORTER_OTLP_HEADERS:
          process.env.OTEL_EXPORTER_OTLP_HEADERS ??
          `Authorization=${encodeURIComponent(bearer(this.options.token))}`,
      }),
    };
  }

  private onExit(appId: string, { code, signal, stopped }: AppExit): void {
    if (stopped) return;
    const reason = signal ? `app killed by ${signal}` : `app exited with code ${code}`;
    this.report({ state: 'exited', exit: exitOf(code, signal, reason) });
    void this.stopTraces(appId, reason);
  }

  private async stopTraces(appId: string, reason: string): Promise<void> {
    try {
      await this.options.server.stopApp(appId, reason);
    } catch (error) {
      this.log(`could not mark the app's open spans as stopped: ${(error as Error).message}`);
    }
  }

  private report(
    change: Pick<Extract<AppStatus, { appId: string }>, 'state' | 'restartReason' | 'exit'>,
  ): void {
    const pid = change.state === 'running' ? this.process.pid : undefined;
    this.options.server.reportApp({
      ...change,
      appId: this.appId,
      command: this.options.command.join(' '),
      startedAt: this.startedAt,
      ...(pid !== undefined && { pid }),
      stderrTail: this.process.stderrTail.get(),
    });
  }
}

function exitOf(code: number | null, signal: string | null, reason: string) {
  return { code, signal, at: Date.now(), reason };
}
