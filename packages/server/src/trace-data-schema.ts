import {
  type Attributes,
  MAX_ATTRIBUTE_DEPTH,
  MAX_TIME_MS,
  SPAN_ID_PATTERN,
  type SpanData,
  TRACE_ID_PATTERN,
} from '@livespan/tracing/wire';
import { Ajv } from 'ajv';
import { z } from 'zod';
import { checkTraceDataCounts } from './element-limits.js';
import { InvalidInputError } from './input-errors.js';
import { type Resource, toResource } from './resource.js';

const traceIdSchema = z.string().regex(TRACE_ID_PATTERN, 'must be 32 hex digits');
const spanIdSchema = z.string().regex(SPAN_ID_PATTERN, 'must be 16 hex digits');
const time = z
  .number()
  .finite()
  .nonnegative()
  .max(MAX_TIME_MS, 'must be ms since the epoch (at most 8.64e15)');

/** The JSON Schema keyword that marks attribute maps for the compiled checks (see `compiledParse`). */
const ATTRIBUTES_KEYWORD = 'x-livespan-attributes';

// A bounded walk rather than a recursive schema: a 10,000-level value must be a 400, not a stack overflow.
// The parsed object is kept as is (not copied key by key), so a key like `__proto__` stays plain data.
const attributes = z
  .unknown()
  .superRefine((value, ctx) => {
    const problem = attributesProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', ...problem });
  })
  .meta({ [ATTRIBUTES_KEYWORD]: true });

function attributesProblem(value: unknown): { message: string; path: string[] } | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { message: 'must be an object of attributes', path: [] };
  }
  for (const key of Object.keys(value)) {
    const problem = attributeValueProblem((value as Record<string, unknown>)[key], 0);
    if (problem) return { message: problem.message, path: [key, ...problem.path] };
  }
  return undefined;
}

function attributeValueProblem(
  value: unknown,
  depth: number,
): { message: string; path: string[] } | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return undefined;
  if (typeof value === 'number') return undefined;
  if (typeof value !== 'object') {
    return { message: 'must be a string, number, boolean, null, array or object', path: [] };
  }
  if (depth >= MAX_ATTRIBUTE_DEPTH) {
    return { message: `attribute value nested deeper than ${MAX_ATTRIBUTE_DEPTH} levels`, path: [] };
  }
  for (const key of Object.keys(value)) {
    const problem = attributeValueProblem((value as Record<string, unknown>)[key], depth + 1);
    if (problem) return { message: problem.message, path: [key, ...problem.path] };
  }
  return undefined;
}

export const spanSchema = z.object({
  spanId: spanIdSchema,
  traceId: traceIdSchema,
  parentSpanId: spanIdSchema.or(z.literal('')).optional(),
  startTime: time,
  endTime: time.optional().default(0),
  attributes: attributes.optional().default({}),
  displayName: z.string(),
  links: z
    .array(
      z.object({
        context: z
          .object({
            traceId: z.string(),
            spanId: z.string(),
            isRemote: z.boolean().optional(),
            traceFlags: z.number().optional(),
          })
          .optional(),
        attributes: attributes.optional(),
        droppedAttributesCount: z.number().optional(),
      }),
    )
    .optional(),
  instrumentationLibrary: z
    .object({ name: z.string(), version: z.string().optional(), schemaUrl: z.string().optional() })
    .optional()
    .default({ name: 'unknown' }),
  spanKind: z.string().optional().default('INTERNAL'),
  sameProcessAsParentSpan: z.object({ value: z.boolean() }).optional(),
  status: z.object({ code: z.number().int().min(0).max(2), message: z.string().optional() }).optional(),
  timeEvents: z
    .object({
      timeEvent: z
        .array(
          z.object({
            time,
            annotation: z.object({ attributes: attributes.optional().default({}), description: z.string() }),
          }),
        )
        .optional(),
    })
    .optional(),
  truncated: z.boolean().optional(),
});

/** A JSON Schema as `z.toJSONSchema` writes it, as far as `zodOutput` reads it. */
interface JsonSchema {
  properties?: Record<string, JsonSchema>;
  /** A record's values (`z.record`); `true`/absent otherwise. */
  additionalProperties?: JsonSchema | boolean;
  items?: JsonSchema;
  default?: unknown;
}

const ajv = new Ajv({ strict: false });
ajv.addKeyword({
  keyword: ATTRIBUTES_KEYWORD,
  schemaType: 'boolean',
  errors: false,
  validate: (_: boolean, value: unknown) => attributesProblem(value) === undefined,
});

