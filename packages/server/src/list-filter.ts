import { z } from 'zod';

/** Longest `filter` query parameter, in characters. */
const MAX_FILTER_LENGTH = 4_096;
/** Most attribute keys in one filter, `eq` and `neq` together. */
export const MAX_FILTER_KEYS = 16;
/** Longest attribute key or string value in a filter, in characters. */
const MAX_FILTER_KEY_LENGTH = 256;
const MAX_FILTER_VALUE_LENGTH = 1_024;

/**
 * Keys become SQLite JSON paths (`$.attributes."key"`): a quote, backslash or
 * control character would make the path invalid (a 500), so they are refused.
 */
const filterKey = z
  .string()
  .min(1)
  .max(MAX_FILTER_KEY_LENGTH)
  .regex(/^[^"\\\p{Cc}]+$/u, 'must not contain quotes, backslashes or control characters');
const filterValue = z.union([z.string().max(MAX_FILTER_VALUE_LENGTH), z.number().finite()]);
const filterEntries = z
  .record(z.string(), filterValue)
  .superRefine((entries, ctx) => {
    for (const key of Object.keys(entries)) {
      if (!filterKey.safeParse(key).success) {
        ctx.addIssue({
          code: 'custom',
          message: `key ${JSON.stringify(key.slice(0, 40))} must be 1 to ${MAX_FILTER_KEY_LENGTH} characters without quotes, backslashes or control characters`,
        });
        return;
      }
    }
  })
  .optional();

const filterSchema = z
  .object({ eq: filterEntries, neq: filterEntries })
  .strict()
  .refine(
    (filter) => Object.keys(filter.eq ?? {}).length + Object.keys(filter.neq ?? {}).length <= MAX_FILTER_KEYS,
    `at most ${MAX_FILTER_KEYS} keys in eq and neq together`,
  );

/** A validated trace-list filter: a bounded number of flat `attribute = value` tests. */
export type ListFilter = z.infer<typeof filterSchema>;

/**
 * Parses the `filter` query parameter of `GET /api/traces` into a bounded
 * shape (length, keys, characters), so that every accepted filter yields a
 * valid SQL statement with at most `MAX_FILTER_KEYS` tests. Returns an error
 * message instead of throwing.
 */
export function parseListFilter(text: string): { filter: ListFilter } | { error: string } {
  const usage = 'must be JSON {"eq"?: {attr: value}, "neq"?: {attr: value}}';
  if (text.length > MAX_FILTER_LENGTH) return { error: `must be at most ${MAX_FILTER_LENGTH} characters` };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { error: usage };
  }
  // The length cap above bounds the keys too: the object cannot be bigger than the text.
  const parsed = filterSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { error: issue.code === 'custom' ? `${usage}; ${issue.message}` : usage };
  }
  return { filter: parsed.data };
}
