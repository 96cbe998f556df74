import type { CurrentApp } from './current-app.js';
import type { FlowsProvider } from './flows-provider.js';
import type { IngestContext } from './ingest.js';

/** What the route modules share; built once per server by `createServer`. */
export interface ServerContext extends IngestContext {
  bodyLimitBytes: number;
  uiDir: string;
  flows: FlowsProvider | undefined;
  /** The app `livespan start` runs, if any. */
  app: CurrentApp;
}
