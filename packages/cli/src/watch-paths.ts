import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * What `livespan start` watches by default: the top-level folders (or files)
 * of the project that the command names, e.g. `src` for `npx tsx
 * src/main.ts`, so that a database, log or lockfile written beside the app
 * does not restart it. Falls back to the whole project when the command names
 * nothing in it.
 */
export function defaultWatchPaths(command: readonly string[], cwd: string): string[] {
  const roots = new Set<string>();
  for (const arg of command) {
    if (arg.startsWith('-')) continue;
    const absolute = path.resolve(cwd, arg);
    const relative = path.relative(cwd, absolute);
    if (!relative || relative.startsWith('..') || path.isAbsolute(relative)) continue;
    if (relative.split(path.sep)[0] === 'node_modules' || !existsSync(absolute)) continue;
    roots.add(path.join(cwd, relative.split(path.sep)[0]!));
  }
  return roots.size > 0 ? [...roots] : [cwd];
}
