import { spawn } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createReflectionFlowsProvider } from '@livespan/server';
import { AppProcess } from './app-process.js';
import {
  explainParseErrors,
  SERVER_OPTIONS_HELP,
  serverOptionSpecs,
  toServerOptions,
} from './server-options.js';
import { watchSources } from './source-watcher.js';
import { startServer, untilStopSignal } from './start-server.js';
import { UsageError } from './usage-error.js';

const HELP = `Usage: livespan start [options] -- <command…>

Starts the livespan server and Dev UI, then runs <command> with
  GENKIT_ENV=dev
  GENKIT_TELEMETRY_SERVER=<the server's URL>
  GENKIT_ENABLE_REALTIME_TELEMETRY=true   (false with --no-realtime)
and restarts it whenever a source file under the current folder changes.
Ctrl+C stops everything.

Example:
  livespan start -- npx tsx src/main.ts

Options:
${SERVER_OPTIONS_HELP}
  --no-realtime       export spans only when they end, to compare with realtime
  --open              open the Dev UI in a browser
  --watch <path>      folder or file to watch for changes (repeatable; default: the current folder)
`;

export async function runStartCommand(argv: string[]): Promise<number> {
  const separator = argv.indexOf('--');
  const ownArgs = separator === -1 ? argv : argv.slice(0, separator);
  const command = separator === -1 ? [] : argv.slice(separator + 1);
  const { values } = explainParseErrors(() =>
    parseArgs({
      args: ownArgs,
      options: {
        ...serverOptionSpecs,
        realtime: { type: 'boolean', default: true },
        open: { type: 'boolean', default: false },
        watch: { type: 'string', multiple: true },
      },
      strict: true,
      allowNegative: true,
      allowPositionals: false,
    }),
  );
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (command.length === 0) {
    throw new UsageError(
      'no command to run',
      'Put your app\'s command after "--", e.g.: livespan start -- npx tsx src/main.ts',
    );
  }
  const cwd = process.cwd();
  const server = await startServer(
    toServerOptions(values),
    createReflectionFlowsProvider({ projectRoot: cwd }),
  );
  process.stdout.write(`livespan Dev UI: ${server.url}\n`);

  const app = new AppProcess({
    command,
    cwd,
    env: {
      ...process.env,
      GENKIT_ENV: 'dev',
      GENKIT_TELEMETRY_SERVER: server.url,
      GENKIT_ENABLE_REALTIME_TELEMETRY: String(values.realtime),
    },
  });
  try {
    await app.start();
  } catch (error) {
    await server.close();
    throw error;
  }
  const stopWatching = watchSources(
    (values.watch ?? [cwd]).map((p) => path.resolve(cwd, p)),
    (file) => {
      process.stderr.write(`livespan: ${path.relative(cwd, file)} changed, restarting the app\n`);
      app.restart().catch((error: Error) => process.stderr.write(`livespan: ${error.message}\n`));
    },
  );
  if (values.open) openBrowser(server.url);

  await untilStopSignal();
  process.stdout.write('livespan: shutting down\n');
  await stopWatching();
  await app.stop();
  await server.close();
  return 0;
}

function openBrowser(url: string): void {
  const opener =
    process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  spawn(opener, [url], { stdio: 'ignore', detached: true })
    .on('error', () => process.stderr.write(`livespan: could not open a browser; visit ${url}\n`))
    .unref();
}
