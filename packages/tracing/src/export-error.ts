/**
 * Why an export failed, and whether trying the same spans again later may
 * succeed (the server was unreachable or overloaded) or not (it rejected them).
 */
export class ExportError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'ExportError';
  }
}

/** `true` when an export error says the same spans may be accepted later. */
export function isRetryable(error: unknown): boolean {
  return error instanceof Error && (error as Partial<ExportError>).retryable === true;
}
