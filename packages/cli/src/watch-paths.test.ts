import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultWatchPaths } from './watch-paths.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'livespan-watch-'));
mkdirSync(path.join(dir, 'src', 'flows'), { recursive: true });
writeFileSync(path.join(dir, 'src', 'flows', 'main.ts'), '');
writeFileSync(path.join(dir, 'app.mjs'), '');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('defaultWatchPaths', () => {
  it('watches the top-level folder of the source the command names, not the whole project', () => {
    expect(defaultWatchPaths(['npx', 'tsx', 'src/flows/main.ts'], dir)).toEqual([path.join(dir, 'src')]);
    expect(defaultWatchPaths(['node', '--watch-path=x', 'app.mjs'], dir)).toEqual([
      path.join(dir, 'app.mjs'),
    ]);
  });

  it('falls back to the project folder when the command names nothing in it', () => {
    expect(defaultWatchPaths(['npm', 'run', 'dev'], dir)).toEqual([dir]);
    expect(defaultWatchPaths(['node', '../elsewhere.js', '/usr/bin/env'], dir)).toEqual([dir]);
  });
});
