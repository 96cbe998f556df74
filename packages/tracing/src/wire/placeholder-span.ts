/**
 * A span that never arrived, standing in for the missing parent of its
 * children so they stay in the tree. A `SpanData` with `placeholder: true`;
 * a type literal, so the Dev UI's looser span type accepts it too.
 */
export type PlaceholderSpan = {
  traceId: string;
  spanId: string;
  startTime: number;
  endTime: number;
  displayName: string;
  attributes: Record<string, never>;
  instrumentationLibrary: { name: string };
  spanKind: string;
  placeholder: true;
};

/** Its name on screen. */
export const PLACEHOLDER_NAME = '(span not received)';

/**
 * The placeholder for a parent that never arrived: it spans its known
 * children, and runs (end 0) while any of them does. A loop, not
 * `Math.min(...)`: a parent may have 100,000 children.
 */
export function placeholderSpan(
  traceId: string,
  spanId: string,
  children: ReadonlyArray<{ startTime: number; endTime: number }>,
): PlaceholderSpan {
  let startTime = Number.POSITIVE_INFINITY;
  let endTime = 0;
  let running = false;
  for (const child of children) {
    if (child.startTime < startTime) startTime = child.startTime;
    if (!(child.endTime > 0)) running = true;
    else if (child.endTime > endTime) endTime = child.endTime;
  }
  return {
    traceId,
    spanId,
    startTime: Number.isFinite(startTime) ? startTime : 0,
    endTime: running ? 0 : endTime,
    displayName: PLACEHOLDER_NAME,
    attributes: {},
    instrumentationLibrary: { name: 'livespan' },
    spanKind: 'INTERNAL',
    placeholder: true,
  };
}
