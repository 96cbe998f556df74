import path from 'node:path';
import { LOOPBACK_HOSTS } from '@livespan/tracing/wire';
import { Hono } from 'hono';
import {
  type AccessCheck,
  accessCheck,
  MIN_TOKEN_LENGTH,
  registerSessionRoutes,
  requireAccessToken,
} from './access-token.js';
import type { AppStatus } from './app-status.js';
import { CurrentApp } from './current-app.js';
import { directIngest } from './direct-ingest.js';
import type { FlowsProvider } from './flows-provider.js';
import { registerFlowsRoutes } from './flows-routes.js';
import { errorAnswer, HttpError } from './http-error.js';
import { stopApp, sweepStale } from './ingest.js';
import { type Listener, type ListenOptions, listenOn } from './listen.js';
import { LiveHub } from './live-hub.js';
import { consoleLogger, type Logger } from './logger.js';
import { registerOtlpRoutes } from './otlp-routes.js';
import { DEFAULT_PRICES, type PriceTable } from './price-table.js';
import { type AllowedHosts, checkRequest, corsPolicy, requestGuard } from './request-guard.js';
import { registerResourceRoutes } from './resource-routes.js';
import type { ServerContext } from './server-context.js';
import { createSqliteTraceStore } from './sqlite-trace-store.js';
import { StoreFailureLog } from './store-failure-log.js';
import { registerStreamRoutes } from './stream-routes.js';
import { TokenGuesses } from './token-guesses.js';
import { registerTraceRoutes } from './trace-routes.js';
import { registerTraceSpansRoute } from './trace-spans-route.js';
import { StoreUnavailableError, type TraceStore } from './trace-store.js';
import { registerTraceWriteRoutes } from './trace-write-routes.js';
import { defaultUiDir, serveUi } from './ui-files.js';

export interface CreateServerOptions {
  /** Where traces live. Default: a SQLite store at `dbPath`, owned (and closed) by this server. */
  store?: TraceStore;
  /** SQLite file when no `store` is given. Default `.livespan/traces.db` under the current directory. */
  dbPath?: string;
  /** Traces kept by the default store. Default 1000. */
  retention?: number;
  /**
   * A trace whose sender promised no heartbeats (Genkit's and OTLP exporters)
   * turns stale after this long without data, in ms. Default 600 000 (10 min):
   * their healthy long steps are silent too. Senders with heartbeats are stale
   * after 3 missed ones; apps `livespan start` runs, as soon as they exit.
   */
  staleAfterMs?: number;
  /** The built Dev UI. Default packages/ui/dist (found next to this package). */
  uiDir?: string;
  /** Host the server binds, also accepted in `Host` and `Origin`. Default `127.0.0.1`. */
  host?: string;
  /**
   * Access token required on every route but health and the Dev UI's static
   * files (docs/api.md, "Access token"), as `Authorization: Bearer` or the
   * session cookie. At least 16 characters. Default none: required to bind
   * a `host` other than loopback, unless `insecureNoToken` is set. Set on
   * loopback, it is required there too.
   */
  token?: string;
  /** Allows a `host` other than loopback without a `token`. Default `false`. */
  insecureNoToken?: boolean;
  /**
   * The URL a reverse proxy serves this server at (e.g. `https://traces.internal`):
   * its host is accepted in `Host` and its origin in `Origin`. Default none.
   */
  publicUrl?: string;
  /** Largest request body (after gunzip), in bytes. Default 32 MiB. */
  bodyLimitBytes?: number;
  /** Interval of SSE keep-alive comments, in ms. Default 15 000. */
  keepAliveMs?: number;
  /** Bytes an SSE client may fall behind before it is cut off. Default 8 MiB. */
  sseMaxPendingBytes?: number;
  /** Events kept for `Last-Event-ID` resume. Default 10 000. */
  replaySize?: number;
  /** The live hub, e.g. one shared by instances (postgres-backend.ts). Default: this process's own; closed by `close()` either way. */
  hub?: LiveHub;
  /** Runs the app's flows for the Flows tab. Default none: the flows routes answer 503. */
  flows?: FlowsProvider;
  /** Model prices for cost estimates (`loadPrices` reads a prices file). Default `DEFAULT_PRICES`. */
  prices?: PriceTable;
  /** Clock, in ms since the epoch. Default `Date.now`. */
  now?: () => number;
  /** Where the server logs. Default: `livespan: …` lines on stderr. */
  logger?: Logger;
}

/** A server as a value: the Hono app (testable with `app.request()`), its hub and store. */
export interface LivespanServer {
  app: Hono;
  hub: LiveHub;
  store: TraceStore;
  /** Listens on `port` (default 4000; 0 picks a free one). Rejects with a message naming the port when taken. */
  listen(options?: ListenOptions): Promise<Listener>;
  /** Closes listeners, ends SSE streams, stops timers and closes a store this server opened. Idempotent. */
  close(): Promise<void>;
  /** Publishes the status of the app this server runs (`GET /api/app`, the list stream's `app` event). */
  reportApp(status: AppStatus): void;
  /** The app launch `appId` is gone: its traces with running spans turn stale with `reason` at once. */
  stopApp(appId: string, reason: string): Promise<number>;
}

