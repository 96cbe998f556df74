/**
 * Environment variable holding the access token of a livespan server that
 * leaves loopback: read by `livespan server`/`start`, the exporter and
 * `livespan mcp`, sent as `Authorization: Bearer <token>`. Its name ends in
 * `TOKEN`, so the exporter's secret redaction already covers its value.
 */
export const ACCESS_TOKEN_ENV = 'LIVESPAN_TOKEN';

/** The `Authorization` header value for `token`. */
export function bearer(token: string): string {
  return `Bearer ${token}`;
}
