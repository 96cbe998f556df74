/**
 * The floor of a durable JSON span ingest over HTTP on this machine, the
 * baseline the server bench measures livespan against in the same run:
 * node:http with keep-alive, JSON.parse of the body, one INSERT OR REPLACE of
 * each span's JSON into a SQLite table with only a primary key (WAL,
 * synchronous=NORMAL, as livespan's store), the requests of one event-loop
 * turn committed together, and 200 sent after the commit. No validation,
 * limits, merge, summaries, search, live events or access checks.
 * Prints its URL, then serves until killed.
 */
import http from 'node:http';
import Database from 'better-sqlite3';

interface Pending {
  spans: Array<{ traceId: string; spanId: string }>;
  response: http.ServerResponse;
}

const dbPath = process.argv[2];
if (!dbPath) throw new Error('usage: floor-server.ts <SQLite path>');
const db = new Database(dbPath);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.exec(
  'CREATE TABLE spans (trace_id TEXT, span_id TEXT, data TEXT NOT NULL, PRIMARY KEY (trace_id, span_id)) WITHOUT ROWID',
);
const insert = db.prepare('INSERT OR REPLACE INTO spans (trace_id, span_id, data) VALUES (?, ?, ?)');
const write = db.transaction((batch: Pending[]) => {
  for (const { spans } of batch) {
    for (const span of spans) insert.run(span.traceId, span.spanId, JSON.stringify(span));
  }
});

let pending: Pending[] = [];
const commit = () => {
  const batch = pending;
  pending = [];
  write(batch);
  for (const { response } of batch) response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
};

const server = http.createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
      spans: Record<string, Pending['spans'][0]>;
    };
    pending.push({ spans: Object.values(body.spans), response });
    if (pending.length === 1) setImmediate(commit);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address() as { port: number };
  process.stdout.write(`http://127.0.0.1:${address.port}\n`);
});
process.on('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  db.close();
  process.exit(0);
});
