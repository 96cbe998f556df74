import { importTraces } from '../api/client';

/** What importing one file did: the traces stored, or why nothing was. */
export interface FileImport {
  file: string;
  imported?: Array<{ traceId: string; spanCount: number }>;
  error?: string;
}

/**
 * Posts each file to `POST /api/traces/import`, one after another. A file
 * that is not JSON is reported without a request; the server validates the
 * rest and stores each file whole or not at all.
 */
export async function importFiles(files: readonly File[]): Promise<FileImport[]> {
  const results: FileImport[] = [];
  for (const file of files) {
    const text = await file.text();
    try {
      JSON.parse(text);
    } catch (error) {
      results.push({
        file: file.name,
        error: `not JSON: ${error instanceof Error ? error.message : String(error)}`,
      });
      continue;
    }
    try {
      const { imported } = await importTraces(text);
      results.push({ file: file.name, imported });
    } catch (error) {
      results.push({ file: file.name, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return results;
}

/** "imported 1 trace (42 spans)", or "imported 2 traces (10 spans)". */
export function describeImport(imported: ReadonlyArray<{ spanCount: number }>): string {
  const spans = imported.reduce((sum, trace) => sum + trace.spanCount, 0);
  const traces = imported.length === 1 ? '1 trace' : `${imported.length} traces`;
  return `imported ${traces} (${spans} ${spans === 1 ? 'span' : 'spans'})`;
}
