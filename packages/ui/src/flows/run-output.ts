import type { FlowRunStreamLine } from '@livespan/tracing/wire';

/** Most characters of streamed output kept; a longer output keeps its latest part. */
export const MAX_OUTPUT_CHARS = 100_000;

/** What a streamed run has produced so far. */
export interface RunOutput {
  /** Known from the first line on. */
  traceId?: string;
  /** The chunks' text, joined, at most `MAX_OUTPUT_CHARS` (its end when longer). */
  text: string;
  chunkCount: number;
  /** Characters streamed in all, shown or not. */
  totalChars: number;
  /** Set once the run ended. */
  end?: { result: unknown } | { error: string };
}

export const EMPTY_RUN_OUTPUT: RunOutput = { text: '', chunkCount: 0, totalChars: 0 };

/** The output after one more line of the stream. */
export function applyStreamLine(output: RunOutput, line: FlowRunStreamLine): RunOutput {
  if ('traceId' in line) return { ...output, traceId: line.traceId };
  if ('chunk' in line) {
    const piece = chunkText(line.chunk);
    const joined = output.text + piece;
    return {
      ...output,
      text: joined.length > MAX_OUTPUT_CHARS ? joined.slice(-MAX_OUTPUT_CHARS) : joined,
      chunkCount: output.chunkCount + 1,
      totalChars: output.totalChars + piece.length,
    };
  }
  if ('result' in line) return { ...output, end: { result: line.result } };
  return { ...output, end: { error: line.error } };
}

/**
 * A chunk as text: strings as they are, Genkit's model chunks
 * (`{content: [{text}]}`) and `{text}` by their text, anything else as a JSON line.
 */
export function chunkText(chunk: unknown): string {
  if (typeof chunk === 'string') return chunk;
  if (typeof chunk === 'object' && chunk !== null) {
    const record = chunk as { text?: unknown; content?: unknown };
    if (typeof record.text === 'string') return record.text;
    if (Array.isArray(record.content)) {
      const texts = record.content
        .map((part: { text?: unknown }) => part?.text)
        .filter((text): text is string => typeof text === 'string');
      if (texts.length > 0) return texts.join('');
    }
  }
  return `${JSON.stringify(chunk) ?? String(chunk)}\n`;
}
