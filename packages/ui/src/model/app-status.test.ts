import { describe, expect, it } from 'vitest';
import type { AppStatus } from '../api/schemas';
import { describeApp, describeConnectedApp } from './app-status';
import { formatTimeOfDay } from './format';

const at = Date.UTC(2026, 0, 1, 10, 42, 3);
function launch(overrides: Partial<Extract<AppStatus, { appId: string }>>): AppStatus {
  return {
    state: 'running',
    appId: 'a1',
    command: 'npx tsx src/main.ts',
    startedAt: at,
    stderrTail: [],
    ...overrides,
  };
}

describe('describeApp', () => {
  it('shows an exited app with its exit code, time and stderr', () => {
    const view = describeApp(
      launch({
        state: 'exited',
        exit: { code: 1, signal: null, at, reason: 'app exited with code 1' },
        stderrTail: ['Error: boom', '    at main (src/main.ts:3:9)'],
      }),
    );
    expect(view).toEqual({
      state: 'exited',
      headline: `app exited (code 1) at ${formatTimeOfDay(at)}`,
      command: 'npx tsx src/main.ts',
      stderrTail: ['Error: boom', '    at main (src/main.ts:3:9)'],
    });
  });

  it('names the signal of a killed app', () => {
    const view = describeApp(
      launch({ state: 'exited', exit: { code: null, signal: 'SIGKILL', at, reason: '' } }),
    );
    expect(view?.headline).toBe(`app killed by SIGKILL at ${formatTimeOfDay(at)}`);
  });

  it('says why it restarts, and that it is starting', () => {
    expect(describeApp(launch({ state: 'restarting', restartReason: 'src/x.ts changed' }))?.headline).toBe(
      'restarting… (src/x.ts changed)',
    );
    expect(describeApp(launch({ state: 'starting' }))?.headline).toBe('starting…');
    expect(describeApp(launch({ state: 'running', pid: 42 }))?.headline).toBe(
      `app running · pid 42 · started ${formatTimeOfDay(at)}`,
    );
  });

  it('has nothing to show when the server runs no app or has not said', () => {
    expect(describeApp({ state: 'none' })).toBeUndefined();
    expect(describeApp(undefined)).toBeUndefined();
  });
});

describe('describeConnectedApp', () => {
  it('names the app, its pid and when it started', () => {
    expect(
      describeConnectedApp({
        runtimeId: 'r1',
        name: 'demo',
        pid: 4242,
        startedAt: at,
        reflectionServerUrl: '',
      }),
    ).toBe(`demo · pid 4242 · started ${formatTimeOfDay(at)}`);
  });
});
