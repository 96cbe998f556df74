import { isSecretKey } from './secret-keys.js';
import type { Attributes, AttributeValue } from './span-data.js';

/** What replaces a secret in span data. */
export const REDACTED = '[REDACTED]';

/**
 * Returns `attributes` with credentials replaced by `[REDACTED]`: values of
 * secret-named keys, and any appearance of a known secret value inside a
 * string (such as an API key echoed into `genkit:input`). The input is not
 * changed; it is returned as is when nothing needed redacting.
 */
export function redactAttributes(attributes: Attributes, secretValues: readonly string[] = []): Attributes {
  let result: Attributes | undefined;
  for (const key in attributes) {
    const value = attributes[key] as AttributeValue;
    const clean = isSecretKey(key) ? REDACTED : redactValue(value, secretValues);
    if (clean !== value) {
      result ??= { ...attributes };
      result[key] = clean;
    }
  }
  return result ?? attributes;
}

/** `text` with every known secret value replaced by `[REDACTED]`. */
export function redactText(text: string, secretValues: readonly string[]): string {
  let clean = text;
  for (const secret of secretValues) if (clean.includes(secret)) clean = clean.split(secret).join(REDACTED);
  return clean;
}

function redactValue(value: AttributeValue, secrets: readonly string[]): AttributeValue {
  if (secrets.length === 0) return value;
  if (typeof value === 'string') return redactText(value, secrets);
  if (Array.isArray(value)) {
    const items = value.map((item) => redactValue(item, secrets));
    return items.some((item, i) => item !== value[i]) ? items : value;
  }
  return value;
}
