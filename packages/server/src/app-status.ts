/** The app `livespan start` runs, as the Dev UI shows it (docs/api.md `AppStatus`). */
export type AppStatus =
  | { state: 'none' }
  | {
      state: 'starting' | 'running' | 'restarting' | 'exited';
      /** This launch; its traces carry it. */
      appId: string;
      /** What is run, as typed. */
      command: string;
      /** While it runs. */
      pid?: number;
      /** When this launch started (ms). */
      startedAt: number;
      /** While restarting: what changed, e.g. "src/x.ts changed". */
      restartReason?: string;
      /** Once exited. */
      exit?: { code: number | null; signal: string | null; at: number; reason: string };
      /** The last lines the app wrote to stderr. */
      stderrTail: string[];
    };

/** The status of a server that runs no app. */
export const NO_APP: AppStatus = { state: 'none' };
