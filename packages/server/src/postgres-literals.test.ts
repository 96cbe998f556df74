import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arrayLiteral, stringLiteral } from './postgres-literals.js';
import { type PostgresCluster, startPostgresCluster } from './test-support/postgres-cluster.js';

let cluster: PostgresCluster;
let client: pg.Client;
beforeAll(async () => {
  cluster = await startPostgresCluster();
  client = new pg.Client({ connectionString: cluster.url() });
  await client.connect();
}, 60_000);
afterAll(async () => {
  await client?.end();
  cluster?.destroy();
});

/** Texts that end a badly chosen quote early, or that escaping would have to handle. */
const HOSTILE = [
  '',
  "it's",
  'back\\slash \\\\ \\',
  '"quoted"',
  '$ls$',
  'x$ls',
  '$ls$ and $ls1$ and x$ls1',
  '$$',
  '$',
  'ends with $',
  'é 😀 \n\t\r',
  'NULL',
  '{"a":[1,2]}',
];

describe('SQL literals', () => {
  it('reads back every string as it was, whatever quotes, backslashes, dollar tags or Unicode it holds', async () => {
    for (const text of HOSTILE) {
      const { rows } = await client.query<{ t: string }>(`SELECT ${stringLiteral(text)} AS t`);
      expect(rows[0]!.t).toBe(text);
    }
    const { rows } = await client.query<{ a: Array<string | null> }>(
      `SELECT ${arrayLiteral([...HOSTILE, null], 'text')} AS a`,
    );
    expect(rows[0]!.a).toEqual([...HOSTILE, null]);
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.string({ unit: 'grapheme', maxLength: 20 }).filter((text) => !text.includes('\u0000')),
          { maxLength: 5 },
        ),
        async (texts) => {
          const result = await client.query<{ a: string[] }>(`SELECT ${arrayLiteral(texts, 'text')} AS a`);
          expect(result.rows[0]!.a).toEqual(texts);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('keeps every digit of a number, and NaN and infinities as float8 has them', async () => {
    const numbers = [
      0,
      1.5,
      -2,
      1_700_000_000_000.123,
      1e21,
      5e-324,
      Number.MAX_VALUE,
      Number.NaN,
      Infinity,
      -Infinity,
    ];
    const { rows } = await client.query<{ a: number[] }>(`SELECT ${arrayLiteral(numbers, 'float8')} AS a`);
    expect(rows[0]!.a).toEqual(numbers);
    const ints = await client.query<{ a: Array<number | null> }>(
      `SELECT ${arrayLiteral([1, null, -3], 'int')} AS a`,
    );
    expect(ints.rows[0]!.a).toEqual([1, null, -3]);
  });

  it('refuses text with NUL, which PostgreSQL cannot store, naming the reason', () => {
    expect(() => stringLiteral('a\u0000b')).toThrow(/NUL character/);
    expect(() => arrayLiteral(['ok', 'a\u0000b'], 'text')).toThrow(/NUL character/);
  });
});
