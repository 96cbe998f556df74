import type { AppStatus, ConnectedApp } from '../api/schemas';
import { formatTimeOfDay } from './format';

/** How the app `livespan start` runs is shown: one line, a tone, and its stderr once it exited. */
export interface AppView {
  state: 'starting' | 'running' | 'restarting' | 'exited';
  /** "app exited (code 1) at 10:42:03", "restarting… (src/x.ts changed)", "starting…". */
  headline: string;
  /** What is run, as typed. */
  command: string;
  /** The last lines it wrote to stderr (exited only; shown as text). */
  stderrTail: string[];
}

/** The exit in words: "app exited (code 1)", "app killed by SIGKILL". */
function exitWords(exit: NonNullable<Extract<AppStatus, { appId: string }>['exit']>): string {
  if (exit.signal) return `app killed by ${exit.signal}`;
  if (exit.code !== null) return `app exited (code ${exit.code})`;
  return 'app exited';
}

/**
 * The view of an `AppStatus`; undefined for `none` (the server runs no app)
 * or when the server has not said (older servers).
 */
export function describeApp(status: AppStatus | undefined): AppView | undefined {
  if (!status || status.state === 'none') return undefined;
  const base = { state: status.state, command: status.command, stderrTail: [] as string[] };
  switch (status.state) {
    case 'starting':
      return { ...base, headline: 'starting…' };
    case 'restarting':
      return {
        ...base,
        headline: status.restartReason ? `restarting… (${status.restartReason})` : 'restarting…',
      };
    case 'running': {
      const pid = status.pid !== undefined ? ` · pid ${status.pid}` : '';
      const started = status.startedAt ? ` · started ${formatTimeOfDay(status.startedAt)}` : '';
      return { ...base, headline: `app running${pid}${started}` };
    }
    case 'exited': {
      const exit = status.exit;
      const headline = exit ? `${exitWords(exit)} at ${formatTimeOfDay(exit.at)}` : 'app exited';
      return { ...base, headline, stderrTail: status.stderrTail };
    }
  }
}

/** The app the Flows tab runs, in one line: "my-app · pid 4242 · started 10:41:02". */
export function describeConnectedApp(app: ConnectedApp): string {
  const parts = [app.name || app.runtimeId || 'app'];
  if (app.pid !== undefined) parts.push(`pid ${app.pid}`);
  if (app.startedAt) parts.push(`started ${formatTimeOfDay(app.startedAt)}`);
  return parts.join(' · ');
}
