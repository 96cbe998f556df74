/** The flow input editor's text, to and from the value sent as `{"input": …}`. */

/** What the editor's text means. */
export type ParsedInput = { ok: true; input: unknown } | { ok: false; error: string };

/** The editor text for `value`: pretty JSON, or empty for no input. */
export function formatInput(value: unknown): string {
  return value === undefined ? '' : JSON.stringify(value, null, 2);
}

/**
 * Parses the editor text. Blank text means no input (`input` undefined, left
 * out of the request). Errors say what is wrong and where (line and column).
 */
export function parseInput(text: string): ParsedInput {
  if (text.trim() === '') return { ok: true, input: undefined };
  try {
    return { ok: true, input: JSON.parse(text) };
  } catch (error) {
    return { ok: false, error: describeJsonError(text, error) };
  }
}

function describeJsonError(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // V8 words these differently across versions: it may echo the whole text
  // (`…, "<text>" is not valid JSON`), name an offset (`at position 12`) or a
  // line and column. Keep the reason, and state the place once as line/column.
  const reason = message
    .replace(/,\s*"[\s\S]*" is not valid JSON$/, '')
    .replace(/\s*\(line \d+ column \d+\)/, '')
    .replace(/\s*in JSON at position \d+/, '')
    .replace(/ of JSON input$/, '');
  const lineColumn = /line (\d+) column (\d+)/.exec(message);
  const position = /at position (\d+)/.exec(message);
  let place: { line: number; column: number } | undefined;
  if (lineColumn) place = { line: Number(lineColumn[1]), column: Number(lineColumn[2]) };
  else if (position) place = lineAndColumn(text, Number(position[1]));
  else if (/unexpected end/i.test(message)) place = lineAndColumn(text, text.length);
  return place
    ? `Invalid JSON at line ${place.line}, column ${place.column}: ${reason}`
    : `Invalid JSON: ${reason}`;
}

/** 1-based line and column of `offset` in `text`. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split('\n');
  return { line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 };
}
