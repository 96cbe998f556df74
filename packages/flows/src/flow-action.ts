import { z } from 'zod';
import type { AnyFlow } from './define-flow.js';

/** A flow as Genkit's reflection API describes an action (`GET /api/actions`). */
export interface ActionDescriptor {
  /** `/flow/<name>` */
  key: string;
  name: string;
  description?: string;
  /** JSON Schema (draft-07) of the input, defaults included as `default`. */
  inputSchema: Record<string, unknown>;
  outputSchema?: Record<string, unknown>;
  /** JSON Schema of the chunks a streaming flow sends, when it declares one. */
  streamSchema?: Record<string, unknown>;
  metadata: { type: 'flow' };
}

/** The reflection API key of a flow. */
export function flowKey(name: string): string {
  return `/flow/${name}`;
}

/** The flow name in a key `/flow/<name>`, or `undefined` for other keys. */
export function flowNameFromKey(key: string): string | undefined {
  return key.startsWith('/flow/') && key.length > '/flow/'.length ? key.slice('/flow/'.length) : undefined;
}

/**
 * Describes a flow for the reflection API. The input schema is rendered as it
 * is *accepted* (fields with defaults are optional and carry `default`), the
 * output as it is *produced*. Draft-07, which Genkit's tooling reads; types
 * JSON Schema cannot express become `{}` rather than failing the listing.
 */
export function describeFlow(flow: AnyFlow): ActionDescriptor {
  const key = flowKey(flow.name);
  return {
    key,
    name: flow.name,
    ...(flow.description !== undefined && { description: flow.description }),
    inputSchema: toJsonSchema(flow.inputSchema, 'input'),
    ...(flow.outputSchema && { outputSchema: toJsonSchema(flow.outputSchema, 'output') }),
    ...(flow.streamSchema && { streamSchema: toJsonSchema(flow.streamSchema, 'output') }),
    metadata: { type: 'flow' },
  };
}

function toJsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  return z.toJSONSchema(schema, { io, target: 'draft-7', unrepresentable: 'any' }) as Record<string, unknown>;
}
