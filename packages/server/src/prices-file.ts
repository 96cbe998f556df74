import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_PRICES, modelKey, PRICES_FILE_SCHEMA, type PriceTable } from './price-table.js';

/** Where `livespan` looks for a prices file when none is given: in the working folder. */
export const DEFAULT_PRICES_FILE = path.join('.livespan', 'prices.json');

/**
 * The price table: the defaults, with the entries of `file` (when given) or
 * of `.livespan/prices.json` in `cwd` (when present) replacing or adding to
 * them. Throws an error naming the file and the faulty path when the file
 * cannot be read or is not a valid prices file.
 */
export function loadPrices(file: string | undefined, cwd: string): PriceTable {
  const chosen = file === undefined ? path.join(cwd, DEFAULT_PRICES_FILE) : path.resolve(cwd, file);
  if (file === undefined && !existsSync(chosen)) return DEFAULT_PRICES;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(chosen, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read the prices file ${chosen}: ${(error as Error).message}`, { cause: error });
  }
  const parsed = PRICES_FILE_SCHEMA.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const at = issue.path.length > 0 ? ` at ${issue.path.map(String).join('.')}` : '';
    throw new Error(`invalid prices file ${chosen}${at}: ${issue.message}`);
  }
  const table: Record<string, PriceTable[string]> = { ...DEFAULT_PRICES };
  for (const [model, price] of Object.entries(parsed.data.models)) table[modelKey(model)] = price;
  return table;
}
