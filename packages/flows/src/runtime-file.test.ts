import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const tsxLoader = createRequire(import.meta.url).resolve('tsx');
const child = path.join(import.meta.dirname, 'test-support', 'signal-child.ts');
const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

describe('runtime file on exit', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`is removed on ${signal}, and the signal still ends the process`, async () => {
      const root = mkdtempSync(path.join(tmpdir(), 'livespan-signal-'));
      roots.push(root);
      const proc = spawn(process.execPath, ['--import', tsxLoader, child, root], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const exited = new Promise<NodeJS.Signals | null>((resolve) =>
        proc.once('exit', (_code, sig) => resolve(sig)),
      );
      const file = await new Promise<string>((resolve, reject) => {
        let out = '';
        proc.stdout.on('data', (data: Buffer) => {
          out += data.toString();
          if (out.includes('\n')) resolve(out.trim());
        });
        proc.once('exit', () => reject(new Error(`child exited before starting: ${out}`)));
      });
      expect(existsSync(file)).toBe(true);
      proc.kill(signal);
      expect(await exited).toBe(signal);
      expect(existsSync(file)).toBe(false);
    });
  }
});
