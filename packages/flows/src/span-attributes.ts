import type { AttributeValue } from '@opentelemetry/api';

/**
 * Tracer name and version Genkit's own instrumentation uses. Tools that pick
 * Genkit spans out of a mixed stream (e.g. dd-trace's Genkit integration) key
 * on this name, so our spans are recognised as Genkit spans.
 */
export const TRACER_NAME = 'genkit-tracer';
export const TRACER_VERSION = 'v1';

/** Span attribute keys, exactly as Genkit writes them. */
export const GenkitAttr = {
  type: 'genkit:type',
  subtype: 'genkit:metadata:subtype',
  name: 'genkit:name',
  path: 'genkit:path',
  isRoot: 'genkit:isRoot',
  input: 'genkit:input',
  output: 'genkit:output',
  state: 'genkit:state',
} as const;

/** Attribute that `progress()` keeps at the latest message, so a running span shows where it is. */
export const PROGRESS_ATTR = 'livespan:progress';

/** `genkit:type` values we emit. */
export type SpanType = 'action' | 'flowStep';
/** `genkit:metadata:subtype` values we emit. */
export type SpanSubtype = 'flow' | 'model';

/**
 * One path segment, the way Genkit's `buildPath` writes it: `/{name,t:type}`,
 * where a flow's type reads `flow` instead of `action`.
 */
export function pathSegment(name: string, type: SpanType, subtype?: SpanSubtype): string {
  return `/{${name},t:${subtype === 'flow' ? 'flow' : type}}`;
}

/**
 * The final `genkit:path` of a span, as Genkit records it: a non-root span
 * with a subtype gets `,s:subtype` in its own (last) segment. Children still
 * build on the undecorated path, as in Genkit.
 */
export function decoratePath(path: string, isRoot: boolean, subtype?: SpanSubtype): string {
  if (isRoot || !subtype) return path;
  return `${path.slice(0, -1)},s:${subtype}}`;
}

/**
 * JSON text for `genkit:input` / `genkit:output`. Never throws: telemetry
 * must not break the app, so unserialisable values are described instead.
 * `undefined` gives `undefined` (no attribute), as in Genkit.
 */
export function toJsonAttribute(value: unknown): AttributeValue | undefined {
  try {
    return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  } catch (error) {
    return JSON.stringify(`[unserializable: ${error instanceof Error ? error.message : String(error)}]`);
  }
}
