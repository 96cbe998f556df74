import { mkdtemp, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// biome-ignore lint/suspicious/noExplicitAny: tests probe the JSON answers freely
export type Json = any;

const repoRoot = path.resolve(fileURLToPath(import.meta.url), '../../../../..');

/**
 * A temporary project folder holding `files`, that can import the workspace's
 * packages as an installed app would (its node_modules links the workspace's).
 * The caller removes it.
 */
export async function makeProject(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'livespan-project-'));
  await symlink(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'));
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);
  return dir;
}

/** Polls `url` until `done` holds for its JSON answer; bounded in attempts. */
export async function pollJson(url: string, done: (body: Json) => boolean, attempts = 200): Promise<Json> {
  let body: Json;
  for (let i = 0; i < attempts; i++) {
    body = await (await fetch(url)).json();
    if (done(body)) return body;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${url} never matched; last answer ${JSON.stringify(body)}`);
}
