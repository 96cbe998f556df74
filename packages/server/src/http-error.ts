/**
 * An error with an HTTP status, answered as JSON `{error, path?}` and never
 * with a stack. `path` names the offending field (dot-separated), if any.
 */
export class HttpError extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 413 | 415 | 500 | 502 | 503,
    message: string,
    readonly path?: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }

  /** The JSON body sent to the client. */
  toJSON(): { error: string; path?: string } {
    return this.path === undefined ? { error: this.message } : { error: this.message, path: this.path };
  }
}
