import path from 'node:path';
import { watch } from 'chokidar';

/** Folders whose changes never mean the app's source changed. */
const IGNORED_FOLDERS = new Set(['node_modules', '.git', '.livespan', '.genkit', 'dist', 'coverage']);

/**
 * Calls `onChange` once per burst of changes under `roots` (debounced), ignoring
 * dependencies, build output and livespan's own files.
 */
export function watchSources(
  roots: string[],
  onChange: (file: string) => void,
  debounceMs = 150,
): () => Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const watcher = watch(roots, {
    ignoreInitial: true,
    ignored: (file) => file.split(path.sep).some((part) => IGNORED_FOLDERS.has(part)),
  });
  watcher.on('all', (_event, file) => {
    clearTimeout(timer);
    timer = setTimeout(() => onChange(file), debounceMs);
  });
  return async () => {
    clearTimeout(timer);
    await watcher.close();
  };
}
