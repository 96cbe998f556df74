import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { costOf, DEFAULT_PRICES, priceOf } from './price-table.js';
import { loadPrices } from './prices-file.js';
import { applyUsageChange, usageTotals } from './trace-usage.js';

describe('priceOf', () => {
  it('finds a model with or without its provider prefix, and its versions, but not a longer sibling', () => {
    const flash = DEFAULT_PRICES['gemini-2.5-flash'];
    expect(priceOf(DEFAULT_PRICES, 'googleai/gemini-2.5-flash')).toBe(flash);
    expect(priceOf(DEFAULT_PRICES, 'gemini-2.5-flash-001')).toBe(flash);
    expect(priceOf(DEFAULT_PRICES, 'gemini-2.5-flash-lite')).toBe(DEFAULT_PRICES['gemini-2.5-flash-lite']);
    expect(priceOf(DEFAULT_PRICES, 'gpt-4o')).toBeUndefined();
  });

  it('prices cached input at its own price and output per million tokens', () => {
    const price = { inputPerMillion: 1, outputPerMillion: 10, cachedInputPerMillion: 0.5 };
    expect(
      costOf({ inputTokens: 1_000_000, cachedTokens: 400_000, outputTokens: 100_000 }, price),
    ).toBeCloseTo(0.6 + 0.2 + 1);
  });
});

describe('usageTotals', () => {
  it('sums tokens over models, costs the priced ones and names the others', () => {
    let usage = applyUsageChange(undefined, undefined, {
      inputTokens: 1_000_000,
      outputTokens: 0,
      model: 'gemini-2.5-flash',
    });
    usage = applyUsageChange(usage, undefined, { inputTokens: 5, outputTokens: 5, model: 'my-model' });
    expect(usageTotals(usage, DEFAULT_PRICES)).toEqual({
      inputTokens: 1_000_005,
      outputTokens: 5,
      costUsd: 0.3,
      costPartial: true,
      unpricedModels: ['my-model'],
    });
  });

  it('moves by the difference between a span’s old and new usage, and has nothing left when it is gone', () => {
    const first = { inputTokens: 10, outputTokens: 2, model: 'm' };
    const second = { inputTokens: 10, outputTokens: 7, model: 'm' };
    let usage = applyUsageChange(undefined, undefined, first);
    usage = applyUsageChange(usage, first, second);
    expect(usage).toEqual({ m: { inputTokens: 10, outputTokens: 7 } });
    expect(applyUsageChange(usage, second, undefined)).toBeUndefined();
    expect(usageTotals(undefined, DEFAULT_PRICES)).toEqual({});
  });
});

describe('loadPrices', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });
  const folder = async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'livespan-prices-'));
    return dir;
  };

  it('uses the defaults when no file is given and the working folder has none', async () => {
    expect(loadPrices(undefined, await folder())).toBe(DEFAULT_PRICES);
  });

  it('applies .livespan/prices.json of the working folder over the defaults', async () => {
    const cwd = await folder();
    await mkdir(path.join(cwd, '.livespan'));
    await writeFile(
      path.join(cwd, '.livespan', 'prices.json'),
      JSON.stringify({ models: { 'openai/GPT-4o': { inputPerMillion: 2.5, outputPerMillion: 10 } } }),
    );
    const table = loadPrices(undefined, cwd);
    expect(priceOf(table, 'gpt-4o')).toEqual({ inputPerMillion: 2.5, outputPerMillion: 10 });
    expect(priceOf(table, 'gemini-2.5-pro')).toBe(DEFAULT_PRICES['gemini-2.5-pro']);
  });

  it('names the file and the path of what is wrong', async () => {
    const cwd = await folder();
    await writeFile(
      path.join(cwd, 'p.json'),
      JSON.stringify({ models: { 'gemini-2.5-flash': { inputPerMillion: -1, outputPerMillion: 1 } } }),
    );
    expect(() => loadPrices('p.json', cwd)).toThrow(
      `invalid prices file ${path.join(cwd, 'p.json')} at models.gemini-2.5-flash.inputPerMillion`,
    );
    await writeFile(path.join(cwd, 'bad.json'), '{');
    expect(() => loadPrices('bad.json', cwd)).toThrow(
      `cannot read the prices file ${path.join(cwd, 'bad.json')}`,
    );
    expect(() => loadPrices('missing.json', cwd)).toThrow(/cannot read the prices file .*missing\.json/);
  });
});

describe('usage of many models', () => {
  it('keeps 32 models apart and counts the others together, without a price', () => {
    let usage: ReturnType<typeof applyUsageChange>;
    for (let i = 0; i < 40; i++) {
      usage = applyUsageChange(usage, undefined, { inputTokens: 1, outputTokens: 1, model: `model-${i}` });
    }
    expect(Object.keys(usage!)).toHaveLength(33);
    expect(usage!['(other models)']).toEqual({ inputTokens: 8, outputTokens: 8 });
    expect(usageTotals(usage, DEFAULT_PRICES)).toMatchObject({ inputTokens: 40, outputTokens: 40 });
  });
});
