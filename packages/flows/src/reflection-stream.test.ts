import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineFlow } from './define-flow.js';
import type { ActionDescriptor } from './flow-action.js';
import { createRegistry, type FlowRegistry } from './flow-registry.js';
import { generate } from './generate.js';
import { type ReflectionServer, startReflectionServer } from './reflection-server.js';
import { captureSpans, deferred } from './test-support/capture.js';
import { startFakeGemini } from './test-support/fake-gemini.js';

let capture: ReturnType<typeof captureSpans>;
let gemini: Awaited<ReturnType<typeof startFakeGemini>>;
let registry: FlowRegistry;
let projectRoot: string;
let server: ReflectionServer | undefined;

beforeEach(async () => {
  capture = captureSpans();
  gemini = await startFakeGemini();
  registry = createRegistry();
  projectRoot = mkdtempSync(path.join(tmpdir(), 'livespan-flows-stream-'));
  writeFileSync(path.join(projectRoot, 'package.json'), '{"name":"stream-app"}');
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  await gemini.close();
  await capture.close();
  rmSync(projectRoot, { recursive: true, force: true });
});

async function start(): Promise<ReflectionServer> {
  server = await startReflectionServer({ registry, projectRoot, handleExit: false });
  return server;
}

function runAction(key: string, input: unknown, stream: boolean): Promise<Response> {
  return fetch(`${server?.url}/api/runAction${stream ? '?stream=true' : ''}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ key, input }),
  });
}

/** Reads a streamed answer line by line, as the server proxy does. */
function lineReader(response: Response) {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = '';
  return {
    /** The next complete line, without its newline. */
    async nextLine(): Promise<string> {
      for (let reads = 0; reads < 1_000; reads++) {
        const end = buffered.indexOf('\n');
        if (end >= 0) {
          const line = buffered.slice(0, end);
          buffered = buffered.slice(end + 1);
          return line;
        }
        const { done, value } = await reader.read();
        if (done) throw new Error(`stream ended; left: ${buffered}`);
        buffered += value;
      }
      throw new Error('no line after 1000 reads');
    },
    /** Everything after the last line read, up to the end: the final result. */
    async rest(): Promise<string> {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return buffered;
        buffered += value;
      }
    },
  };
}

function streamingFlow() {
  return defineFlow(
    {
      name: 'story',
      inputSchema: z.object({ about: z.string().default('owls') }),
      streamSchema: z.string(),
      registry,
    },
    async ({ about }, { sendChunk }) => {
      sendChunk('thinking…'); // sent before the answer's headers: must still come after them
      const answer = await generate({
        prompt: `a story about ${about}`,
        stream: true,
        onChunk: sendChunk,
        apiKey: 'k',
        baseUrl: gemini.baseUrl,
      });
      return answer.text;
    },
  );
}

describe('runAction?stream=true', () => {
  it('streams each chunk as a JSON line while the flow runs, then the result', async () => {
    const release = deferred();
    gemini.behaviour.chunks = ['Once', ' upon', ' a time'];
    gemini.behaviour.afterFirstChunk = release.promise;
    streamingFlow();
    await start();
    const response = await runAction('/flow/story', { about: 'cats' }, true);
    const traceId = response.headers.get('x-genkit-trace-id');
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const lines = lineReader(response);
    expect(JSON.parse(await lines.nextLine())).toBe('thinking…');
    // The model is still held after its first chunk: that chunk is already here.
    expect(JSON.parse(await lines.nextLine())).toBe('Once');
    expect(capture.ended().some((s) => s.name === 'story')).toBe(false);
    release.resolve();
    expect(JSON.parse(await lines.nextLine())).toBe(' upon');
    expect(JSON.parse(await lines.nextLine())).toBe(' a time');
    expect(JSON.parse(await lines.rest())).toEqual({ result: 'Once upon a time', telemetry: { traceId } });
  });

  it('ends the stream with the error when the model call fails', async () => {
    gemini.behaviour.failWith = { status: 500, message: 'model overloaded', statusText: 'INTERNAL' };
    streamingFlow();
    await start();
    const response = await runAction('/flow/story', {}, true);
    const traceId = response.headers.get('x-genkit-trace-id');
    const lines = lineReader(response);
    expect(JSON.parse(await lines.nextLine())).toBe('thinking…');
    const last = JSON.parse(await lines.rest()) as {
      error: { code: number; message: string; details: unknown };
    };
    expect(last.error.code).toBe(13);
    expect(last.error.message).toContain('model overloaded');
    expect(last.error.details).toMatchObject({ traceId });
  });

  it('stops a streaming run on cancelAction: the Gemini stream is cut off and the last line says cancelled', async () => {
    const hold = deferred();
    gemini.behaviour.chunks = ['Never', ' finished'];
    gemini.behaviour.afterFirstChunk = hold.promise;
    streamingFlow();
    await start();
    const response = await runAction('/flow/story', {}, true);
    const traceId = response.headers.get('x-genkit-trace-id');
    const lines = lineReader(response);
    await lines.nextLine();
    expect(JSON.parse(await lines.nextLine())).toBe('Never');
    const cancel = await fetch(`${server?.url}/api/cancelAction`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ traceId }),
    });
    expect(cancel.status).toBe(200);
    const last = JSON.parse(await lines.rest()) as { error: { code: number; message: string } };
    expect(last.error).toMatchObject({ code: 1, message: 'Flow "story" was cancelled' });
    await gemini.cutOff();
    hold.resolve();
  });

  it('answers only the result without ?stream=true, and describes the stream schema', async () => {
    gemini.behaviour.chunks = ['a', 'b'];
    streamingFlow();
    await start();
    const actions = (await (await fetch(`${server?.url}/api/actions`)).json()) as Record<
      string,
      ActionDescriptor
    >;
    expect(actions['/flow/story']?.streamSchema).toMatchObject({ type: 'string' });
    const response = await runAction('/flow/story', {}, false);
    const traceId = response.headers.get('x-genkit-trace-id');
    expect(await response.text()).toBe(JSON.stringify({ result: 'ab', telemetry: { traceId } }));
  });
});
