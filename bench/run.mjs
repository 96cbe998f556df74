#!/usr/bin/env node
/**
 * Runs the benches whose results are in bench/RESULTS.md, one after another,
 * each as its "Reproduce:" line says. `npm run bench` runs them all (about
 * 10 minutes on 2 cores); `npm run bench -- server ui` runs the named ones.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Name → script and arguments, in the order of bench/RESULTS.md. */
const BENCHES = {
  processor: ['bench/processor/run.ts'],
  ui: ['bench/ui/render.ts'],
  server: ['bench/server/ingest.ts'],
  'server-ingest-stages': ['bench/server/ingest-stages.ts'],
  'server-big-trace': ['bench/server/big-trace.ts'],
  'server-postgres': ['bench/server/postgres.ts'],
  soak: ['bench/soak/run.ts', '--seconds', '60', '--rate', '2000'],
  compare: ['bench/compare/run.ts'],
  'live-updates': ['bench/live-updates/run.ts'],
  hostile: ['bench/hostile/run.ts'],
  'server-search-index': ['bench/server/search-index.ts'],
};

const names = process.argv.slice(2);
const unknown = names.filter((name) => !(name in BENCHES));
if (unknown.length > 0) {
  console.error(`bench: unknown bench ${unknown.join(', ')}; choose from ${Object.keys(BENCHES).join(', ')}`);
  process.exit(2);
}
for (const name of names.length > 0 ? names : Object.keys(BENCHES)) {
  const args = BENCHES[name];
  console.log(`\n== bench ${name}: npx tsx ${args.join(' ')}`);
  const result = spawnSync('npx', ['tsx', ...args], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`bench ${name} failed (exit ${result.status ?? result.signal})`);
    process.exit(1);
  }
}
