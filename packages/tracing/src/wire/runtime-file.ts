/**
 * Where a running app announces its dev reflection API, relative to its
 * project root: Genkit's `.genkit/runtimes/<id>-<time>.json`.
 */
export const RUNTIMES_FOLDER = ['.genkit', 'runtimes'] as const;

/** A runtime file: what Genkit runtimes write, plus where the app sends traces (written by `@livespan/flows`). */
export interface RuntimeFile {
  /** `GENKIT_RUNTIME_ID` when the app was given one (`livespan start` does), else the runtime's own id. */
  id: string;
  pid: number;
  reflectionServerUrl: string;
  /** When the runtime started: ISO 8601 (Genkit writes a string; some tools a number of ms). */
  timestamp: string | number;
  /** Display name for developer tooling. */
  name?: string;
  projectName?: string;
  genkitVersion?: string;
  reflectionApiSpecVersion?: number;
  /** Where the app sends its traces; Genkit does not write it. */
  telemetryServerUrl?: string;
}
