import type { z } from 'zod';

/** One failed check of a schema, as zod reports it. */
export type SchemaIssue = z.core.$ZodIssue;

/** Thrown when a flow's input does not match its `inputSchema`; no span is started. */
export class FlowInputError extends Error {
  override readonly name = 'FlowInputError';
  /** Name of the flow that refused the input. */
  readonly flowName: string;
  /** zod's issues, each with its `path` into the input. */
  readonly issues: SchemaIssue[];

  constructor(flowName: string, issues: SchemaIssue[]) {
    super(`Invalid input for flow "${flowName}": ${describeIssues(issues)}`);
    this.flowName = flowName;
    this.issues = issues;
  }
}

/** Thrown (and recorded on the flow's span) when a flow's result does not match its `outputSchema`. */
export class FlowOutputError extends Error {
  override readonly name = 'FlowOutputError';
  readonly flowName: string;
  readonly issues: SchemaIssue[];

  constructor(flowName: string, issues: SchemaIssue[]) {
    super(`Invalid output from flow "${flowName}": ${describeIssues(issues)}`);
    this.flowName = flowName;
    this.issues = issues;
  }
}

/**
 * The reason of a cancelled run's signal, and what its spans record: every
 * span still running when the run is cancelled ends with this error.
 */
export class FlowCancelledError extends Error {
  override readonly name = 'FlowCancelledError';
  readonly flowName: string;

  constructor(flowName: string, options: { cause?: unknown } = {}) {
    super(
      `Flow "${flowName}" was cancelled`,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.flowName = flowName;
  }
}

/** `topic: expected string, received number; count: too small` — each issue named by its field path. */
export function describeIssues(issues: readonly SchemaIssue[]): string {
  return issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`).join('; ');
}

function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(input)';
  return path
    .map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`))
    .join('');
}
