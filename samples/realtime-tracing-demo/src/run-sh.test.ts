import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const demoDir = path.resolve(fileURLToPath(import.meta.url), '../..');
let child: ChildProcess | undefined;
const others: ChildProcess[] = [];

afterEach(async () => {
  for (const running of [child, ...others.splice(0)]) {
    if (running?.pid && running.exitCode === null && running.signalCode === null) {
      // Ctrl+C, as a user stops it: `livespan start` then stops the demo app, which runs in a process group of
      // its own; a SIGKILL of this group would leave the app running after the tests.
      process.kill(-running.pid, 'SIGINT');
      if (!(await groupGone(running.pid, 10_000))) process.kill(-running.pid, 'SIGKILL');
    }
  }
});

/** Runs ./run.sh as a user would, without a terminal, collecting what it prints. */
function runScript(args: string[], env: NodeJS.ProcessEnv) {
  const { GEMINI_API_KEY: _key, ...rest } = process.env;
  child = spawn('./run.sh', args, {
    cwd: demoDir,
    env: { ...rest, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child?.once('exit', resolve));
  const waitFor = async (pattern: RegExp, timeoutMs = 60_000): Promise<RegExpExecArray> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = pattern.exec(output);
      if (match) return match;
      if (child?.exitCode !== null || Date.now() > deadline) throw new Error(`no ${pattern} in:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  return { output: () => output, exited, waitFor };
}

/** Waits (bounded) until no process of the group is left. */
async function groupGone(pgid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      process.kill(-pgid, 0);
    } catch {
      return true;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

describe('run.sh', () => {
  it('explains itself, including GEMINI_API_KEY', async () => {
    const script = runScript(['--help'], {});
    expect(await script.exited).toBe(0);
    expect(script.output()).toContain('GEMINI_API_KEY');
    expect(script.output()).toContain('Usage: ./run.sh');
  });

  it('rejects an unknown option or a bad --port at once, before asking for the key or starting anything', async () => {
    for (const [args, message] of [
      [['--prot', '4101'], 'unknown option "--prot"'],
      [['--port', 'abc'], 'the port must be a whole number from 0 to 65535, got "abc"'],
    ] as const) {
      const script = runScript([...args], {});
      expect(await script.exited).toBe(2);
      expect(script.output()).toContain(message);
      expect(script.output()).not.toContain('GEMINI_API_KEY');
    }
  });

  it('starts the Dev UI and the demo in realtime mode without a key when not interactive, and stops on Ctrl+C', async () => {
    const script = runScript(['--port', '0'], { PORT: '4999' }); // the flag wins over PORT, as `npm start -- --port` passes it
    await script.waitFor(/GEMINI_API_KEY is not set/);
    const [, url] = await script.waitFor(/livespan Dev UI: (http:\/\/\S+)/);
    await script.waitFor(/flows ready/);
    const { flows } = (await (await fetch(`${url}/api/flows`)).json()) as { flows: Array<{ name: string }> };
    expect(flows.map((f) => f.name).sort()).toEqual([
      'check_realtime_status',
      'llm_chain_flow',
      'long_running_flow',
      'multi_step_flow',
      'nested_flow',
      'parallel_tasks_flow',
    ]);
    expect(script.output()).toContain('realtime (spans sent when they start and when they end)');

    // Ctrl+C reaches the whole foreground process group, as in a terminal.
    process.kill(-child!.pid!, 'SIGINT');
    await script.exited;
    expect(await groupGone(child!.pid!, 10_000)).toBe(true); // livespan and the app, not only the script
    expect(script.output()).toContain('livespan: shutting down');
  });

  it('runs a --no-realtime copy side by side in this folder, with its own database, each Dev UI driving its own app', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'livespan-demo-db-'));
    try {
      const realtime = runScript(['--port', '0', '--db', path.join(dir, 'realtime.db')], {});
      others.push(child!);
      const [, realtimeUrl] = await realtime.waitFor(/livespan Dev UI: (http:\/\/\S+)/);
      await realtime.waitFor(/flows ready/);
      const plain = runScript(['--port', '0', '--no-realtime', '--db', path.join(dir, 'no-realtime.db')], {});
      const [, plainUrl] = await plain.waitFor(/livespan Dev UI: (http:\/\/\S+)/);
      await plain.waitFor(/flows ready/);
      expect(plain.output()).toContain('standard (spans sent when they end)');
      for (const url of [realtimeUrl!, plainUrl!]) {
        const { app } = (await (await fetch(`${url}/api/flows`)).json()) as { app: { runtimeId: string } };
        const status = (await (await fetch(`${url}/api/app`)).json()) as { appId: string };
        expect(app.runtimeId).toBe(status.appId);
      }
      expect(existsSync(path.join(dir, 'realtime.db'))).toBe(true);
      expect(existsSync(path.join(dir, 'no-realtime.db'))).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
