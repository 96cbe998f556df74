import { loadPrices, type PriceTable } from '@livespan/server';
import { ACCESS_TOKEN_ENV, LOOPBACK_HOSTS } from '@livespan/tracing/wire';
import { UsageError } from './usage-error.js';

/** Options shared by `livespan server` and `livespan start`. */
export interface ServerOptions {
  port: number;
  host: string;
  /** SQLite file, or a `postgres://` URL of a database shared by several servers. */
  dbPath: string;
  retention?: number;
  /** PostgreSQL only: traces not updated for this long (ms) are deleted. */
  maxAgeMs?: number;
  staleAfterMs?: number;
  /** Access token every route but health requires (`--token`, else `LIVESPAN_TOKEN`). */
  token?: string;
  /** `--insecure-no-token`: a non-loopback `host` without a token. */
  insecureNoToken: boolean;
  /** `--public-url`: the URL a proxy serves the server at, accepted in `Host` and `Origin`. */
  publicUrl?: string;
  /** Model prices: the defaults with `--prices FILE` (else `.livespan/prices.json`, if present) applied. */
  prices: PriceTable;
}

/** Shortest access token accepted, as `createServer` demands. */
const MIN_TOKEN_LENGTH = 16;

export const SERVER_OPTIONS_HELP = `  --port <n>          port of the server and Dev UI (default 4000)
  --host <addr>       address to bind (default 127.0.0.1; anything else is reachable from your network)
  --token <secret>    require this access token on every route but health (default
                      $LIVESPAN_TOKEN; at least 16 characters); needed with a non-loopback --host
  --insecure-no-token serve a non-loopback --host without a token (anyone who reaches it reads traces)
  --public-url <url>  the URL a reverse proxy serves this server at (accepted in Host and Origin)
  --db <path|url>     SQLite file (default .livespan/traces.db), or postgres://user:pass@host:5432/db
                      to share one PostgreSQL database between servers (default $LIVESPAN_DATABASE_URL)
  --retention <n>     keep the newest n traces (default 1000)
  --max-age <ms>      with a postgres:// --db, also delete traces not updated for this long
  --prices <file>     model prices for cost estimates, JSON {"models": {"<model>": {"inputPerMillion",
                      "outputPerMillion", "cachedInputPerMillion"?}}} in US dollars, replacing or adding
                      to the shipped Gemini prices (default .livespan/prices.json, if present)
  --stale-after <ms>  call a run stale after this long without data when its app sends no
                      heartbeats, as Genkit and OTLP exporters (default 600000; livespan apps
                      are stale after 3 missed heartbeats, apps livespan start runs when they exit)
  -h, --help          show this help`;

export const serverOptionSpecs = {
  port: { type: 'string', default: '4000' },
  host: { type: 'string', default: '127.0.0.1' },
  db: { type: 'string' },
  retention: { type: 'string' },
  'max-age': { type: 'string' },
  'stale-after': { type: 'string' },
  prices: { type: 'string' },
  token: { type: 'string' },
  'insecure-no-token': { type: 'boolean', default: false },
  'public-url': { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/** The values `parseArgs` returns for `serverOptionSpecs`. */
interface ParsedValues {
  port: string;
  host: string;
  db?: string | undefined;
  retention?: string | undefined;
  'max-age'?: string | undefined;
  'stale-after'?: string | undefined;
  prices?: string | undefined;
  token?: string | undefined;
  'insecure-no-token': boolean;
  'public-url'?: string | undefined;
}

/** `--db` wins over `LIVESPAN_DATABASE_URL`, which wins over the SQLite default. */
export function toServerOptions(
  values: ParsedValues,
  env: NodeJS.ProcessEnv = process.env,
  cwd = process.cwd(),
): ServerOptions {
  const dbPath = values.db ?? (env.LIVESPAN_DATABASE_URL || '.livespan/traces.db');
  if (values['max-age'] !== undefined && !/^postgres(ql)?:\/\//i.test(dbPath)) {
    throw new UsageError(
      '--max-age needs a postgres:// --db (or LIVESPAN_DATABASE_URL)',
      'With SQLite, --retention bounds the traces kept.',
    );
  }
  const token = values.token ?? (env[ACCESS_TOKEN_ENV]?.trim() || undefined);
  checkAccess(values.host, token, values['insecure-no-token']);
  const publicUrl = values['public-url'];
  if (publicUrl !== undefined && !/^https?:\/\/[^/]/i.test(publicUrl)) {
    throw new UsageError(
      `--public-url must be an http:// or https:// URL, got "${publicUrl}"`,
      'Run with --help for usage.',
    );
  }
  return {
    port: integer('--port', values.port, 0, 65_535),
    prices: prices(values.prices, cwd),
    ...(token !== undefined && { token }),
    insecureNoToken: values['insecure-no-token'],
    ...(publicUrl !== undefined && { publicUrl }),
    host: values.host,
    dbPath,
    ...(values.retention !== undefined && { retention: integer('--retention', values.retention, 1) }),
    ...(values['max-age'] !== undefined && { maxAgeMs: integer('--max-age', values['max-age'], 1) }),
    ...(values['stale-after'] !== undefined && {
      staleAfterMs: integer('--stale-after', values['stale-after'], 1),
    }),
  };
}

function prices(file: string | undefined, cwd: string): PriceTable {
  try {
    return loadPrices(file, cwd);
  } catch (error) {
    throw new UsageError((error as Error).message, 'Run with --help for the format of a prices file.');
  }
}

/** A server others can reach needs a token, unless refused explicitly; a token must be long enough. */
function checkAccess(host: string, token: string | undefined, insecureNoToken: boolean): void {
  if (token !== undefined && token.length < MIN_TOKEN_LENGTH) {
    throw new UsageError(
      `the access token (--token or ${ACCESS_TOKEN_ENV}) must be at least ${MIN_TOKEN_LENGTH} characters`,
      'Make one with: openssl rand -hex 32',
    );
  }
  if (token === undefined && !insecureNoToken && !LOOPBACK_HOSTS.has(host.toLowerCase())) {
    throw new UsageError(
      `--host ${host} is reachable from your network, so it needs an access token`,
      `Set ${ACCESS_TOKEN_ENV} (or --token), e.g. ${ACCESS_TOKEN_ENV}=$(openssl rand -hex 32); or pass --insecure-no-token to let anyone who reaches it read your traces.`,
    );
  }
}

function integer(flag: string, text: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    throw new UsageError(
      `${flag} must be a whole number from ${min} to ${max}, got "${text}"`,
      `Run with --help for usage.`,
    );
  }
  return value;
}

/** Runs a `parseArgs` call, turning Node's parse errors into usage errors. */
export function explainParseErrors<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new UsageError((error as Error).message, 'Run with --help for usage.');
  }
}
