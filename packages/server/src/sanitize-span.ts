import type { Attributes, AttributeValue, SpanData } from '@livespan/tracing/wire';
import { MAX_ATTRIBUTE_STRING_LENGTH, redactAttributes } from '@livespan/tracing/wire';

/** Longest string kept in an attribute value, in UTF-16 code units (64 Ki). */

/** Appended to a cut string; the number is how many code units were left out. */
export function truncationMarker(removed: number): string {
  return `…[truncated ${removed} characters]`;
}

/**
 * Applies the server's limits to one incoming span, whatever sent it: values
 * of secret-named attributes (authorization, api-key, password, token, …)
 * become `[REDACTED]`, because Genkit and OTLP sources do not run our
 * exporter's redaction; strings longer than `MAX_ATTRIBUTE_STRING_LENGTH`
 * inside attribute values are cut with a marker and the span gets
 * `truncated: true`. Span, event and link attributes are covered, and the
 * span's name is cut the same way. Lone surrogates in those strings become
 * U+FFFD, as SQLite's UTF-8 columns would store them, so the list (read
 * from columns) and the trace (read from JSON) show the same text. Returns
 * the span itself when nothing changed.
 */
export function sanitizeSpan(span: SpanData): SpanData {
  const state = { truncated: false };
  const attributes = cleanAttributes(span.attributes, state);
  let result: SpanData = attributes === span.attributes ? span : { ...span, attributes };
  const displayName = cleanString(span.displayName, state);
  if (displayName !== span.displayName) result = { ...result, displayName };
  const events = span.timeEvents?.timeEvent;
  if (events) {
    let changed = false;
    const cleaned = events.map((event) => {
      const clean = cleanAttributes(event.annotation.attributes, state);
      if (clean === event.annotation.attributes) return event;
      changed = true;
      return { ...event, annotation: { ...event.annotation, attributes: clean } };
    });
    if (changed) result = { ...result, timeEvents: { ...span.timeEvents, timeEvent: cleaned } };
  }
  if (span.links) {
    let changed = false;
    const cleaned = span.links.map((link) => {
      if (!link.attributes) return link;
      const clean = cleanAttributes(link.attributes, state);
      if (clean === link.attributes) return link;
      changed = true;
      return { ...link, attributes: clean };
    });
    if (changed) result = { ...result, links: cleaned };
  }
  if (state.truncated) result = { ...result, truncated: true };
  return result;
}

/** A resource's attributes under the same limits as a span's (secrets redacted, long strings cut). */
export function sanitizeAttributes(attributes: Attributes): Attributes {
  return cleanAttributes(attributes, { truncated: false });
}

function cleanAttributes(attributes: Attributes, state: { truncated: boolean }): Attributes {
  return truncateValue(redactAttributes(attributes), state) as Attributes;
}

/** Schemas bound attribute nesting (32 levels), so this recursion is shallow. */
function truncateValue(value: AttributeValue, state: { truncated: boolean }): AttributeValue {
  if (typeof value === 'string') return cleanString(value, state);
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    let items: AttributeValue[] | undefined;
    value.forEach((item, i) => {
      const clean = truncateValue(item, state);
      if (clean === item) return;
      items ??= [...value];
      items[i] = clean;
    });
    return items ?? value;
  }
  let object: { [key: string]: AttributeValue } | undefined;
  for (const key in value) {
    const item = value[key] as AttributeValue;
    const clean = truncateValue(item, state);
    if (clean !== item) {
      object ??= { ...value };
      setOwn(object, key, clean);
    }
  }
  return object ?? value;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Replaces lone surrogates with U+FFFD and cuts a string over the limit with a marker. */
function cleanString(text: string, state: { truncated: boolean }): string {
  const value = text.replace(LONE_SURROGATE, '\ufffd');
  if (value.length <= MAX_ATTRIBUTE_STRING_LENGTH) return value === text ? text : value;
  state.truncated = true;
  let end = MAX_ATTRIBUTE_STRING_LENGTH;
  // Never leave half of a surrogate pair behind.
  const last = value.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return value.slice(0, end) + truncationMarker(value.length - end);
}

/** Plain assignment would treat a key named `__proto__` as the prototype, not as data. */
function setOwn(target: { [key: string]: AttributeValue }, key: string, value: AttributeValue): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
