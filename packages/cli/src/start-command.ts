import { spawn } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createReflectionFlowsProvider, runtimeWithId } from '@livespan/server';
import { writeServerFile } from './mcp/server-file.js';
import {
  explainParseErrors,
  SERVER_OPTIONS_HELP,
  serverOptionSpecs,
  toServerOptions,
} from './server-options.js';
import { watchSources } from './source-watcher.js';
import { startServer, untilStopSignal } from './start-server.js';
import { SupervisedApp } from './supervised-app.js';
import { UsageError } from './usage-error.js';
import { defaultWatchPaths } from './watch-paths.js';

const HELP = `Usage: livespan start [options] -- <command…>

Starts the livespan server and Dev UI, then runs <command> with
  GENKIT_ENV=dev
  GENKIT_TELEMETRY_SERVER=<the server's URL>/apps/<launch id>
  GENKIT_ENABLE_REALTIME_TELEMETRY=true   (false with --no-realtime)
  GENKIT_RUNTIME_ID=<launch id>           (the Flows tab drives this app, no other)
  OTEL_EXPORTER_OTLP_ENDPOINT=<as GENKIT_TELEMETRY_SERVER, unless already set>
  LIVESPAN_TOKEN, OTEL_EXPORTER_OTLP_HEADERS=Authorization=Bearer …   (with a token;
                                          the headers unless already set)
and restarts it whenever a file it uses changes. When the app exits, crashes
or restarts, its running spans are shown as stopped, with the reason.
Ctrl+C stops everything.

Example:
  livespan start -- npx tsx src/main.ts

Options:
${SERVER_OPTIONS_HELP}
  --no-realtime       export spans only when they end, to compare with realtime
  --open              open the Dev UI in a browser
  --watch <path>      folder or file to watch for changes (repeatable; default: the
                      folders of the project that <command> names, e.g. src/, else the
                      current folder)
  --ignore <path>     folder, file or folder name not to watch (repeatable; node_modules,
                      .git, build output, lockfiles, databases and logs are never watched)
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
        ignore: { type: 'string', multiple: true },
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
  let app: SupervisedApp | undefined;
  const serverOptions = toServerOptions(values);
  const { server, url, close } = await startServer(
    serverOptions,
    createReflectionFlowsProvider({
      projectRoot: cwd,
      accept: runtimeWithId(() => app?.currentAppId),
      noAppMessage: () =>
        'the app livespan runs has not announced any flows (no .genkit/runtimes file with its GENKIT_RUNTIME_ID); flows come from Genkit or @livespan/flows apps',
    }),
  );
  process.stdout.write(`livespan Dev UI: ${url}
`);
  const serverFile = await writeServerFile(cwd, url);

  app = new SupervisedApp({
    command,
    cwd,
    serverUrl: url,
    realtime: values.realtime,
    server,
    ...(serverOptions.token !== undefined && { token: serverOptions.token }),
  });
  try {
    await app.start();
  } catch (error) {
    await serverFile.remove();
    await close();
    throw error;
  }
  const watched = (values.watch ?? []).map((p) => path.resolve(cwd, p));
  const supervised = app;
  const stopWatching = watchSources(
    watched.length > 0 ? watched : defaultWatchPaths(command, cwd),
    (file) => {
      const changed = path.relative(cwd, file);
      process.stderr.write(`livespan: ${changed} changed, restarting the app\n`);
      supervised
        .restart(changed)
        .catch((error: Error) => process.stderr.write(`livespan: ${error.message}\n`));
    },
    { ignore: (values.ignore ?? []).map((p) => (p.includes('/') ? path.resolve(cwd, p) : p)) },
  );
  if (values.open) openBrowser(url);

  await untilStopSignal();
  process.stdout.write('livespan: shutting down\n');
  await stopWatching();
  await app.stop();
  await serverFile.remove();
  await close();
  return 0;
}

function openBrowser(url: string): void {
  const opener =
    process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  spawn(opener, [url], { stdio: 'ignore', detached: true })
    .on('error', () => process.stderr.write(`livespan: could not open a browser; visit ${url}\n`))
    .unref();
}
