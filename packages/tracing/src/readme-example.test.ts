import { execFile } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { type CaptureServer, startCaptureServer } from './test-support/capture-server.js';

const repoRoot = path.resolve(fileURLToPath(import.meta.url), '../../../..');
const scriptPath = path.join(repoRoot, '.readme-example.test.mjs');
let capture: CaptureServer | undefined;

afterEach(async () => {
  await rm(scriptPath, { force: true });
  await capture?.close();
});

/** The README's programmatic example, as a user would copy it. */
async function readmeExample(): Promise<string> {
  const readme = await readFile(path.join(repoRoot, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### Enable programmatically'));
  const code = /```js\n([\s\S]*?)```/.exec(section)?.[1];
  if (!code) throw new Error('README has no js example under "Enable programmatically"');
  return code;
}

describe('the README programmatic example', () => {
  it('runs from a plain .mjs file at the repo root and sends start and end snapshots', async () => {
    capture = await startCaptureServer();
    const code = (await readmeExample()).replace('http://localhost:4000', capture.url).replace('2000', '300');
    await writeFile(scriptPath, code);
    const running = promisify(execFile)(process.execPath, [scriptPath], { cwd: repoRoot });
    const started = await capture.waitForSpan((s) => s.displayName === 'hello' && s.endTime === 0);
    await running;
    const ended = await capture.waitForSpan((s) => s.displayName === 'hello' && s.endTime > 0);
    expect(ended.spanId).toBe(started.spanId);
  });
});
