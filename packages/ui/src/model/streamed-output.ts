import { CHUNK_EVENT_NAME, CHUNK_INDEX_ATTR, CHUNK_TEXT_ATTR } from '@livespan/tracing/wire';
import type { Span } from '../api/schemas';
import { parseMaybeJson } from './attributes';

/** Most characters shown; a longer answer shows its latest part, where it is growing. */
export const MAX_SHOWN_CHARS = 20_000;
/** Characters per token when the sender reports no token count (a common rule of thumb for English). */
const CHARS_PER_TOKEN = 4;

/** A model span's answer as one block of text, with its pace. */
export interface StreamedOutput {
  /** The answer so far (or at the end), at most `MAX_SHOWN_CHARS`: its end when longer. */
  text: string;
  /** Characters of the whole answer known so far. */
  totalChars: number;
  /**
   * `chunks`: joined from chunk events recorded while the model answered;
   * `final`: the sender records no chunks, only the whole answer when the span ends;
   * `none`: no text yet (running, no chunk so far) or none recorded.
   */
  source: 'chunks' | 'final' | 'none';
  chunkCount: number;
  /**
   * Chunks at the start of the answer that the trace lacks: the sender's span
   * event limit (OpenTelemetry keeps the last 128 by default) dropped them.
   * 0 once the whole answer recorded at the end is shown instead.
   */
  missingChunks: number;
  /** First chunk's time minus the span's start, in ms; unknown when the first chunk is missing. */
  timeToFirstTokenMs?: number;
  /** Output tokens per second; `estimated` when counted from characters. */
  tokensPerSecond?: { value: number; estimated: boolean };
}

/**
 * The output of a model span, or `undefined` when `span` is not a model call.
 * Model calls are Genkit model actions (`genkit:metadata:subtype` "model",
 * which livespan's `generate` writes too), OpenTelemetry GenAI spans
 * (`gen_ai.*` request attributes) and OpenInference LLM spans. Text comes from
 * livespan's `chunk` events while running; otherwise, once the span ends, from
 * the answer the sender recorded (`genkit:output`, `gen_ai.output.messages`,
 * the `gen_ai.content.completion` / `gen_ai.choice` events, or the
 * OpenLLMetry / OpenInference keys). `now` paces a running span.
 */
export function streamedOutput(span: Span, now: number): StreamedOutput | undefined {
  const chunks = chunkEvents(span);
  if (chunks.length === 0 && !isModelSpan(span.attributes)) return undefined;
  const running = span.endTime <= 0;
  const end = running ? now : span.endTime;
  const outputTokens = outputTokenCount(span);

  if (chunks.length > 0) {
    const joined = chunks.map((chunk) => chunk.text).join('');
    // Chunk events can lack the answer's start (event limit) or cut long chunks: the recorded whole answer wins.
    const final = running ? undefined : finalText(span);
    const complete = final !== undefined && final.length > joined.length;
    const whole = complete ? final : joined;
    const first = chunks[0]!;
    const missingChunks = complete ? 0 : (first.index ?? 0);
    const tokens = outputTokens ?? whole.length / CHARS_PER_TOKEN;
    return {
      ...shown(whole),
      source: 'chunks',
      chunkCount: chunks.length,
      missingChunks,
      ...((first.index ?? 0) === 0 && { timeToFirstTokenMs: Math.max(0, first.time - span.startTime) }),
      ...pace(tokens, outputTokens === undefined, end - first.time),
    };
  }
  const final = running ? undefined : finalText(span);
  if (final === undefined)
    return { text: '', totalChars: 0, source: 'none', chunkCount: 0, missingChunks: 0 };
  const tokens = outputTokens ?? final.length / CHARS_PER_TOKEN;
  return {
    ...shown(final),
    source: 'final',
    chunkCount: 0,
    missingChunks: 0,
    ...pace(tokens, outputTokens === undefined, span.endTime - span.startTime),
  };
}

function shown(whole: string): Pick<StreamedOutput, 'text' | 'totalChars'> {
  return {
    text: whole.length > MAX_SHOWN_CHARS ? whole.slice(-MAX_SHOWN_CHARS) : whole,
    totalChars: whole.length,
  };
}

function pace(tokens: number, estimated: boolean, ms: number): Pick<StreamedOutput, 'tokensPerSecond'> {
  if (!(ms > 0) || !(tokens > 0)) return {};
  return { tokensPerSecond: { value: (tokens * 1000) / ms, estimated } };
}

interface ChunkEvent {
  time: number;
  text: string;
  index: number | undefined;
}

