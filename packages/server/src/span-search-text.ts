import type { AttributeValue, SpanData } from '@livespan/tracing/wire';

/**
 * Most characters of one span's search text; the rest of a span with huge
 * attributes is not searched. It bounds what one span costs the index,
 * whatever it carries (1,024 attributes of 64 Ki characters each are allowed).
 */
export const MAX_SEARCH_TEXT_LENGTH = 65_536;

/** Shortest `q` the trigram indexes can answer; shorter ones scan the search text (still correct). */
export const TRIGRAM_LENGTH = 3;

/** Longest `q` of `GET /api/traces`, in characters. */
export const MAX_SEARCH_QUERY_LENGTH = 256;

/**
 * What `q` matches in a span, lower-cased: its name, its status message, and
 * each attribute's key and value, nested values flattened (`key.inner value`).
 * Every store indexes this text and looks for the lower-cased query in it, so
 * both stores find the same spans. NUL, which PostgreSQL text cannot hold,
 * becomes a space. Pure.
 */
export function spanSearchText(span: SpanData): string {
  const parts: string[] = [span.displayName];
  if (span.status?.message) parts.push(span.status.message);
  let length = span.displayName.length;
  const add = (text: string): boolean => {
    parts.push(text);
    length += text.length + 1;
    return length < MAX_SEARCH_TEXT_LENGTH;
  };
  const walk = (key: string, value: AttributeValue | undefined): boolean => {
    if (value === null || value === undefined || typeof value !== 'object') {
      return add(value === null || value === undefined ? key : `${key} ${String(value)}`);
    }
    const entries = Array.isArray(value)
      ? value.map((item, i) => [String(i), item] as const)
      : Object.entries(value);
    if (!add(key)) return false;
    for (const [inner, item] of entries) if (!walk(`${key}.${inner}`, item as AttributeValue)) return false;
    return true;
  };
  for (const [key, value] of Object.entries(span.attributes ?? {})) if (!walk(key, value)) break;
  return searchable(parts.join('\n').slice(0, MAX_SEARCH_TEXT_LENGTH));
}

/** A query or text as the search compares them: lower-case, without NUL. */
export function searchable(text: string): string {
  return text.toLowerCase().replace(/\0/g, ' ');
}
