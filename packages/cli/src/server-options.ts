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
}

export const SERVER_OPTIONS_HELP = `  --port <n>          port of the server and Dev UI (default 4000)
  --host <addr>       address to bind (default 127.0.0.1; anything else is reachable from your network)
  --db <path|url>     SQLite file (default .livespan/traces.db), or postgres://user:pass@host:5432/db
                      to share one PostgreSQL database between servers (default $LIVESPAN_DATABASE_URL)
  --retention <n>     keep the newest n traces (default 1000)
  --max-age <ms>      with a postgres:// --db, also delete traces not updated for this long
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
}

/** `--db` wins over `LIVESPAN_DATABASE_URL`, which wins over the SQLite default. */
export function toServerOptions(values: ParsedValues, env: NodeJS.ProcessEnv = process.env): ServerOptions {
  const dbPath = values.db ?? (env.LIVESPAN_DATABASE_URL || '.livespan/traces.db');
  if (values['max-age'] !== undefined && !/^postgres(ql)?:\/\//i.test(dbPath)) {
    throw new UsageError(
      '--max-age needs a postgres:// --db (or LIVESPAN_DATABASE_URL)',
      'With SQLite, --retention bounds the traces kept.',
    );
  }
  return {
    port: integer('--port', values.port, 0, 65_535),
    host: values.host,
    dbPath,
    ...(values.retention !== undefined && { retention: integer('--retention', values.retention, 1) }),
    ...(values['max-age'] !== undefined && { maxAgeMs: integer('--max-age', values['max-age'], 1) }),
    ...(values['stale-after'] !== undefined && {
      staleAfterMs: integer('--stale-after', values['stale-after'], 1),
    }),
  };
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
