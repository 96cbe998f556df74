import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ACCESS_TOKEN_ENV } from '@livespan/tracing/wire';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { explainParseErrors } from '../server-options.js';
import { untilStopSignal } from '../start-server.js';
import { UsageError } from '../usage-error.js';
import { LivespanApi } from './livespan-api.js';
import { createLivespanMcpServer } from './mcp-server.js';
import { trackPendingRequests } from './pending-requests.js';
import { readServerFile, SERVER_FILE } from './server-file.js';

const DEFAULT_URL = 'http://localhost:4000';

const HELP = `Usage: livespan mcp [--url <url>]

An MCP server over stdio for coding agents, on a running livespan server:
run flows and wait for them, list and read traces compactly, wait on a
trace's live stream until it ends, fails, goes stale or a span appears.

Register it with your agent, e.g. in an "mcpServers" entry:
  { "livespan": { "command": "npx", "args": ["livespan", "mcp"] } }

Options:
  --url <url>   the livespan server (default: the one "livespan start" runs in
                this folder, from ${SERVER_FILE}, else ${DEFAULT_URL})
  -h, --help    show this help

LIVESPAN_TOKEN, when set, is sent as the server's access token.
`;

/** `livespan mcp`: serves MCP on stdin/stdout until the client closes stdin or a stop signal. */
export async function runMcpCommand(argv: string[]): Promise<number> {
  const { values } = explainParseErrors(() =>
    parseArgs({
      args: argv,
      options: { url: { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } },
      strict: true,
      allowPositionals: false,
    }),
  );
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (values.url !== undefined && !/^https?:\/\/[^/]/.test(values.url)) {
    throw new UsageError(
      `--url must be an http:// or https:// URL, got "${values.url}"`,
      'Run with --help for usage.',
    );
  }
  const url = values.url ?? (await readServerFile(process.cwd())) ?? DEFAULT_URL;
  const api = new LivespanApi(url, process.env[ACCESS_TOKEN_ENV]?.trim() || undefined);
  await api.checkHealth();

  const mcp = createLivespanMcpServer(api, version());
  const transport = new StdioServerTransport();
  const stdinEnded = new Promise<'eof'>((resolve) => {
    process.stdin.once('end', () => resolve('eof'));
    process.stdin.once('close', () => resolve('eof'));
  });
  await mcp.server.connect(transport);
  const pending = trackPendingRequests(transport);
  process.stderr.write(`livespan mcp: serving ${api.url} over stdio\n`);
  const stopSignal = untilStopSignal();
  // The client closing stdin still gets the answers it asked for; a stop signal ends everything at once.
  if ((await Promise.race([stdinEnded, stopSignal])) === 'eof')
    await Promise.race([pending.idle(), stopSignal]);
  await mcp.close();
  process.stdin.destroy();
  return 0;
}

function version(): string {
  const packageJson = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return packageJson.version;
}
