import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const resultsPath = path.join(path.dirname(fileURLToPath(import.meta.url)), '../RESULTS.md');

/** The p-th percentile (0–100) of `values`, by nearest rank. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

/** Runs a TypeScript file in a fresh Node process (through tsx) and returns what it printed. */
export async function runNode(file: string, args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', file, ...args], {
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}

/** Replaces the `## name` section of bench/RESULTS.md with `body`, keeping the other sections. */
export async function updateResults(name: string, body: string, command: string): Promise<void> {
  const existing = await readFile(resultsPath, 'utf8').catch(() => '# Benchmark results\n');
  const machine = `${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
  const section = `## ${name}\n\nReproduce: \`${command}\` (after \`npm run build\`). Measured ${new Date().toISOString().slice(0, 10)} on ${machine}.\n\n${body}\n`;
  const pattern = new RegExp(`## ${name}\\n[\\s\\S]*?(?=\\n## |$)`);
  const next = pattern.test(existing)
    ? existing.replace(pattern, section)
    : `${existing.trimEnd()}\n\n${section}`;
  await writeFile(resultsPath, next);
}
