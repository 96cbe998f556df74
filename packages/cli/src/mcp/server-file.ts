import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * `.livespan/server.json` in the folder `livespan start` runs in: where its
 * server listens, so `livespan mcp` in the same folder finds it without
 * `--url`. Holds `{url, pid}`; removed when that `livespan start` stops, and
 * ignored when its pid is no longer alive (a killed session leaves it behind).
 */
export const SERVER_FILE = path.join('.livespan', 'server.json');

/**
 * Writes the file for this process; `remove()` deletes it unless another
 * session has replaced it since. A folder that cannot hold it only costs
 * `livespan mcp` its default, so that is a warning, not a failure.
 */
export async function writeServerFile(dir: string, url: string): Promise<{ remove(): Promise<void> }> {
  const file = path.join(dir, SERVER_FILE);
  try {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, `${JSON.stringify({ url, pid: process.pid })}\n`);
  } catch (error) {
    process.stderr.write(
      `livespan: could not write ${SERVER_FILE} (${(error as Error).message}); livespan mcp will need --url\n`,
    );
    return { remove: async () => {} };
  }
  return {
    async remove() {
      const current = await readFile(file, 'utf8').catch(() => '');
      if (parse(current)?.pid === process.pid) await rm(file, { force: true });
    },
  };
}

/** The URL of the `livespan start` server running in `dir`, or undefined when none is. */
export async function readServerFile(dir: string): Promise<string | undefined> {
  const text = await readFile(path.join(dir, SERVER_FILE), 'utf8').catch(() => '');
  const entry = parse(text);
  return entry && isAlive(entry.pid) ? entry.url : undefined;
}

function parse(text: string): { url: string; pid: number } | undefined {
  try {
    const value = JSON.parse(text) as { url?: unknown; pid?: unknown };
    if (typeof value.url === 'string' && Number.isInteger(value.pid))
      return { url: value.url, pid: value.pid as number };
  } catch {
    // missing or unreadable: no server
  }
  return undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
