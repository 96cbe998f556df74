import type { Attributes, AttributeValue } from './wire-types.js';

/** What replaces a secret in span data. */
export const REDACTED = '[REDACTED]';

/**
 * Attribute names (their last `.`, `:` or `/` separated part) that hold
 * credentials, as whole words separated by `_` or `-` (`GEMINI_API_KEY`,
 * `db_password`, `x-auth-token`, `aws_secret_access_key`): HTTP auth headers,
 * API keys, passwords and passphrases, secrets, tokens, JWTs, cookies,
 * private keys. A word must end the name (`session_token`, not
 * `token_count`), so usage counts such as `gen_ai.usage.input_tokens`,
 * `max_tokens` or `tokenizer` stay visible.
 */
const SECRET_KEY =
  /(^|[-_])(authorization|auth|api[-_]?key|apikey|password|passwd|passphrase|secret|secret[-_]?key|secret[-_]?access[-_]?key|token|jwt|cookie|set-cookie|private[-_]?key|credentials?)$/i;

/** Names that contain a password anywhere, as in `PASSWORD_HASH_SALT` or `mysqlpassword`. */
const PASSWORD_ANYWHERE = /password|passwd/i;

/** Environment variables whose values are secrets (e.g. `GEMINI_API_KEY`). */
const SECRET_ENV =
  /(API_KEY|APIKEY|SECRET|SECRET_ACCESS_KEY|TOKEN|PASSWORD|PASSPHRASE|JWT|CREDENTIALS?|PRIVATE_KEY)$/i;

/** Answers for attribute names seen so far: apps use few names, over and over. Bounded. */
const secretKeyCache = new Map<string, boolean>();
const SECRET_KEY_CACHE_SIZE = 4096;

/** `true` when an attribute of this name holds a credential. */
export function isSecretKey(key: string): boolean {
  let secret = secretKeyCache.get(key);
  if (secret === undefined) {
    const name = key.slice(Math.max(key.lastIndexOf('.'), key.lastIndexOf(':'), key.lastIndexOf('/')) + 1);
    secret = SECRET_KEY.test(name) || PASSWORD_ANYWHERE.test(name);
    if (secretKeyCache.size >= SECRET_KEY_CACHE_SIZE) secretKeyCache.clear();
    secretKeyCache.set(key, secret);
  }
  return secret;
}

/** Values of secret-named environment variables, long enough not to match by chance. */
export function secretValuesFromEnv(env: NodeJS.ProcessEnv = process.env): string[] {
  return Object.entries(env)
    .filter(([name, value]) => SECRET_ENV.test(name) && typeof value === 'string' && value.length >= 8)
    .map(([, value]) => value as string);
}

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
