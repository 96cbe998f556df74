import { useSyncExternalStore } from 'react';
import { type FileImport, importFiles } from './import-files';

/** The last import, for the panel that reports it (drop zone and button share it). */
export interface ImportState {
  /** Files being imported now. */
  pending: string[];
  results: FileImport[];
}

let state: ImportState = { pending: [], results: [] };
const listeners = new Set<() => void>();

function set(next: ImportState): void {
  state = next;
  for (const listener of listeners) listener();
}

/** Imports `files` and reports the outcome per file. */
export function startImport(files: readonly File[]): void {
  if (files.length === 0) return;
  set({ pending: files.map((file) => file.name), results: [] });
  void importFiles(files).then((results) => set({ pending: [], results }));
}

/** Hides the report. */
export function dismissImport(): void {
  set({ pending: [], results: [] });
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useImportState(): ImportState {
  return useSyncExternalStore(subscribe, () => state);
}
