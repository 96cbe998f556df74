import { z } from 'zod';
import type { TokenCounts } from './model-usage.js';

/** A model's price in US dollars per million tokens. */
export interface ModelPrice {
  inputPerMillion: number;
  outputPerMillion: number;
  /** Cached input tokens; the input price when absent. */
  cachedInputPerMillion?: number;
}

/** Model name (as `modelKey` writes it) → price. */
export type PriceTable = Readonly<Record<string, ModelPrice>>;

/**
 * Google's published Gemini API prices (paid tier, prompts up to 200k
 * tokens, text), as of 2025-09; thinking tokens are billed as output. The
 * demo calls `gemini-2.5-flash`. Override or extend them with a prices file
 * (docs/api.md "Tokens and cost").
 */
export const DEFAULT_PRICES: PriceTable = {
  'gemini-2.5-pro': { inputPerMillion: 1.25, outputPerMillion: 10, cachedInputPerMillion: 0.125 },
  'gemini-2.5-flash': { inputPerMillion: 0.3, outputPerMillion: 2.5, cachedInputPerMillion: 0.03 },
  'gemini-2.5-flash-lite': { inputPerMillion: 0.1, outputPerMillion: 0.4, cachedInputPerMillion: 0.01 },
  'gemini-2.0-flash': { inputPerMillion: 0.1, outputPerMillion: 0.4, cachedInputPerMillion: 0.025 },
  'gemini-2.0-flash-lite': { inputPerMillion: 0.075, outputPerMillion: 0.3 },
  'gemini-1.5-flash': { inputPerMillion: 0.075, outputPerMillion: 0.3, cachedInputPerMillion: 0.01875 },
  'gemini-1.5-pro': { inputPerMillion: 1.25, outputPerMillion: 5, cachedInputPerMillion: 0.3125 },
};

const price = z.strictObject({
  inputPerMillion: z.number().nonnegative(),
  outputPerMillion: z.number().nonnegative(),
  cachedInputPerMillion: z.number().nonnegative().optional(),
});

/** A prices file: `{"models": {"<model>": ModelPrice}}`; its entries replace or add to the defaults. */
export const PRICES_FILE_SCHEMA = z.strictObject({ models: z.record(z.string().min(1), price) });

/**
 * The key a model is priced under: lower case, without a provider or
 * resource prefix (`googleai/`, `models/`), so `googleai/gemini-2.5-flash`
 * and `gemini-2.5-flash` share a price.
 */
export function modelKey(model: string): string {
  return model.trim().toLowerCase().split('/').at(-1)!;
}

/**
 * The price of a model: the entry with its key (both read by `modelKey`),
 * else the longest one it extends with a `-` suffix (a version:
 * `gemini-2.5-flash-001`), else undefined.
 */
export function priceOf(table: PriceTable, model: string | undefined): ModelPrice | undefined {
  if (model === undefined) return undefined;
  const key = modelKey(model);
  let best: { key: string; price: ModelPrice } | undefined;
  for (const [name, price] of Object.entries(table)) {
    const candidate = modelKey(name);
    if (candidate === key) return price;
    if (key.startsWith(`${candidate}-`) && (!best || candidate.length > best.key.length)) {
      best = { key: candidate, price };
    }
  }
  return best?.price;
}

/** The cost in US dollars of `tokens` at `price` (cached input at its own price). */
export function costOf(tokens: TokenCounts, price: ModelPrice): number {
  const input = tokens.inputTokens ?? 0;
  const cached = Math.min(tokens.cachedTokens ?? 0, input);
  const perToken =
    (input - cached) * price.inputPerMillion +
    cached * (price.cachedInputPerMillion ?? price.inputPerMillion) +
    (tokens.outputTokens ?? 0) * price.outputPerMillion;
  return perToken / 1_000_000;
}
