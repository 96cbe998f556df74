import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readServerFile, SERVER_FILE, writeServerFile } from './server-file.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'livespan-server-file-'));
  dirs.push(dir);
  return dir;
}

describe('the server file livespan start leaves for livespan mcp', () => {
  it('names the URL while this process runs, and is gone once removed', async () => {
    const dir = await tempDir();
    const file = await writeServerFile(dir, 'http://127.0.0.1:4123');
    expect(await readServerFile(dir)).toBe('http://127.0.0.1:4123');
    await file.remove();
    expect(await readServerFile(dir)).toBeUndefined();
  });

  it('is ignored when the process that wrote it is gone', async () => {
    const dir = await tempDir();
    const exited = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
    await mkdir(path.join(dir, '.livespan'));
    await writeFile(
      path.join(dir, SERVER_FILE),
      JSON.stringify({ url: 'http://127.0.0.1:4123', pid: Number(exited.stdout) }),
    );
    expect(await readServerFile(dir)).toBeUndefined();
  });

  it('is ignored when missing or unreadable', async () => {
    const dir = await tempDir();
    expect(await readServerFile(dir)).toBeUndefined();
    await mkdir(path.join(dir, '.livespan'));
    await writeFile(path.join(dir, SERVER_FILE), '{not json');
    expect(await readServerFile(dir)).toBeUndefined();
  });

  it('is left alone on removal when a newer session replaced it', async () => {
    const dir = await tempDir();
    const file = await writeServerFile(dir, 'http://127.0.0.1:4123');
    const newer = JSON.stringify({ url: 'http://127.0.0.1:4999', pid: process.ppid });
    await writeFile(path.join(dir, SERVER_FILE), newer);
    await file.remove();
    expect(await readFile(path.join(dir, SERVER_FILE), 'utf8')).toBe(newer);
  });
});
