import type { Attributes, SpanData } from '@livespan/tracing/wire';

/**
 * Tokens one model call used, as the API returns them on a span (docs/api.md
 * "Tokens and cost"). `inputTokens` includes the cached ones and
 * `outputTokens` the reasoning ones, as OpenTelemetry GenAI and OpenAI count
 * them; Genkit's `thoughtsTokens`, reported apart, are added to the output.
 */
export interface ModelUsage {
  inputTokens?: number;
  outputTokens?: number;
  cachedTokens?: number;
  reasoningTokens?: number;
  /** The model that answered (or was asked), as the span names it. */
  model?: string;
}

/** The token counts of a usage, without the model. */
export type TokenCounts = Omit<ModelUsage, 'model'>;

/** The count fields of a usage, in the order the API lists them. */
export const TOKEN_FIELDS = ['inputTokens', 'outputTokens', 'cachedTokens', 'reasoningTokens'] as const;

/**
 * The attribute keys read for each count, first found wins: OpenTelemetry
 * GenAI (current and older names, OpenAI-style details), OpenInference and
 * OpenLLMetry. The one list of them.
 */
const USAGE_KEYS: Record<(typeof TOKEN_FIELDS)[number] | 'model', readonly string[]> = {
  inputTokens: [
    'gen_ai.usage.input_tokens',
    'gen_ai.usage.prompt_tokens',
    'llm.token_count.prompt',
    'llm.usage.prompt_tokens',
  ],
  outputTokens: [
    'gen_ai.usage.output_tokens',
    'gen_ai.usage.completion_tokens',
    'llm.token_count.completion',
    'llm.usage.completion_tokens',
  ],
  cachedTokens: [
    'gen_ai.usage.cache_read.input_tokens',
    'gen_ai.usage.cache_read_input_tokens',
    'gen_ai.usage.input_tokens_details.cached_tokens',
    'gen_ai.usage.prompt_tokens_details.cached_tokens',
    'llm.token_count.prompt_details.cache_read',
  ],
  reasoningTokens: [
    'gen_ai.usage.reasoning_tokens',
    'gen_ai.usage.output_tokens_details.reasoning_tokens',
    'gen_ai.usage.completion_tokens_details.reasoning_tokens',
    'llm.token_count.completion_details.reasoning',
  ],
  model: [
    'gen_ai.response.model',
    'gen_ai.request.model',
    'llm.model_name',
    'llm.response.model',
    'llm.request.model',
  ],
};

const GENKIT_SUBTYPE = 'genkit:metadata:subtype';
const GENKIT_OUTPUT = 'genkit:output';
const GENKIT_NAME = 'genkit:name';

/**
 * The usage a span counts for, or undefined. Only model-level spans count,
 * so nothing is counted twice: a span with the usage attributes above, or a
 * Genkit model span (`genkit:metadata:subtype` `model`), whose
 * `genkit:output` usage is read when it has none of them. Genkit's
 * `generate` and flow spans repeat their model calls' usage in their output
 * and are not counted.
 */
export function usageOfSpan(span: Pick<SpanData, 'attributes' | 'displayName'>): ModelUsage | undefined {
  const attributes = span.attributes;
  const fromAttributes = usageOfAttributes(attributes);
  const isGenkitModel = attributes[GENKIT_SUBTYPE] === 'model';
  const usage =
    fromAttributes ?? (isGenkitModel ? usageOfGenkitOutput(attributes[GENKIT_OUTPUT]) : undefined);
  if (!usage) return undefined;
  const model =
    firstString(attributes, USAGE_KEYS.model) ??
    (isGenkitModel ? (stringOf(attributes[GENKIT_NAME]) ?? span.displayName) : undefined);
  return model === undefined ? usage : { ...usage, model };
}

/**
 * A span's stored JSON may hold usage: every key above and Genkit's output
 * usage contain `usage` or `token_count`. Lets a store skip parsing spans
 * that cannot count.
 */
export function mayHoldUsage(json: string): boolean {
  return json.includes('usage') || json.includes('token_count');
}

/** Prefixes of every count key above: a span without one has no usage attributes (checked first, as most spans have none). */
const COUNT_PREFIXES = ['gen_ai.usage.', 'llm.token_count.', 'llm.usage.'] as const;

function hasCountKey(attributes: Attributes): boolean {
  for (const key in attributes) {
    if (COUNT_PREFIXES.some((prefix) => key.startsWith(prefix))) return true;
  }
  return false;
}

function usageOfAttributes(attributes: Attributes): TokenCounts | undefined {
  if (!hasCountKey(attributes)) return undefined;
  const counts: TokenCounts = {};
  for (const field of TOKEN_FIELDS) {
    for (const key of USAGE_KEYS[field]) {
      const value = countOf(attributes[key]);
      if (value !== undefined) {
        counts[field] = value;
        break;
      }
    }
  }
  return counts.inputTokens === undefined && counts.outputTokens === undefined ? undefined : counts;
}

function usageOfGenkitOutput(output: unknown): TokenCounts | undefined {
  if (typeof output !== 'string' || !output.includes('usage')) return undefined;
  let usage: unknown;
  try {
    usage = (JSON.parse(output) as { usage?: unknown } | null)?.usage;
  } catch {
    return undefined;
  }
  if (typeof usage !== 'object' || usage === null) return undefined;
  const fields = usage as Record<string, unknown>;
  const input = countOf(fields.inputTokens);
  const output_ = countOf(fields.outputTokens);
  if (input === undefined && output_ === undefined) return undefined;
  const cached = countOf(fields.cachedContentTokens);
  const thoughts = countOf(fields.thoughtsTokens);
  const counts: TokenCounts = {};
  if (input !== undefined) counts.inputTokens = input;
  if (output_ !== undefined || thoughts !== undefined) counts.outputTokens = (output_ ?? 0) + (thoughts ?? 0);
  if (cached !== undefined) counts.cachedTokens = cached;
  if (thoughts !== undefined) counts.reasoningTokens = thoughts;
  return counts;
}

/** A token count: a non-negative integer, as a number or a decimal string. */
function countOf(value: unknown): number | undefined {
  const number = typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : value;
  return typeof number === 'number' && Number.isSafeInteger(number) && number >= 0 ? number : undefined;
}

function firstString(attributes: Attributes, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const value = stringOf(attributes[key]);
    if (value !== undefined) return value;
  }
  return undefined;
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
