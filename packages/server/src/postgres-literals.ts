/**
 * Values written into SQL text, for the statements an ingest sends with its
 * BEGIN or its COMMIT in one round trip: the simple query protocol takes
 * several statements at once but no parameters. Strings are dollar-quoted
 * (`$ls$…$ls$`, a tag the text does not contain), which PostgreSQL reads as
 * they are: nothing to escape, so the megabytes of a big ingest are copied,
 * not rewritten character by character (as node-postgres's `escapeLiteral`
 * does). Text with NUL, which PostgreSQL cannot store, is refused (as a
 * parameter would be).
 */

/** Type of an array's elements: one SQL type per value kind. */
type SqlValue = string | number | null;

/**
 * A dollar-quote tag that ends none of `texts` early: found in none, and no
 * text ends with the tag but its last `$` (`x$ls` + `$ls$` closes after `x`).
 */
function quoteTag(texts: readonly string[]): string {
  for (let n = 0; ; n++) {
    const tag = n === 0 ? '$ls$' : `$ls${n}$`;
    const head = tag.slice(0, -1);
    if (!texts.some((text) => text.includes(tag) || text.endsWith(head))) return tag;
  }
}

function refuseNul(text: string): void {
  if (text.includes('\u0000')) throw new RangeError('PostgreSQL cannot store text with a NUL character');
}

/** `text` as an SQL string literal. */
export function stringLiteral(text: string): string {
  refuseNul(text);
  const tag = quoteTag([text]);
  return `${tag}${text}${tag}`;
}

/**
 * `values` as an SQL array of `type` (`text`, `float8`, `int`…): one string
 * constant in array syntax, read once by the array type's input function
 * (an `ARRAY[…]` of thousands of constants costs the planner milliseconds).
 * null is NULL; numbers keep every digit.
 */
export function arrayLiteral(values: readonly SqlValue[], type: string): string {
  const elements = values.map((value) => {
    if (value === null) return 'NULL';
    if (typeof value === 'number') return String(value);
    refuseNul(value);
    return `"${/["\\]/.test(value) ? value.replaceAll('\\', '\\\\').replaceAll('"', '\\"') : value}"`;
  });
  return `${stringLiteral(`{${elements.join(',')}}`)}::${type}[]`;
}
