import type { Hono } from 'hono';
import { INGEST_PREFIXES, parseAppId } from './app-id.js';
import { checkOtlpCounts, checkProtobufElements } from './element-limits.js';
import { HttpError } from './http-error.js';
import { ingestSpans } from './ingest.js';
import { decodeOtlpProtobuf, encodeOtlpProtobufResponse } from './otlp-proto.js';
import { parseOtlpRequest } from './otlp-schema.js';
import { convertOtlp } from './otlp-to-spans.js';
import { honoRequest, parseJson, readBody, requireMediaType, yieldToEventLoop } from './read-body.js';
import { senderOf } from './sender.js';
import type { ServerContext } from './server-context.js';

const PROTOBUF_TYPES = ['application/x-protobuf', 'application/protobuf'];

/** OTLP/HTTP trace ingest, JSON or protobuf, optionally gzip, at `/v1/traces` and Genkit's `/api/otlp`. */
export function registerOtlpRoutes(app: Hono, context: ServerContext): void {
  const routes = INGEST_PREFIXES.flatMap((prefix) => [`${prefix}/v1/traces`, `${prefix}/api/otlp`]);
  for (const route of routes) {
    app.post(route, async (c) => {
      const appId = parseAppId(c.req.param('appId'));
      const type = requireMediaType(c.req.raw.headers, ['application/json', ...PROTOBUF_TYPES]);
      const body = await readBody(honoRequest(c), context.bodyLimitBytes);
      const protobuf = PROTOBUF_TYPES.includes(type);
      // Elements are counted before parsing and per span before validation: see element-limits.ts.
      const request = protobuf ? decode(body) : parseJson(body);
      checkOtlpCounts(request);
      await yieldToEventLoop();
      const { spans, resources } = convertOtlp(parseOtlpRequest(request));
      await yieldToEventLoop();
      await ingestSpans(context, spans, senderOf(c.req.raw.headers, 'otlp', appId), resources);
      if (!protobuf) return c.json({ partialSuccess: {} });
      return new Response(encodeOtlpProtobufResponse(), {
        headers: { 'content-type': 'application/x-protobuf' },
      });
    });
  }
}

function decode(body: Buffer): unknown {
  checkProtobufElements(body);
  try {
    return decodeOtlpProtobuf(body);
  } catch (error) {
    throw new HttpError(400, `malformed OTLP protobuf: ${(error as Error).message}`, '');
  }
}
