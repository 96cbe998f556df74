import { FlowsError } from './flows-provider.js';
import { InvalidInputError, LimitExceededError } from './input-errors.js';
import { StoreUnavailableError } from './trace-store.js';

/**
 * An error with an HTTP status, answered as JSON `{error, path?}` and never
 * with a stack. `path` names the offending field (dot-separated), if any.
 */
export class HttpError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 413 | 415 | 429 | 500 | 502 | 503,
    message: string,
    readonly path?: string,
    /** Headers the answer carries, e.g. `retry-after`. */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }

  /** The JSON body sent to the client. */
  toJSON(): { error: string; path?: string } {
    return this.path === undefined ? { error: this.message } : { error: this.message, path: this.path };
  }
}

/**
 * The one mapping from errors of the layers below to HTTP answers; undefined
 * for an unexpected error (answered 500 without details, and logged).
 */
export function toHttpError(error: unknown): HttpError | undefined {
  if (error instanceof HttpError) return error;
  if (error instanceof InvalidInputError) return new HttpError(400, error.message, error.path);
  if (error instanceof LimitExceededError) return new HttpError(413, error.message);
  if (error instanceof StoreUnavailableError) return new HttpError(503, error.message);
  if (error instanceof FlowsError) return new HttpError(error.status, error.message);
  return undefined;
}

/**
 * What a request that failed with `error` is answered: its mapping
 * (toHttpError), or for an unexpected error, reported to `unexpected` for the
 * log, a 500 that reveals nothing. Used by every way a request is served.
 */
export function errorAnswer(error: unknown, unexpected: (error: unknown) => void): HttpError {
  const answer = toHttpError(error);
  if (answer) return answer;
  unexpected(error);
  return new HttpError(500, 'internal server error');
}
