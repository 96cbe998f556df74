import { type ModelUsage, TOKEN_FIELDS, type TokenCounts } from './model-usage.js';
import { costOf, modelKey, type PriceTable, priceOf } from './price-table.js';

/**
 * A trace's token counts per model (`modelKey`; '' for spans naming no
 * model), kept in its record. Costs are derived when read, so a changed
 * prices file applies to stored traces too.
 */
export type UsageByModel = Record<string, TokenCounts>;

/**
 * Models a trace keeps apart, and the longest model name kept: so a trace's
 * usage stays small, and each span change O(1), whatever names spans carry.
 * Further models count together under OTHER_MODELS, which has no price.
 */
const MAX_MODELS_PER_TRACE = 32;
const MAX_MODEL_NAME_LENGTH = 256;
const OTHER_MODELS = '(other models)';

/** The token and cost fields of a trace summary (docs/api.md "Tokens and cost"). */
export interface UsageTotals {
  inputTokens?: number;
  outputTokens?: number;
  cachedTokens?: number;
  reasoningTokens?: number;
  /** Estimated cost of the models with a known price (US dollars). */
  costUsd?: number;
  /** Some models have no price: `costUsd` covers the others. */
  costPartial?: true;
  /** Models without a price ('' for model spans naming none). */
  unpricedModels?: string[];
}

/**
 * Moves a trace's usage by the difference between a span's previous usage
 * (`before`) and its new one (`after`), in O(1). Returns the new map, or
 * undefined when nothing is left.
 */
export function applyUsageChange(
  totals: UsageByModel | undefined,
  before: ModelUsage | undefined,
  after: ModelUsage | undefined,
): UsageByModel | undefined {
  if (!before && !after) return totals;
  const next: UsageByModel = { ...totals };
  if (before) addTo(next, before, -1);
  if (after) addTo(next, after, 1);
  return Object.keys(next).length > 0 ? next : undefined;
}

function addTo(totals: UsageByModel, usage: ModelUsage, sign: 1 | -1): void {
  let key = usage.model === undefined ? '' : modelKey(usage.model).slice(0, MAX_MODEL_NAME_LENGTH);
  if (!Object.hasOwn(totals, key) && Object.keys(totals).length >= MAX_MODELS_PER_TRACE) key = OTHER_MODELS;
  const counts: TokenCounts = { ...totals[key] };
  for (const field of TOKEN_FIELDS) {
    const value = (counts[field] ?? 0) + sign * (usage[field] ?? 0);
    if (value > 0) counts[field] = value;
    else delete counts[field];
  }
  if (Object.keys(counts).length > 0) totals[key] = counts;
  else delete totals[key];
}

/** The summary fields of a trace's usage at these prices; empty when it used no tokens. */
export function usageTotals(usage: UsageByModel | undefined, prices: PriceTable): UsageTotals {
  if (!usage || Object.keys(usage).length === 0) return {};
  const totals: UsageTotals = { inputTokens: 0, outputTokens: 0 };
  let cost: number | undefined;
  const unpriced: string[] = [];
  for (const [model, counts] of Object.entries(usage)) {
    for (const field of TOKEN_FIELDS) {
      if (counts[field] !== undefined) totals[field] = (totals[field] ?? 0) + counts[field];
    }
    const price = priceOf(prices, model === '' ? undefined : model);
    if (price) cost = (cost ?? 0) + costOf(counts, price);
    else unpriced.push(model);
  }
  if (cost !== undefined) totals.costUsd = cost;
  if (unpriced.length > 0) {
    totals.unpricedModels = unpriced;
    if (cost !== undefined) totals.costPartial = true;
  }
  return totals;
}

/** A span's usage as the API returns it: the counts, the model and, when priced, the cost. */
export function spanUsageView(usage: ModelUsage, prices: PriceTable): ModelUsage & { costUsd?: number } {
  const price = priceOf(prices, usage.model);
  return price ? { ...usage, costUsd: costOf(usage, price) } : usage;
}
