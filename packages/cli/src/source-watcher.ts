import path from 'node:path';
import { watch } from 'chokidar';

/** Folders whose changes never mean the app's source changed. */
const IGNORED_FOLDERS = new Set([
  'node_modules',
  '.git',
  '.livespan',
  '.genkit',
  'dist',
  'build',
  'out',
  'coverage',
  '.next',
  '.turbo',
  '.cache',
]);

/** Files that apps and tools write while the app runs: lockfiles, databases and their journals, logs. */
const IGNORED_FILE =
  /(^|[\\/])(package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|bun\.lockb?)$|\.(db|sqlite3?|db-wal|db-shm|db-journal|sqlite-wal|sqlite-shm|log|tmp|swp)$|~$/;

/**
 * Calls `onChange` once per burst of changes under `roots` (debounced), ignoring
 * dependencies, build output, lockfiles, databases, logs, livespan's own files
 * and whatever `ignore` names (paths or folder names).
 */
export function watchSources(
  roots: string[],
  onChange: (file: string) => void,
  options: { ignore?: string[]; debounceMs?: number } = {},
): () => Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const ignoredPaths = (options.ignore ?? []).map((p) => path.resolve(p));
  const ignoredNames = new Set(
    (options.ignore ?? []).filter((p) => !p.includes('/') && !p.includes(path.sep)),
  );
  const watcher = watch(roots, {
    ignoreInitial: true,
    ignored: (file) =>
      IGNORED_FILE.test(file) ||
      ignoredPaths.some((p) => file === p || file.startsWith(`${p}${path.sep}`)) ||
      file.split(path.sep).some((part) => IGNORED_FOLDERS.has(part) || ignoredNames.has(part)),
  });
  watcher.on('all', (_event, file) => {
    clearTimeout(timer);
    timer = setTimeout(() => onChange(file), options.debounceMs ?? 150);
  });
  return async () => {
    clearTimeout(timer);
    await watcher.close();
  };
}
