/** Token counts and cost as the server reports them on a span or a trace (docs/api.md "Tokens and cost"). */
export interface UsageFacts {
  inputTokens?: number | undefined;
  outputTokens?: number | undefined;
  cachedTokens?: number | undefined;
  reasoningTokens?: number | undefined;
  costUsd?: number | undefined;
  costPartial?: boolean | undefined;
  /** Models without a price ('' for model spans naming none). */
  unpricedModels?: string[] | undefined;
}

/** "842", "12.4k", "3.1M": a token count for tight columns. */
export function formatTokens(count: number): string {
  if (count < 1_000) return String(count);
  if (count < 1_000_000) return `${trimmed(count / 1_000)}k`;
  return `${trimmed(count / 1_000_000)}M`;
}

function trimmed(value: number): string {
  return value < 10 ? value.toFixed(1).replace(/\.0$/, '') : String(Math.round(value));
}

/** "$0.0042", "$1.23", "<$0.0001": US dollars with the digits an estimate deserves. */
export function formatCost(usd: number): string {
  if (usd === 0) return '$0';
  if (usd < 0.0001) return '<$0.0001';
  if (usd < 1) return `$${usd.toPrecision(2).replace(/0+$/, '')}`;
  return `$${usd.toFixed(2)}`;
}

/** "1.2k in · 340 out": the token total of a trace or span; undefined when it used none. */
export function tokensLabel(usage: UsageFacts): string | undefined {
  if (usage.inputTokens === undefined && usage.outputTokens === undefined) return undefined;
  return `${formatTokens(usage.inputTokens ?? 0)} in · ${formatTokens(usage.outputTokens ?? 0)} out`;
}

/** The model names in "cost unknown for model X". */
function modelNames(models: readonly string[]): string {
  const named = models.map((model) => (model === '' ? 'an unnamed model' : `model ${model}`));
  return named.join(', ');
}

/**
 * How a cost reads: "$0.0042"; "$0.0042+" when some models have no price;
 * "cost unknown" when none has; with the sentence saying which models lack
 * a price. Undefined when nothing used tokens.
 */
export function costLabel(usage: UsageFacts): { text: string; note?: string } | undefined {
  if (tokensLabel(usage) === undefined) return undefined;
  const unpriced = usage.unpricedModels ?? [];
  const note = unpriced.length > 0 ? `cost unknown for ${modelNames(unpriced)}` : undefined;
  if (usage.costUsd === undefined) return { text: 'cost unknown', ...(note && { note }) };
  const text = `${formatCost(usage.costUsd)}${usage.costPartial ? '+' : ''}`;
  return note ? { text, note } : { text };
}
