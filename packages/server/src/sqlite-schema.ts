import type { SpanData } from '@livespan/tracing/wire';
import type Database from 'better-sqlite3';
import { spanSearchText } from './span-search-text.js';
import { searchDocuments } from './sqlite-search-index.js';

/**
 * Schema migrations, applied in order; `PRAGMA user_version` records how many
 * ran. Append new steps; never edit a released one. A step is SQL, or a
 * function for one that needs code (filling an index from stored rows).
 */
const MIGRATIONS: ReadonlyArray<string | ((db: Database.Database) => void)> = [
  `CREATE TABLE traces (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     trace_id TEXT NOT NULL UNIQUE,
     display_name TEXT NOT NULL,
     start_time REAL NOT NULL,
     end_time REAL NOT NULL,
     span_count INTEGER NOT NULL,
     running_count INTEGER NOT NULL,
     error_count INTEGER NOT NULL,
     last_seen REAL NOT NULL,
     has_root INTEGER NOT NULL,
     realtime INTEGER NOT NULL,
     root_span_id TEXT,
     root_status INTEGER,
     stale_reported INTEGER NOT NULL DEFAULT 0
   );
   CREATE INDEX traces_by_start ON traces (start_time DESC, trace_id DESC);
   CREATE INDEX traces_running ON traces (last_seen) WHERE running_count > 0;
   CREATE TABLE spans (
     trace_id TEXT NOT NULL,
     span_id TEXT NOT NULL,
     parent_span_id TEXT,
     start_time REAL NOT NULL,
     end_time REAL NOT NULL,
     data TEXT NOT NULL,
     PRIMARY KEY (trace_id, span_id)
   );`,
  `ALTER TABLE traces ADD COLUMN source TEXT NOT NULL DEFAULT 'genkit';
   ALTER TABLE traces ADD COLUMN app_id TEXT;
   ALTER TABLE traces ADD COLUMN sender_realtime INTEGER;
   ALTER TABLE traces ADD COLUMN heartbeat_ms INTEGER;
   ALTER TABLE traces ADD COLUMN stale_reason TEXT;
   CREATE INDEX traces_running_by_app ON traces (app_id) WHERE running_count > 0;`,
  // The `q` search index: one row per span (rowid = the span's rowid), its lower-cased search text
  // (span-search-text.ts) cut into trigrams, so a substring query reads the index, not every span.
  // New versions wait in span_search_pending until they are indexed in a batch (sqlite-search-index.ts).
  // Merging 16 segments at a time rather than FTS5's 4 keeps the cost per row flat as the index grows
  // (bench/server/search-index.ts), with the same query time.
  (db) => {
    db.exec(`CREATE VIRTUAL TABLE span_search USING fts5(trace_id UNINDEXED, text, tokenize = 'trigram');
      INSERT INTO span_search (span_search, rank) VALUES ('automerge', 16);
      CREATE TABLE span_search_pending (rowid INTEGER PRIMARY KEY, trace_id TEXT NOT NULL, text TEXT NOT NULL);`);
    const pending = db.prepare('INSERT INTO span_search_pending (rowid, trace_id, text) VALUES (?, ?, ?)');
    const page = db.prepare<[number], { rowid: number; data: string }>(
      'SELECT rowid, data FROM spans WHERE rowid > ? ORDER BY rowid LIMIT 1000',
    );
    // In pages: a statement cannot write while another of the connection iterates.
    for (let rows = page.all(0); rows.length > 0; rows = page.all(rows.at(-1)!.rowid)) {
      for (const row of rows) {
        const span = JSON.parse(row.data) as SpanData;
        pending.run(row.rowid, span.traceId, spanSearchText(span));
      }
    }
  },
  // OpenTelemetry resources, stored once per distinct content (resource.ts), and the trace labels they give.
  `CREATE TABLE resources (resource_id TEXT PRIMARY KEY, attributes TEXT NOT NULL) WITHOUT ROWID;
   ALTER TABLE traces ADD COLUMN service_name TEXT;
   ALTER TABLE traces ADD COLUMN route TEXT;`,
  `ALTER TABLE traces ADD COLUMN usage TEXT;
   ALTER TABLE traces ADD COLUMN root_path TEXT;
   CREATE TABLE span_durations (
     path TEXT PRIMARY KEY,
     durations TEXT NOT NULL,
     updated REAL NOT NULL
   );
   CREATE INDEX span_durations_by_updated ON span_durations (updated);`,
  // The top of a big trace's tree, read child list by child list (trace-spans-route.ts).
  'CREATE INDEX spans_by_parent ON spans (trace_id, parent_span_id, start_time, span_id);',
  // The search index becomes one trigram document per trace and batch, of completed span versions only
  // (sqlite-search-index.ts): queries scan running spans, found through spans_running, and the spans of
  // traces marked dirty. `columnsize = 0`: nothing ranks the matches. Filled again from the stored spans.
  (db) => {
    db.exec(`DROP TABLE span_search; DROP TABLE span_search_pending;
      CREATE VIRTUAL TABLE span_search USING fts5(trace_id UNINDEXED, text, tokenize = 'trigram', columnsize = 0);
      INSERT INTO span_search (span_search, rank) VALUES ('automerge', 16);
      CREATE TABLE span_search_pending (id INTEGER PRIMARY KEY, trace_id TEXT NOT NULL, spans INTEGER NOT NULL,
        text TEXT NOT NULL);
      CREATE TABLE span_search_docs (trace_id TEXT NOT NULL, doc INTEGER NOT NULL, PRIMARY KEY (trace_id, doc))
        WITHOUT ROWID;
      CREATE TABLE span_search_dirty (trace_id TEXT PRIMARY KEY) WITHOUT ROWID;
      CREATE INDEX spans_running ON spans (trace_id) WHERE end_time <= 0;`);
    const pending = db.prepare('INSERT INTO span_search_pending (trace_id, spans, text) VALUES (?, ?, ?)');
    const page = db.prepare<[string, string], { trace_id: string; span_id: string; data: string }>(
      `SELECT trace_id, span_id, data FROM spans WHERE (trace_id, span_id) > (?, ?) AND end_time > 0
       ORDER BY trace_id, span_id LIMIT 1000`,
    );
    // In pages (a statement cannot write while another of the connection iterates), a document per trace a page holds.
    for (let rows = page.all('', ''); rows.length > 0; ) {
      const byTrace = new Map<string, SpanData[]>();
      for (const row of rows) {
        const spans = byTrace.get(row.trace_id) ?? [];
        spans.push(JSON.parse(row.data) as SpanData);
        byTrace.set(row.trace_id, spans);
      }
      for (const [traceId, spans] of byTrace) {
        for (const document of searchDocuments(spans)) pending.run(traceId, document.spans, document.text);
      }
      const last = rows.at(-1)!;
      rows = page.all(last.trace_id, last.span_id);
    }
  },
];

/** The schema version this code writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/** Brings a database up to `SCHEMA_VERSION`; refuses one written by newer code. */
export function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_VERSION) {
    throw new Error(
      `database schema version ${current} is newer than this livespan understands (${SCHEMA_VERSION}); upgrade livespan or use another --db`,
    );
  }
  for (let version = current; version < SCHEMA_VERSION; version++) {
    db.transaction(() => {
      const step = MIGRATIONS[version]!;
      if (typeof step === 'string') db.exec(step);
      else step(db);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}
