import type { Span } from '../api/schemas';

/**
 * The flow and input of a run, read from its root span as Genkit and
 * `@livespan/flows` record it (`genkit:metadata:subtype` "flow",
 * `genkit:name`, `genkit:input` as JSON text), so the Flows tab can run it
 * again; undefined when the root is not a flow's.
 */
export function runAgainInput(root: Span | undefined): { flow: string; input: string } | undefined {
  const attributes = root?.attributes ?? {};
  if (attributes['genkit:metadata:subtype'] !== 'flow') return undefined;
  const flow = attributes['genkit:name'] ?? root?.displayName;
  if (typeof flow !== 'string' || !flow) return undefined;
  const raw = attributes['genkit:input'];
  if (typeof raw !== 'string') return { flow, input: '{}' };
  try {
    return { flow, input: JSON.stringify(JSON.parse(raw), null, 2) };
  } catch {
    return { flow, input: raw };
  }
}