/**
 * `schema.safeParse`, through `schema` compiled to code by ajv from zod's own
 * JSON Schema of it (so the rules stay in one place): a valid value, the
 * common case, costs a fraction of zod's parse (bench/server/ingest-stages.ts).
 * Only a value the compiled check refuses goes through zod, whose issue is the
 * error the client gets.
 */
function compiledParse<T extends z.ZodType>(
  schema: T,
): (value: unknown) => z.ZodSafeParseResult<z.output<T>> {
  const json = z.toJSONSchema(schema, {
    io: 'input',
    target: 'draft-7',
    unrepresentable: 'any',
  }) as JsonSchema;
  const isValid = ajv.compile(json);
  const output = zodOutput(json);
  return (value) =>
    isValid(value) ? { success: true, data: output(value) as z.output<T> } : schema.safeParse(value);
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * What zod's parse returns for a value the compiled check of `schema`
 * accepted: an object's keys in the schema's order (the stored JSON, compared
 * as text by merge-span.ts, stays the same), unknown keys dropped, defaults
 * filled in; a record copied without `__proto__`, as zod does. Built once per
 * schema: walking the schema per span would cost what ajv saves.
 */
function zodOutput(schema: JsonSchema): (value: unknown) => unknown {
  if (schema.properties) {
    const fields = Object.entries(schema.properties).map(([key, property]) => ({
      key,
      output: zodOutput(property),
      // Defaults are JSON (`{}`, `{"name":"unknown"}`, 0): a fresh copy each time, as zod gives.
      defaultJson: 'default' in property ? JSON.stringify(property.default) : undefined,
    }));
    return (value) => {
      if (!isObject(value)) return value;
      const output: Record<string, unknown> = {};
      for (const { key, output: fieldOutput, defaultJson } of fields) {
        if (Object.hasOwn(value, key)) output[key] = fieldOutput(value[key]);
        else if (defaultJson !== undefined) output[key] = JSON.parse(defaultJson);
      }
      return output;
    };
  }
  if (typeof schema.additionalProperties === 'object') {
    const valueOutput = zodOutput(schema.additionalProperties);
    return (value) => {
      if (!isObject(value)) return value;
      const output: Record<string, unknown> = {};
      for (const key of Object.keys(value)) if (key !== '__proto__') output[key] = valueOutput(value[key]);
      return output;
    };
  }
  if (schema.items) {
    const itemOutput = zodOutput(schema.items);
    return (value) => (Array.isArray(value) ? value.map(itemOutput) : value);
  }
  return (value) => value;
}

/** Validates one span as `spanSchema.safeParse` does. */
export const parseSpan = compiledParse(spanSchema);

const resourceSchema = z.object({ attributes });

/**
 * Genkit's `TraceData` as `POST /api/traces` accepts it, plus livespan's
 * optional `resource` (the OpenTelemetry resource of every span sent) and,
 * in exported traces, `resources` by id with each span's `resourceId`.
 */
const traceDataSchema = z.object({
  traceId: traceIdSchema,
  displayName: z.string().optional(),
  startTime: time.optional(),
  endTime: time.optional(),
  spans: z.record(z.string(), spanSchema),
  resource: resourceSchema.optional(),
  resources: z.record(z.string(), resourceSchema).optional(),
});

/** Dot path of the first zod issue, e.g. `spans.abc.startTime`; `prefix` is the path of the value validated. */
export function issuePath(error: z.ZodError, prefix = ''): { message: string; path: string } {
  const issue = error.issues[0]!;
  const path = [...(prefix ? [prefix] : []), ...issue.path.map(String)].join('.');
  return { message: path ? `${path}: ${issue.message}` : issue.message, path };
}

/** The envelope alone: spans are validated one by one, so validation stops at the first bad span. */
export const traceEnvelopeSchema = traceDataSchema.extend({ spans: z.record(z.string(), z.unknown()) });

/** Validates an envelope as `traceEnvelopeSchema.safeParse` does. */
export const parseEnvelope = compiledParse(traceEnvelopeSchema);

/** Spans of a request that were left out, each with why; the rest of the request is stored. */
interface RejectedSpan {
  path: string;
  message: string;
}

/** What a valid `POST /api/traces` body holds. */
export interface ParsedTraceData {
  spans: SpanData[];
  rejected: RejectedSpan[];
  /** The resources the spans' `resourceId`s name. */
  resources: Resource[];
}

const TIME_FIELDS = new Set(['startTime', 'endTime', 'time']);

/**
 * A span whose only fault is a time out of range (a broken clock, a bad
 * conversion) is left out alone: its siblings, sent in the same request by the
 * same exporter, are fine and must not be lost with it. Any other fault is
 * the client's shape being wrong, and refuses the request.
 */
function onlyTimeOutOfRange(error: z.ZodError, span: unknown): boolean {
  return error.issues.every((issue) => {
    const key = issue.path.at(-1);
    return typeof key === 'string' && TIME_FIELDS.has(key) && typeof valueAt(span, issue.path) === 'number';
  });
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value;
  for (const key of path) current = (current as Record<PropertyKey, unknown> | null)?.[key];
  return current;
}

/** Validates a parsed `POST /api/traces` body; throws a 400 naming the bad field. */
function parseTraceData(body: unknown, index?: number): ParsedTraceData {
  const where = index === undefined ? '' : `${index}.`;
  const invalid = (error: z.ZodError, prefix: string) => {
    const { message, path } = issuePath(error, prefix);
    return new InvalidInputError(`invalid TraceData: ${where}${message}`, `${where}${path}`);
  };
  const envelope = parseEnvelope(body);
  if (!envelope.success) throw invalid(envelope.error, '');
  const trace = envelope.data;
  const spans: SpanData[] = [];
  const rejected: RejectedSpan[] = [];
  // Ids are recomputed from the content: a sent id is only a key into `resources`.
  const common = trace.resource && toResource(trace.resource.attributes as Attributes);
  const named = new Map(
    Object.entries(trace.resources ?? {}).map(([id, resource]) => [
      id,
      toResource(resource.attributes as Attributes),
    ]),
  );
  const used = new Map<string, Resource>();
  for (const [key, value] of Object.entries(trace.spans)) {
    const parsed = parseSpan(value);
    if (!parsed.success && onlyTimeOutOfRange(parsed.error, value)) {
      const { message, path } = issuePath(parsed.error, `spans.${key}`);
      rejected.push({ path: `${where}${path}`, message: `${where}${message}` });
      continue;
    }
    if (!parsed.success) throw invalid(parsed.error, `spans.${key}`);
    const span = parsed.data as SpanData;
    if (span.traceId.toLowerCase() !== trace.traceId.toLowerCase()) {
      const path = `${where}spans.${key}.traceId`;
      throw new InvalidInputError(`invalid TraceData: ${path} differs from traceId`, path);
    }
    const sentId = (value as { resourceId?: unknown }).resourceId;
    const resource = (typeof sentId === 'string' ? named.get(sentId) : undefined) ?? common;
    if (resource) {
      span.resourceId = resource.resourceId;
      used.set(resource.resourceId, resource);
    }
    spans.push(normalizeIds(span));
  }
  return { spans, rejected, resources: [...used.values()] };
}

/** Most traces one request may carry as an array. */
const MAX_TRACES_PER_REQUEST = 10_000;

/**
 * The body of `POST /api/traces`: Genkit's single `TraceData`, or (livespan's
 * exporter, once the server told it so) an array of them. All or nothing:
 * one bad trace rejects the request, except that spans whose only fault is a
 * time out of range are left out alone (`rejected`).
 */
export function parseTraceDataBody(body: unknown): ParsedTraceData {
  if (!Array.isArray(body)) {
    checkTraceDataCounts(body, 0);
    return parseTraceData(body);
  }
  if (body.length > MAX_TRACES_PER_REQUEST) {
    throw new InvalidInputError(`too many traces in one request: ${body.length} > ${MAX_TRACES_PER_REQUEST}`);
  }
  // Counted for all traces before any is validated, so an oversized request costs no validation.
  body.reduce<number>((spans, trace) => checkTraceDataCounts(trace, spans), 0);
  const parsed = body.map((trace, index) => parseTraceData(trace, index));
  return {
    spans: parsed.flatMap((p) => p.spans),
    rejected: parsed.flatMap((p) => p.rejected),
    resources: parsed.flatMap((p) => p.resources),
  };
}

/** Ids are stored lower-case so that upserts match whatever case the client used. */
function normalizeIds(span: SpanData): SpanData {
  if (!/[A-F]/.test(span.traceId + span.spanId + (span.parentSpanId ?? '')) && span.parentSpanId !== '')
    return span;
  const { parentSpanId, ...rest } = span;
  const normalized: SpanData = {
    ...rest,
    traceId: span.traceId.toLowerCase(),
    spanId: span.spanId.toLowerCase(),
  };
  if (parentSpanId) normalized.parentSpanId = parentSpanId.toLowerCase();
  return normalized;
}
