/**
 * Errors of the data a client sends, thrown by parsing and validation below
 * the routes; `toHttpError` (http-error.ts) answers them at the edge.
 */

/** Spans, a query or an id that break the contract (docs/api.md). `path` names where, dot-separated. */
export class InvalidInputError extends Error {
  constructor(
    message: string,
    readonly path?: string,
  ) {
    super(message);
    this.name = 'InvalidInputError';
  }
}

/** Input over one of the documented limits (docs/api.md "Limits"). */
export class LimitExceededError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LimitExceededError';
  }
}
