import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The realtime tracing demo's entry point. */
const DEMO_MAIN = fileURLToPath(new URL('../../samples/realtime-tracing-demo/src/main.ts', import.meta.url));

/** tsx's loader as a file URL: `--import tsx` would resolve from the child's cwd, a temporary folder. */
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** The demo app running as a child process, as `livespan start` would run it. */
export interface DemoApp {
  child: ChildProcess;
  /** Everything it printed so far (stdout and stderr), for failure messages. */
  output(): string;
  /** SIGTERM, then SIGKILL if it has not exited after `graceMs`; resolves once it exited. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Spawns the demo with cwd `projectRoot` (where it announces its reflection
 * API in `.genkit/runtimes/`), in dev and realtime mode, exporting to
 * `serverUrl`. No Gemini key is passed on (unless `env` gives one), so model steps fail as they do for
 * a user without one. Resolves once the app says its flows are ready.
 */
export async function startDemoApp(options: {
  projectRoot: string;
  serverUrl: string;
  /** `DEMO_SPEED`: 1 paces steps as a user sees them. Default 1. */
  speed?: number;
  timeoutMs?: number;
  /** More environment, e.g. `GEMINI_API_KEY` and `GEMINI_BASE_URL` of a fake Gemini. */
  env?: Record<string, string>;
}): Promise<DemoApp> {
  const {
    GEMINI_API_KEY: _gemini,
    GOOGLE_API_KEY: _google,
    GOOGLE_GENAI_API_KEY: _genai,
    ...env
  } = process.env;
  const child = spawn(process.execPath, ['--import', TSX_LOADER, DEMO_MAIN], {
    cwd: options.projectRoot,
    env: {
      ...env,
      GENKIT_ENV: 'dev',
      GENKIT_TELEMETRY_SERVER: options.serverUrl,
      GENKIT_ENABLE_REALTIME_TELEMETRY: 'true',
      DEMO_SPEED: String(options.speed ?? 1),
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (output.includes('flows ready')) resolve();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      reject(new Error(`demo app exited (${signal ?? code}) before its flows were ready:\n${output}`)),
    );
  });
  const app: DemoApp = {
    child,
    output: () => output,
    async stop(graceMs = 5_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
  const timeoutMs = options.timeoutMs ?? 30_000;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`demo app not ready after ${timeoutMs} ms:\n${output}`)),
      timeoutMs,
    );
  });
  try {
    await Promise.race([ready, timeout]);
  } catch (error) {
    await app.stop();
    throw error;
  } finally {
    clearTimeout(timer);
  }
  return app;
}