/** Builds a livespan server. Nothing is global: several can run in one process. */
export function createServer(options: CreateServerOptions = {}): LivespanServer {
  const staleAfterMs = options.staleAfterMs ?? 600_000;
  const logger = options.logger ?? consoleLogger;
  const host = options.host ?? '127.0.0.1';
  checkAccessOptions(host, options);
  const store =
    options.store ??
    createSqliteTraceStore({
      path: options.dbPath ?? path.join(process.cwd(), '.livespan', 'traces.db'),
      ...(options.retention !== undefined && { retention: options.retention }),
    });
  const hub =
    options.hub ??
    new LiveHub({
      ...(options.keepAliveMs !== undefined && { keepAliveMs: options.keepAliveMs }),
      ...(options.sseMaxPendingBytes !== undefined && { maxPendingBytes: options.sseMaxPendingBytes }),
      ...(options.replaySize !== undefined && { replaySize: options.replaySize }),
    });
  const context: ServerContext = {
    store,
    hub,
    staleAfterMs,
    now: options.now ?? Date.now,
    bodyLimitBytes: options.bodyLimitBytes ?? 32 * 2 ** 20,
    uiDir: options.uiDir ?? defaultUiDir(),
    flows: options.flows,
    app: new CurrentApp(hub),
    logger,
    storeFailures: new StoreFailureLog(logger),
    prices: options.prices ?? DEFAULT_PRICES,
  };
  const allowed: AllowedHosts = {
    boundHost: host,
    publicOrigin: options.publicUrl === undefined ? undefined : new URL(options.publicUrl).origin,
  };
  const guesses = new TokenGuesses();
  const address = { trustForwardedFor: allowed.publicOrigin !== undefined };
  const access = options.token === undefined ? undefined : accessCheck(options.token, guesses, address);
  const app = buildApp(context, allowed, access, (routes) =>
    registerSessionRoutes(routes, options.token, guesses, address),
  );
  // The one set of checks both the Hono app and the direct ingest path run.
  const direct = directIngest(context, (request) => {
    checkRequest(request, allowed);
    access?.(request);
  });

  const sweep = setInterval(
    () =>
      void sweepStale(context).then(
        () => context.storeFailures.succeeded(),
        (error) => {
          if (closing) return;
          // A database that is away (PostgreSQL restarting) is logged once per spell, as for ingest.
          if (error instanceof StoreUnavailableError) context.storeFailures.failed(error);
          else context.logger.error(`stale sweep failed: ${error}`);
        },
      ),
    // Often enough that a sender with the default 5 s heartbeat turns stale within about a second of its limit.
    Math.max(25, Math.min(1_000, Math.floor(staleAfterMs / 3))),
  );
  sweep.unref();

  const listeners = new Set<Listener>();
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      clearInterval(sweep);
      hub.close();
      await Promise.all([...listeners].map((listener) => listener.close()));
      if (!options.store) await store.close();
    })();
    return closing;
  };

  return {
    app,
    hub,
    store,
    close,
    reportApp: (status) => context.app.set(status),
    stopApp: (appId, reason) => stopApp(context, appId, reason),
    async listen(listenOptions = {}) {
      if (closing) throw new Error('server is closed');
      const listener = await listenOn(app, { port: listenOptions.port ?? 4000, host, direct }, logger);
      listeners.add(listener);
      return listener;
    },
  };
}

/** A server reachable from the network needs a token, unless its owner said otherwise explicitly. */
function checkAccessOptions(host: string, options: CreateServerOptions): void {
  if (options.token !== undefined && options.token.length < MIN_TOKEN_LENGTH) {
    throw new TypeError(`the access token must be at least ${MIN_TOKEN_LENGTH} characters`);
  }
  if (options.token === undefined && !options.insecureNoToken && !LOOPBACK_HOSTS.has(host.toLowerCase())) {
    throw new TypeError(
      `host ${host} is reachable from the network: give an access token (--token or LIVESPAN_TOKEN), or --insecure-no-token to serve traces to anyone who can reach it`,
    );
  }
  if (options.publicUrl !== undefined && !/^https?:\/\/[^/]/i.test(options.publicUrl)) {
    throw new TypeError(`publicUrl must be an http(s) URL, got ${JSON.stringify(options.publicUrl)}`);
  }
}

function buildApp(
  context: ServerContext,
  allowed: AllowedHosts,
  access: AccessCheck | undefined,
  registerSession: (app: Hono) => void,
): Hono {
  const app = new Hono();
  app.use('*', requestGuard(allowed));
  app.use('*', corsPolicy(allowed));
  if (access !== undefined) app.use('*', requireAccessToken(access));
  registerSession(app);
  registerTraceRoutes(app, context);
  registerTraceWriteRoutes(app, context);
  registerResourceRoutes(app, context);
  registerTraceSpansRoute(app, context);
  registerOtlpRoutes(app, context);
  registerStreamRoutes(app, context);
  registerFlowsRoutes(app, context);
  app.get('*', async (c) => {
    if (/^\/(api|v1)(\/|$)/.test(c.req.path)) throw new HttpError(404, `no route GET ${c.req.path}`);
    return serveUi(context.uiDir, c.req.path);
  });
  app.notFound((c) => c.json({ error: `no route ${c.req.method} ${c.req.path}` }, 404));
  app.onError((error, c) => {
    const answer = errorAnswer(error, (cause) =>
      context.logger.error(`${c.req.method} ${c.req.path} failed:`, cause),
    );
    for (const [name, value] of Object.entries(answer.headers)) c.header(name, value);
    return c.json(answer.toJSON(), answer.status);
  });
  return app;
}
