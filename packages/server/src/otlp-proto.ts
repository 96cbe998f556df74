import protobuf from 'protobufjs';

const repeated = (type: string, id: number) => ({ rule: 'repeated', type, id });
const keyValues = (id: number) => repeated('KeyValue', id);

/**
 * The OTLP trace messages (opentelemetry-proto v1, `trace_service.proto`,
 * `trace.proto`, `common.proto`, `resource.proto`) as a protobufjs JSON
 * descriptor. Field names are the proto3 JSON (lowerCamel) names so that a
 * decoded message has the same shape as OTLP/JSON.
 */
const descriptor = {
  nested: {
    ExportTraceServiceRequest: { fields: { resourceSpans: repeated('ResourceSpans', 1) } },
    ExportTraceServiceResponse: { fields: { partialSuccess: { type: 'ExportTracePartialSuccess', id: 1 } } },
    ExportTracePartialSuccess: {
      fields: { rejectedSpans: { type: 'int64', id: 1 }, errorMessage: { type: 'string', id: 2 } },
    },
    ResourceSpans: {
      fields: {
        resource: { type: 'Resource', id: 1 },
        scopeSpans: repeated('ScopeSpans', 2),
        schemaUrl: { type: 'string', id: 3 },
      },
    },
    Resource: { fields: { attributes: keyValues(1), droppedAttributesCount: { type: 'uint32', id: 2 } } },
    ScopeSpans: {
      fields: {
        scope: { type: 'InstrumentationScope', id: 1 },
        spans: repeated('Span', 2),
        schemaUrl: { type: 'string', id: 3 },
      },
    },
    InstrumentationScope: {
      fields: {
        name: { type: 'string', id: 1 },
        version: { type: 'string', id: 2 },
        attributes: keyValues(3),
        droppedAttributesCount: { type: 'uint32', id: 4 },
      },
    },
    Span: {
      fields: {
        traceId: { type: 'bytes', id: 1 },
        spanId: { type: 'bytes', id: 2 },
        traceState: { type: 'string', id: 3 },
        parentSpanId: { type: 'bytes', id: 4 },
        flags: { type: 'fixed32', id: 16 },
        name: { type: 'string', id: 5 },
        kind: { type: 'int32', id: 6 },
        startTimeUnixNano: { type: 'fixed64', id: 7 },
        endTimeUnixNano: { type: 'fixed64', id: 8 },
        attributes: keyValues(9),
        droppedAttributesCount: { type: 'uint32', id: 10 },
        events: repeated('Event', 11),
        droppedEventsCount: { type: 'uint32', id: 12 },
        links: repeated('Link', 13),
        droppedLinksCount: { type: 'uint32', id: 14 },
        status: { type: 'Status', id: 15 },
      },
    },
    Event: {
      fields: {
        timeUnixNano: { type: 'fixed64', id: 1 },
        name: { type: 'string', id: 2 },
        attributes: keyValues(3),
        droppedAttributesCount: { type: 'uint32', id: 4 },
      },
    },
    Link: {
      fields: {
        traceId: { type: 'bytes', id: 1 },
        spanId: { type: 'bytes', id: 2 },
        traceState: { type: 'string', id: 3 },
        attributes: keyValues(4),
        droppedAttributesCount: { type: 'uint32', id: 5 },
        flags: { type: 'fixed32', id: 6 },
      },
    },
    Status: { fields: { message: { type: 'string', id: 2 }, code: { type: 'int32', id: 3 } } },
    KeyValue: { fields: { key: { type: 'string', id: 1 }, value: { type: 'AnyValue', id: 2 } } },
    AnyValue: {
      oneofs: {
        value: {
          oneof: [
            'stringValue',
            'boolValue',
            'intValue',
            'doubleValue',
            'arrayValue',
            'kvlistValue',
            'bytesValue',
          ],
        },
      },
      fields: {
        stringValue: { type: 'string', id: 1 },
        boolValue: { type: 'bool', id: 2 },
        intValue: { type: 'int64', id: 3 },
        doubleValue: { type: 'double', id: 4 },
        arrayValue: { type: 'ArrayValue', id: 5 },
        kvlistValue: { type: 'KeyValueList', id: 6 },
        bytesValue: { type: 'bytes', id: 7 },
      },
    },
    ArrayValue: { fields: { values: repeated('AnyValue', 1) } },
    KeyValueList: { fields: { values: keyValues(1) } },
  },
};

const root = protobuf.Root.fromJSON(descriptor);
const request = root.lookupType('ExportTraceServiceRequest');
const response = root.lookupType('ExportTraceServiceResponse');

/**
 * Decodes a protobuf `ExportTraceServiceRequest` into the OTLP/JSON shape:
 * 64-bit integers as decimal strings, ids as hex, `bytesValue` as base64.
 * Throws on malformed input.
 */
export function decodeOtlpProtobuf(body: Uint8Array): unknown {
  const message = request.decode(body);
  const object = request.toObject(message, { longs: String, bytes: String, oneofs: false, defaults: false });
  hexIds(object);
  return object;
}

/** An empty, encoded `ExportTraceServiceResponse`. */
export function encodeOtlpProtobufResponse(): Uint8Array {
  return response.encode(response.create({})).finish();
}

// Ids travel as bytes in protobuf but as hex in OTLP/JSON; only span and link ids are converted, not bytesValue.
function hexIds(object: Record<string, unknown>): void {
  for (const resourceSpans of asArray(object.resourceSpans)) {
    for (const scopeSpans of asArray(resourceSpans.scopeSpans)) {
      for (const span of asArray(scopeSpans.spans)) {
        toHex(span, ['traceId', 'spanId', 'parentSpanId']);
        for (const link of asArray(span.links)) toHex(link, ['traceId', 'spanId']);
      }
    }
  }
}

function asArray(value: unknown): Array<Record<string, unknown>> {
  return Array.isArray(value) ? value : [];
}

function toHex(object: Record<string, unknown>, keys: string[]): void {
  for (const key of keys) {
    const value = object[key];
    if (typeof value === 'string') object[key] = Buffer.from(value, 'base64').toString('hex');
  }
}
