import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the fake answers the next calls. */
interface FakeGeminiBehaviour {
  /** Chunks of the answer; a unary call answers them joined. */
  chunks: string[];
  /** When set, answer with this HTTP status and a Gemini error body. */
  failWith?: { status: number; message: string; statusText: string };
  /** Streamed calls wait for this after the first chunk. */
  afterFirstChunk?: Promise<void>;
  /** Unary calls wait for this before answering. */
  beforeAnswer?: Promise<void>;
}

interface RecordedRequest {
  method: string;
  url: string;
  apiKey: string | undefined;
  body: Record<string, unknown>;
}

/**
 * A local HTTP endpoint speaking the Gemini REST API's shapes
 * (`:generateContent` JSON and `:streamGenerateContent?alt=sse`), so the real
 * `@google/genai` SDK can be pointed at it with `httpOptions.baseUrl`.
 */
export async function startFakeGemini() {
  const behaviour: FakeGeminiBehaviour = { chunks: ['Hello', ' world'] };
  const requests: RecordedRequest[] = [];
  const waiting = { arrival: [] as Array<() => void>, cutOff: [] as Array<() => void> };
  let cutOff = 0;
  const server = createServer((req, res) => {
    res.on('close', () => {
      if (res.writableFinished) return;
      cutOff += 1;
      for (const resolve of waiting.cutOff.splice(0)) resolve();
    });
    void (async () => {
      const body = JSON.parse((await readBody(req)) || '{}') as Record<string, unknown>;
      const url = req.url ?? '';
      requests.push({ method: req.method ?? '', url, apiKey: req.headers['x-goog-api-key'] as string, body });
      for (const resolve of waiting.arrival.splice(0)) resolve();
      const match = /^\/v1beta\/models\/([^:]+):(generateContent|streamGenerateContent)/.exec(url);
      if (!match) {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"code":404}}');
        return;
      }
      const model = match[1]!;
      if (behaviour.failWith) {
        const { status, message, statusText } = behaviour.failWith;
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { code: status, message, status: statusText } }));
        return;
      }
      const { chunks } = behaviour;
      const promptTokenCount = 7;
      if (match[2] === 'generateContent') {
        if (behaviour.beforeAnswer) await behaviour.beforeAnswer;
        if (res.destroyed) return;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify(responseBody(model, chunks.join(''), 'STOP', promptTokenCount, chunks.length)),
        );
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      for (const [i, chunk] of chunks.entries()) {
        const last = i === chunks.length - 1;
        res.write(
          `data: ${JSON.stringify(responseBody(model, chunk, last ? 'STOP' : undefined, promptTokenCount, i + 1))}\r\n\r\n`,
        );
        if (i === 0 && behaviour.afterFirstChunk) await behaviour.afterFirstChunk;
      }
      res.end();
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    behaviour,
    requests,
    /** Resolves when the next request has arrived (its body read). */
    nextRequest: () => new Promise<void>((resolve) => waiting.arrival.push(resolve)),
    /** Resolves once a client has closed a request before it was fully answered. */
    cutOff: () =>
      cutOff > 0 ? Promise.resolve() : new Promise<void>((resolve) => waiting.cutOff.push(resolve)),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function responseBody(
  model: string,
  text: string,
  finishReason: string | undefined,
  prompt: number,
  out: number,
) {
  return {
    candidates: [
      { content: { parts: [{ text }], role: 'model' }, ...(finishReason && { finishReason }), index: 0 },
    ],
    usageMetadata: { promptTokenCount: prompt, candidatesTokenCount: out, totalTokenCount: prompt + out },
    modelVersion: `${model}-001`,
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text;
}
