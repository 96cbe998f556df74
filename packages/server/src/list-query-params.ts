import { MAX_TIME_MS, type TraceStatus } from '@livespan/tracing/wire';
import { z } from 'zod';
import { parseListFilter } from './list-filter.js';
import { MAX_SEARCH_QUERY_LENGTH } from './span-search-text.js';

const STATUSES: readonly TraceStatus[] = ['running', 'ok', 'error', 'stale'];

const time = z
  .string()
  .regex(/^\d{1,16}$/, 'must be ms since the epoch, a non-negative integer')
  .transform(Number)
  .refine((ms) => ms <= MAX_TIME_MS, 'must be ms since the epoch (at most 8.64e15)')
  .optional();

/** The query parameters of `GET /api/traces` (docs/api.md), validated; a bad one is a 400 naming it. */
export const listQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  continuationToken: z.string().min(1).optional(),
  name: z.string().optional(),
  q: z
    .string()
    .min(1, 'must be 1 to 256 characters')
    .max(MAX_SEARCH_QUERY_LENGTH, `must be 1 to ${MAX_SEARCH_QUERY_LENGTH} characters`)
    .optional(),
  since: time,
  until: time,
  status: z
    .string()
    .optional()
    .transform((text, ctx) => {
      if (text === undefined) return undefined;
      const statuses = text.split(',');
      const unknown = statuses.find((status) => !STATUSES.includes(status as TraceStatus));
      if (unknown === undefined) return [...new Set(statuses as TraceStatus[])];
      ctx.addIssue({
        code: 'custom',
        message: `${JSON.stringify(unknown.slice(0, 40))} is not one of ${STATUSES.join(', ')} (comma-separated)`,
      });
      return z.NEVER;
    }),
  filter: z
    .string()
    .optional()
    .transform((text, ctx) => {
      if (text === undefined || text === '') return undefined;
      const parsed = parseListFilter(text);
      if ('filter' in parsed) return parsed.filter;
      ctx.addIssue({ code: 'custom', message: parsed.error });
      return z.NEVER;
    }),
});
