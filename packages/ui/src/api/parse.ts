import type { z } from 'zod';

/** Data from the server that does not match the contract; names where and what. */
export class ServerDataError extends Error {
  override name = 'ServerDataError';
}

/**
 * Validates `data` from `source` (a URL or stream event) with `schema`, and
 * throws a {@link ServerDataError} naming the first bad field otherwise.
 */
export function parseServerData<T extends z.ZodType>(schema: T, data: unknown, source: string): z.output<T> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue?.path.join('.') || '(root)';
  throw new ServerDataError(`Unexpected data from ${source} at ${path}: ${issue?.message ?? 'invalid'}`);
}
