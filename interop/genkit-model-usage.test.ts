/**
 * A real Genkit app's model calls: livespan sums the tokens Genkit's model
 * spans report, once each, although Genkit's `generate` and flow spans carry
 * the same usage again in their output.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createServer, type Listener, type LivespanServer } from '@livespan/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GenkitApp, startGenkitApp } from './support/genkit-processes.js';
import { waitFor, within } from './support/wait-for.js';

let dir: string;
let server: LivespanServer;
let listener: Listener;
let app: GenkitApp;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'livespan-interop-usage-'));
  server = createServer({
    dbPath: path.join(dir, 'traces.db'),
    uiDir: path.join(dir, 'no-ui'),
    prices: { 'fake/usage': { inputPerMillion: 1_000_000, outputPerMillion: 2_000_000 } },
  });
  listener = await server.listen({ port: 0 });
  app = await startGenkitApp(listener.url);
});

afterAll(async () => {
  await app?.stop();
  await server?.close();
  for (const root of [dir, app?.projectRoot]) if (root) await rm(root, { recursive: true, force: true });
});

interface UsageSpan {
  displayName: string;
  endTime: number;
  attributes: Record<string, unknown>;
  usage?: Record<string, unknown>;
}

describe('a Genkit app calling a model', () => {
  it('counts the usage of its model spans once per call, with the cost from the price table', async () => {
    const response = await within(
      'the reflection API to answer runAction',
      fetch(`${app.reflectionUrl}/api/runAction`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ key: '/flow/twoModelCalls', input: 'tokens' }),
      }),
    );
    expect(response.status).toBe(200);
    const traceId = response.headers.get('x-genkit-trace-id')!;
    const trace = await waitFor('the finished trace', async () => {
      const body = (await (await fetch(`${listener.url}/api/traces/${traceId}`)).json()) as {
        status?: string;
        spans?: Record<string, UsageSpan>;
      } & Record<string, unknown>;
      return body.status === 'ok' && Object.values(body.spans ?? {}).every((span) => span.endTime > 0)
        ? body
        : undefined;
    });
    const spans = Object.values(trace.spans ?? {});
    const models = spans.filter((span) => span.attributes['genkit:metadata:subtype'] === 'model');
    expect(models).toHaveLength(2);
    // Genkit's generate spans repeat the usage in their output; they are not counted.
    const generates = spans.filter((span) => span.displayName === 'generate');
    expect(generates).toHaveLength(2);
    expect(String(generates[0]!.attributes['genkit:output'])).toContain('"usage"');
    expect(generates[0]!.usage).toBeUndefined();
    expect(models[0]!.usage).toEqual({
      inputTokens: 11,
      outputTokens: 9,
      cachedTokens: 3,
      reasoningTokens: 2,
      model: 'fake/usage',
      costUsd: 11 + 9 * 2,
    });
    expect(trace).toMatchObject({ inputTokens: 22, outputTokens: 18, cachedTokens: 6, reasoningTokens: 4 });
    expect(trace.costUsd).toBe(2 * (11 + 18));
  });
});
