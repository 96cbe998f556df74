/**
 * Values written into SQL text, for the statements an ingest sends with its
 * BEGIN or its COMMIT in one round trip: the simple query protocol takes
 * several statements at once but no parameters.
 */

/**
 * `text` as an SQL string literal whatever `standard_conforming_strings` says
 * (an `E''` string, backslashes and quotes doubled). node-postgres's
 * `escapeLiteral` builds its result a character at a time, which for the
 * megabytes of a big ingest cost more than the rest of the ingest. Text with
 * NUL, which PostgreSQL cannot store, is refused (as a parameter would be).
 */
export function escapedLiteral(text: string): string {
  if (text.includes('\u0000')) throw new RangeError('PostgreSQL cannot store text with a NUL character');
  return `E'${text.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;
}

/** `values` as an SQL array of `type` (`text`, `float8`, `int`…); null is NULL, numbers keep every digit. */
export function arrayLiteral(values: ReadonlyArray<string | number | null>, type: string): string {
  const elements = values.map((value) =>
    value === null ? 'NULL' : `"${String(value).replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`,
  );
  return `${escapedLiteral(`{${elements.join(',')}}`)}::${type}[]`;
}
