import protobuf from 'protobufjs';

/** Field of a hand-built protobuf message: a nested message or bytes (length-delimited), or a fixed64. */
type Field = [id: number, value: Uint8Array | string] | [id: number, value: number, kind: 'fixed64'];

/** Encodes fields in order; lets tests build messages no well-behaved encoder would (wrong id lengths, deep nesting). */
function message(fields: Field[]): Uint8Array {
  const writer = protobuf.Writer.create();
  for (const field of fields) {
    const [id, value] = field;
    if (field.length === 3) {
      writer.uint32((id << 3) | 1).fixed64(field[1]);
    } else if (typeof value === 'string') writer.uint32((id << 3) | 2).string(value);
    else writer.uint32((id << 3) | 2).bytes(value as Uint8Array);
  }
  return writer.finish();
}

/** One OTLP span in an `ExportTraceServiceRequest`, with ids given as raw bytes. */
export function otlpProtoRequest(span: {
  traceId: Uint8Array;
  spanId: Uint8Array;
  name?: string;
  startNanos?: number;
  endNanos?: number;
  attributes?: Uint8Array[];
  status?: Uint8Array;
}): Uint8Array {
  const fields: Field[] = [
    [1, span.traceId],
    [2, span.spanId],
    [5, span.name ?? 'span'],
  ];
  if (span.startNanos !== undefined) fields.push([7, span.startNanos, 'fixed64']);
  if (span.endNanos !== undefined) fields.push([8, span.endNanos, 'fixed64']);
  for (const attribute of span.attributes ?? []) fields.push([9, attribute]);
  if (span.status) fields.push([15, span.status]);
  const scopeSpans = message([[2, message(fields)]]);
  return message([[1, message([[2, scopeSpans]])]]);
}

/** A `KeyValue` with a string value. */
export function stringAttribute(key: string, value: string): Uint8Array {
  return message([
    [1, key],
    [2, message([[1, value]])],
  ]);
}

const nested = new Map<number, Uint8Array>();

/** A `KeyValue` whose value is a kvlist nested `depth` levels deep, built bottom-up without recursion (memoized: slow). */
export function nestedAttribute(depth: number): Uint8Array {
  const known = nested.get(depth);
  if (known) return known;
  let value = message([[1, 'leaf']]);
  for (let i = 0; i < depth; i++) {
    const entry = message([
      [1, 'a'],
      [2, value],
    ]);
    value = message([[6, message([[1, entry]])]]);
  }
  const attribute = message([
    [1, 'deep'],
    [2, value],
  ]);
  nested.set(depth, attribute);
  return attribute;
}

/** A `Status` with a raw code (int32, field 3), which may be outside OTLP's 0–2. */
export function statusWithCode(code: number): Uint8Array {
  const writer = protobuf.Writer.create();
  writer.uint32((3 << 3) | 0).int32(code);
  return writer.finish();
}
