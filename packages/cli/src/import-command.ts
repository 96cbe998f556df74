import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ACCESS_TOKEN_ENV, bearer } from '@livespan/tracing/wire';
import { readServerFile, SERVER_FILE } from './mcp/server-file.js';
import { explainParseErrors } from './server-options.js';
import { UsageError } from './usage-error.js';

const DEFAULT_URL = 'http://localhost:4000';

const HELP = `Usage: livespan import [--url <url>] FILE…

Imports traces downloaded from the Dev UI or GET /api/traces/:traceId (one
trace, an array of them, or {"traces": [...]}) into a livespan server. Each
file is validated like ingest and stored whole or not at all.

Options:
  --url <url>   the livespan server (default: the one "livespan start" runs in
                this folder, from ${SERVER_FILE}, else ${DEFAULT_URL})
  -h, --help    show this help

LIVESPAN_TOKEN, when set, is sent as the server's access token.
Exits 1 when any file failed.
`;

/** What `POST /api/traces/import` answers. */
interface ImportAnswer {
  imported?: Array<{ traceId: string; spanCount: number }>;
  error?: string;
}

/** `livespan import FILE…`: posts each file to the server, one line per file; 1 when any failed. */
export async function runImportCommand(argv: string[]): Promise<number> {
  const { values, positionals } = explainParseErrors(() =>
    parseArgs({
      args: argv,
      options: { url: { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } },
      strict: true,
      allowPositionals: true,
    }),
  );
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (positionals.length === 0) throw new UsageError('import needs at least one FILE', HELP);
  if (values.url !== undefined && !/^https?:\/\/[^/]/.test(values.url)) {
    throw new UsageError(
      `--url must be an http:// or https:// URL, got "${values.url}"`,
      'Run with --help for usage.',
    );
  }
  const url = (values.url ?? (await readServerFile(process.cwd())) ?? DEFAULT_URL).replace(/\/+$/, '');
  const token = process.env[ACCESS_TOKEN_ENV]?.trim() || undefined;
  let failed = 0;
  for (const file of positionals) {
    const name = path.basename(file);
    try {
      process.stdout.write(`${await importFile(url, token, file)} from ${name}\n`);
    } catch (error) {
      failed++;
      process.stderr.write(`livespan: ${name}: ${error instanceof Error ? error.message : String(error)}\n`);
    }
  }
  return failed > 0 ? 1 : 0;
}

/** Posts one file; resolves to what was imported, e.g. "imported 1 trace (42 spans)". */
async function importFile(url: string, token: string | undefined, file: string): Promise<string> {
  const body = await readFile(file);
  let response: Response;
  try {
    response = await fetch(`${url}/api/traces/import`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token && { authorization: bearer(token) }) },
      body,
    });
  } catch (error) {
    const cause = (error as { cause?: { message?: string } }).cause?.message;
    throw new Error(`cannot reach the livespan server at ${url}${cause ? `: ${cause}` : ''}`);
  }
  const answer = (await response.json().catch(() => ({}))) as ImportAnswer;
  if (!response.ok || !answer.imported) {
    throw new Error(answer.error ?? `the server answered ${response.status} ${response.statusText}`);
  }
  const traces = answer.imported.length;
  const spans = answer.imported.reduce((sum, trace) => sum + trace.spanCount, 0);
  return `imported ${traces} trace${traces === 1 ? '' : 's'} (${spans} span${spans === 1 ? '' : 's'})`;
}