function chunkEvents(span: Span): ChunkEvent[] {
  return (span.timeEvents?.timeEvent ?? [])
    .filter((event) => event.annotation.description === CHUNK_EVENT_NAME)
    .map((event) => ({
      time: event.time,
      text: event.annotation.attributes[CHUNK_TEXT_ATTR],
      index: asCount(event.annotation.attributes[CHUNK_INDEX_ATTR]),
    }))
    .filter((chunk): chunk is ChunkEvent => typeof chunk.text === 'string');
}

function isModelSpan(attributes: Record<string, unknown>): boolean {
  return (
    attributes['genkit:metadata:subtype'] === 'model' ||
    'gen_ai.request.model' in attributes ||
    'gen_ai.operation.name' in attributes ||
    'gen_ai.system' in attributes ||
    'gen_ai.provider.name' in attributes ||
    attributes['openinference.span.kind'] === 'LLM'
  );
}

function outputTokenCount(span: Span): number | undefined {
  const { attributes } = span;
  for (const key of [
    'gen_ai.usage.output_tokens',
    'gen_ai.usage.completion_tokens',
    'llm.token_count.completion',
  ]) {
    const count = asCount(attributes[key]);
    if (count !== undefined) return count;
  }
  const output = jsonValue(attributes['genkit:output']) as { usage?: { outputTokens?: unknown } } | undefined;
  return asCount(output?.usage?.outputTokens);
}

/** The whole answer as the sender recorded it at the end, first match wins. */
function finalText(span: Span): string | undefined {
  const { attributes } = span;
  const candidates: Array<() => string | undefined> = [
    () => genkitOutputText(jsonValue(attributes['genkit:output'])),
    () => messagesText(jsonValue(attributes['gen_ai.output.messages'])),
    () => eventText(span, 'gen_ai.content.completion', 'gen_ai.completion'),
    () =>
      eventText(span, 'gen_ai.choice', 'message') ??
      eventText(span, 'gen_ai.choice', 'body') ??
      eventText(span, 'gen_ai.choice', 'gen_ai.event.content'),
    () => asText(attributes['gen_ai.completion.0.content']),
    () => asText(attributes['llm.output_messages.0.message.content']),
    () => (attributes['openinference.span.kind'] === 'LLM' ? asText(attributes['output.value']) : undefined),
  ];
  for (const candidate of candidates) {
    const text = candidate();
    if (text !== undefined && text !== '') return text;
  }
  return undefined;
}

/** Genkit's model output: `{message: {content: [{text}]}}`, or the older `{candidates: [{message}]}`. */
function genkitOutputText(output: unknown): string | undefined {
  if (typeof output !== 'object' || output === null) return undefined;
  const record = output as { message?: unknown; candidates?: Array<{ message?: unknown }>; text?: unknown };
  return messagesText(record.message) ?? messagesText(record.candidates?.[0]?.message) ?? asText(record.text);
}

/**
 * Text of one message or a list of them, in the shapes senders use: Genkit's
 * `{content: [{text}]}`, GenAI semconv's `{parts: [{type: "text", content}]}`,
 * and plain `{content: "…"}` or a string.
 */
function messagesText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    const texts = value.map(messagesText).filter((text): text is string => text !== undefined);
    return texts.length > 0 ? texts.join('') : undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const message = value as { content?: unknown; parts?: unknown; text?: unknown; message?: unknown };
  if (typeof message.text === 'string') return message.text;
  if (typeof message.content === 'string') return message.content;
  if (Array.isArray(message.content)) return messagesText(message.content);
  if (Array.isArray(message.parts)) {
    const texts = message.parts
      .map((part: { type?: unknown; content?: unknown; text?: unknown }) =>
        typeof part.content === 'string' ? part.content : asText(part.text),
      )
      .filter((text): text is string => text !== undefined);
    return texts.length > 0 ? texts.join('') : undefined;
  }
  if (message.message !== undefined) return messagesText(message.message);
  return undefined;
}

function eventText(span: Span, name: string, key: string): string | undefined {
  const events = (span.timeEvents?.timeEvent ?? []).filter((event) => event.annotation.description === name);
  const texts = events
    .map((event) => messagesText(jsonValue(event.annotation.attributes[key])))
    .filter((text): text is string => text !== undefined);
  return texts.length > 0 ? texts.join('') : undefined;
}

function jsonValue(value: unknown): unknown {
  if (value === undefined) return undefined;
  const parsed = parseMaybeJson(value);
  return parsed.json ? parsed.value : parsed.text;
}

function asText(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function asCount(value: unknown): number | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) && n >= 0 ? n : undefined;
}
