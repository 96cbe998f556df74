import { SPAN_ID_PATTERN, TRACE_ID_PATTERN } from '@livespan/tracing/wire';
import { z } from 'zod';
import { InvalidInputError } from './input-errors.js';
import { issuePath } from './trace-data-schema.js';

const traceId = z.string().regex(TRACE_ID_PATTERN, 'must be 32 hex digits');
const spanId = z.string().regex(SPAN_ID_PATTERN, 'must be 16 hex digits');
/** 64-bit unsigned nanoseconds: a decimal string (proto3 JSON) or a safe integer. */
const nanos = z.union([
  z.string().regex(/^\d{1,20}$/, 'must be a decimal integer'),
  z.number().int().nonnegative(),
]);
const keyValue = z.object({ key: z.string(), value: z.unknown().optional() });
const enumValue = z.union([z.number().int(), z.string()]);

const span = z.object({
  traceId: traceId,
  spanId: spanId,
  parentSpanId: z.union([spanId, z.literal('')]).optional(),
  traceState: z.string().optional(),
  flags: z.number().optional(),
  name: z.string().optional().default(''),
  kind: enumValue.optional(),
  startTimeUnixNano: nanos.optional(),
  endTimeUnixNano: nanos.optional(),
  attributes: z.array(keyValue).optional(),
  droppedAttributesCount: z.number().optional(),
  events: z
    .array(
      z.object({
        timeUnixNano: nanos.optional(),
        name: z.string().optional(),
        attributes: z.array(keyValue).optional(),
      }),
    )
    .optional(),
  links: z
    .array(
      z.object({
        traceId: traceId,
        spanId: spanId,
        traceState: z.string().optional(),
        attributes: z.array(keyValue).optional(),
        droppedAttributesCount: z.number().optional(),
        flags: z.number().optional(),
      }),
    )
    .optional(),
  status: z.object({ code: enumValue.optional(), message: z.string().optional() }).optional(),
});

/** An `ExportTraceServiceRequest` whose spans are checked by `spanSchema`. */
function requestSchema<S extends z.ZodType>(spanSchema: S) {
  return z.object({
    resourceSpans: z
      .array(
        z.object({
          resource: z.object({ attributes: z.array(keyValue).optional() }).optional(),
          scopeSpans: z
            .array(
              z.object({
                scope: z.object({ name: z.string().optional(), version: z.string().optional() }).optional(),
                spans: z.array(spanSchema).optional(),
                schemaUrl: z.string().optional(),
              }),
            )
            .optional(),
          schemaUrl: z.string().optional(),
        }),
      )
      .optional(),
  });
}

/** OTLP/JSON `ExportTraceServiceRequest`; protobuf bodies are decoded to the same shape. */
export const otlpRequestSchema = requestSchema(span);

export type OtlpRequest = z.infer<typeof otlpRequestSchema>;
export type OtlpSpan = z.infer<typeof span>;
export type OtlpKeyValue = z.infer<typeof keyValue>;

/** The request with its spans left unchecked: they are validated one by one below. */
const envelopeSchema = requestSchema(z.unknown());

/**
 * Validates a parsed OTLP request like `otlpRequestSchema`, but stops at the
 * first bad span: zod collects every issue of a schema, and 200,000 bad
 * spans overflowed its stack. Throws a 400 naming the path.
 */
export function parseOtlpRequest(value: unknown): OtlpRequest {
  const envelope = envelopeSchema.safeParse(value);
  if (!envelope.success) throw invalid(envelope.error, '');
  envelope.data.resourceSpans?.forEach((resourceSpans, r) => {
    resourceSpans.scopeSpans?.forEach((scopeSpans, s) => {
      scopeSpans.spans?.forEach((item, i, spans) => {
        const parsed = span.safeParse(item);
        if (!parsed.success) throw invalid(parsed.error, `resourceSpans.${r}.scopeSpans.${s}.spans.${i}`);
        spans[i] = parsed.data;
      });
    });
  });
  return envelope.data as OtlpRequest;
}

function invalid(error: z.ZodError, prefix: string): InvalidInputError {
  const { message, path } = issuePath(error, prefix);
  return new InvalidInputError(`invalid OTLP request: ${message}`, path);
}
