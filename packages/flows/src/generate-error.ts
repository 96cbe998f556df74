/** A model call that failed: no API key, or an error from the Gemini API. */
export class GenerateError extends Error {
  override readonly name = 'GenerateError';
  /** HTTP status from the Gemini API, when it answered with an error. */
  readonly status: number | undefined;

  constructor(message: string, options: { cause?: unknown; status?: number } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.status = options.status;
  }
}
