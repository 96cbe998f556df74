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
