import { isUtf8 } from 'node:buffer';
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { checkJsonElements } from './element-limits.js';
import { HttpError } from './http-error.js';

/** What the request stages read of headers: a fetch `Headers`, or Node's headers through `nodeHeaders`. */
export interface RequestHeaders {
  get(name: string): string | null;
}

/**
 * A request as the ingest stages read it, served by Hono or straight from
 * node:http (direct-ingest.ts): its headers and its body, as the Node stream
 * when there is one (that spares building a full fetch Request per POST).
 */
export interface BodyRequest {
  headers: RequestHeaders;
  body: Readable | Request;
}

/** The parts of a Hono request the stages read. */
export function honoRequest(c: { env: unknown; req: { raw: Request } }): BodyRequest {
  return { headers: c.req.raw.headers, body: nodeIncoming(c) ?? c.req.raw };
}

/** Node's headers read as fetch's would be (names lower-case, repeated values joined). */
export function nodeHeaders(incoming: IncomingMessage): RequestHeaders {
  return {
    get(name) {
      const value = incoming.headers[name];
      if (value === undefined) return null;
      return Array.isArray(value) ? value.join(', ') : value;
    },
  };
}

/** The media type of a request, lower-case without parameters; '' when absent. */
function mediaType(headers: RequestHeaders): string {
  return (headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
}

/** Throws 415 unless the request's media type is one of `allowed`. */
export function requireMediaType(headers: RequestHeaders, allowed: readonly string[]): string {
  const type = mediaType(headers);
  if (!allowed.includes(type)) {
    throw new HttpError(
      415,
      `Content-Type must be ${allowed.join(' or ')}, got ${JSON.stringify(type || 'none')}`,
    );
  }
  return type;
}

/**
 * Reads the whole request body, at most `limit` bytes, and gunzips it when
 * `Content-Encoding: gzip` (the inflated size is bounded by `limit` too, so
 * a gzip bomb is refused, not expanded). Over the limit: 413.
 */
export async function readBody(request: BodyRequest, limit: number): Promise<Buffer> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (declared > limit) throw tooLarge(limit);
  const body =
    'on' in request.body ? await readIncoming(request.body, limit) : await readWebBody(request.body, limit);
  const encoding = (request.headers.get('content-encoding') ?? 'identity').trim().toLowerCase();
  if (encoding === 'identity' || encoding === '') return body;
  if (encoding !== 'gzip')
    throw new HttpError(415, `Content-Encoding ${JSON.stringify(encoding)} is not supported; use gzip`);
  try {
    // Inflated on the thread pool, not the event loop: 30 MB of zeros takes ~100 ms to inflate.
    return await gunzipAsync(body, { maxOutputLength: limit });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge(limit);
    throw new HttpError(400, `body is not valid gzip: ${(error as Error).message}`);
  }
}

/**
 * Parses JSON, answering a syntax error or a body that is not UTF-8 (RFC 8259) with a 400, and
 * one with too many or too deeply nested elements with a 413 or 400 before parsing it.
 */
export function parseJson(body: Buffer): unknown {
  // Decoding would silently turn bad bytes into U+FFFD and store text the client never sent.
  if (!isUtf8(body)) throw new HttpError(400, 'malformed JSON: the body is not valid UTF-8', '');
  checkJsonElements(body);
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new HttpError(400, `malformed JSON: ${(error as Error).message}`, '');
  }
}

const gunzipAsync = promisify(gunzip);

/**
 * Lets other requests (health checks, streams) run between the synchronous
 * stages of a large ingest: parsing, validating and storing 30 MB each
 * block the event loop for up to a few hundred ms.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function tooLarge(limit: number): HttpError {
  return new HttpError(413, `request body is larger than the limit of ${limit} bytes`);
}

/** The Node request behind a Hono context, when served by @hono/node-server. */
export function nodeIncoming(c: { env: unknown }): IncomingMessage | undefined {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  return incoming && typeof incoming.on === 'function' ? incoming : undefined;
}

async function readWebBody(request: Request, limit: number): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(chunks, size);
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
}

/** Reads a Node stream; over the limit it stops listening (the rest is discarded) so the 413 can still be sent. */
function readIncoming(incoming: Readable, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      incoming.off('data', onData);
      incoming.off('end', onEnd);
      incoming.off('error', onError);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size <= limit) return void chunks.push(chunk);
      cleanup();
      incoming.resume();
      reject(tooLarge(limit));
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(new HttpError(400, `request body could not be read: ${error.message}`));
    };
    incoming.on('data', onData);
    incoming.on('end', onEnd);
    incoming.on('error', onError);
  });
}
