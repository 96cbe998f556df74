import { parseArgs } from 'node:util';
import { createReflectionFlowsProvider, runtimeSendingTo } from '@livespan/server';
import {
  explainParseErrors,
  SERVER_OPTIONS_HELP,
  serverOptionSpecs,
  toServerOptions,
} from './server-options.js';
import { startServer, untilStopSignal } from './start-server.js';

const HELP = `Usage: livespan server [options]

Runs the livespan telemetry server and the Dev UI. Point apps at it with
GENKIT_TELEMETRY_SERVER=http://localhost:4000, or send OTLP to /v1/traces.
The Flows tab runs the flows of an app started in this folder with
GENKIT_ENV=dev that sends to this server (its .genkit/runtimes file).

Options:
${SERVER_OPTIONS_HELP}
`;

export async function runServerCommand(argv: string[]): Promise<number> {
  const { values } = explainParseErrors(() =>
    parseArgs({ args: argv, options: serverOptionSpecs, strict: true, allowPositionals: false }),
  );
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  let url: string | undefined;
  const { url: listening, close } = await startServer(
    toServerOptions(values),
    createReflectionFlowsProvider({ projectRoot: process.cwd(), accept: runtimeSendingTo(() => url) }),
  );
  url = listening;
  process.stdout.write(`livespan server and Dev UI: ${url}\n`);
  await untilStopSignal();
  process.stdout.write('livespan: shutting down\n');
  await close();
  return 0;
}
