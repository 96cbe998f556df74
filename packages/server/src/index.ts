/**
 * @module @livespan/server
 *
 * The livespan telemetry server: Genkit-compatible and OTLP ingest, a
 * SQLite (or shared PostgreSQL) trace store, live SSE streams, the Dev UI and the flows proxy.
 * `createServer()` returns a value; nothing here is a module singleton.
 */
export { type AppStatus, NO_APP } from './app-status.js';
export { type CreateServerOptions, createServer, type LivespanServer } from './create-server.js';
export {
  type ConnectedApp,
  type FlowInfo,
  type FlowList,
  FlowsError,
  type FlowsProvider,
  NO_APP_MESSAGE,
} from './flows-provider.js';
export { HttpError, toHttpError } from './http-error.js';
export { InvalidInputError, LimitExceededError } from './input-errors.js';
export type { Listener, ListenOptions } from './listen.js';
export {
  type ApiSpan,
  LIST_CHANNEL,
  type ListStreamEvent,
  type TraceStreamEvent,
  traceChannel,
} from './live-events.js';
export { LiveHub, type LiveHubOptions, type Subscription } from './live-hub.js';
export { consoleLogger, type Logger } from './logger.js';
export { otlpToSpans } from './otlp-to-spans.js';
export {
  isPostgresUrl,
  openPostgresBackend,
  type PostgresBackend,
  type PostgresBackendOptions,
} from './postgres-backend.js';
export { PostgresLiveHub, type PostgresLiveHubOptions } from './postgres-live-hub.js';
export {
  createPostgresTraceStore,
  type PostgresTraceStore,
  type PostgresTraceStoreOptions,
} from './postgres-trace-store.js';
export { DEFAULT_PRICES, type ModelPrice, type PriceTable } from './price-table.js';
export { DEFAULT_PRICES_FILE, loadPrices } from './prices-file.js';
export {
  createReflectionFlowsProvider,
  type ReflectionFlowsProviderOptions,
  runtimeSendingTo,
  runtimeWithId,
} from './reflection-flows-provider.js';
export type { Sender } from './sender.js';
export { createSqliteTraceStore, type SqliteTraceStoreOptions } from './sqlite-trace-store.js';
export type {
  AttributeFilter,
  IngestResult,
  SpanChange,
  StaleTrace,
  TraceChange,
  TraceListPage,
  TraceListQuery,
  TraceRecord,
  TraceStore,
} from './trace-store.js';
export { StoreUnavailableError } from './trace-store.js';
export { type TraceSummary, traceStatusAt } from './trace-summary.js';
export type { ApiTrace } from './trace-view.js';
export { CONTENT_SECURITY_POLICY, defaultUiDir } from './ui-files.js';
