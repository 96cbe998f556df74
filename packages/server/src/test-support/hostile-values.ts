import fc from 'fast-check';

/** JSON text put verbatim where a value stands, for what `JSON.stringify` cannot write (1e999, deep nesting). */
export class Raw {
  constructor(readonly text: string) {}
}

/** `JSON.stringify` that writes each `Raw` verbatim. */
export function serialize(value: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (!(v instanceof Raw)) return v;
    raws.push(v.text);
    return `@@RAW${raws.length - 1}@@`;
  });
  return raws.length === 0 ? text : text.replace(/"@@RAW(\d+)@@"/g, (_m, i: string) => raws[Number(i)]!);
}

/** A hex string of `length` digits. */
export const hexId = (length: number) =>
  fc.uint8Array({ minLength: length / 2, maxLength: length / 2 }).map((b) => Buffer.from(b).toString('hex'));

const nonString = fc.oneof(
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 2 }),
  fc.constant({}),
);

/** Anything but a `length`-digit hex id (and never the empty string, which a parent id may be). */
export const badId = (length: number) =>
  fc.oneof(
    fc.constantFrom(
      '../../etc/passwd',
      '..%2F..%2Fetc%2Fpasswd',
      '/etc/passwd',
      '..\\..\\windows\\win.ini',
      ' ',
      'g'.repeat(length),
      '\u0000'.repeat(length),
      'é'.repeat(length),
      `${'0'.repeat(length - 1)}/`,
    ),
    fc
      .integer({ min: 1, max: 80 })
      .filter((n) => n !== length)
      .map((n) => 'a'.repeat(n)),
    fc
      .tuple(hexId(length), fc.nat(length - 1), fc.constantFrom('g', 'z', ' ', '-', '.', '/', 'ä'))
      .map(([id, at, bad]) => id.slice(0, at) + bad + id.slice(at + 1)),
    nonString,
  );

/**
 * Not a time at all: a string, null, a boolean, an array or an object. (A
 * number out of range leaves only its span out: trace-routes.test.ts.)
 */
export const badTime = fc.constantFrom('NaN', '1700000000000', '', null, true, [], {});

/** Arrays or objects nested past the 32-level limit, up to 10,000 levels. */
export const deepValue = fc
  .tuple(fc.oneof(fc.integer({ min: 33, max: 200 }), fc.constant(10_000)), fc.boolean())
  .map(([depth, asArray]) =>
    asArray
      ? new Raw(`${'['.repeat(depth)}1${']'.repeat(depth)}`)
      : new Raw(`${'{"a":'.repeat(depth)}"x"${'}'.repeat(depth)}`),
  );

/** Not an attributes object. */
export const badAttributes = fc.oneof(
  fc.string({ maxLength: 5 }),
  fc.integer(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 3 }), { maxLength: 3 }),
  deepValue.map((deep) => ({ deep })),
);

/** What is left of JSON text cut short: never valid JSON, since the closing bracket is gone. */
export function truncated(text: string, at: number): string {
  return text.slice(0, at % text.length);
}

/** Byte sequences that are not UTF-8: a stray byte, an overlong form, a surrogate, a cut sequence. */
export const invalidUtf8 = fc.constantFrom(
  [0xff],
  [0xc0, 0x80],
  [0xed, 0xa0, 0x80],
  [0xe2, 0x82],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
  [0x80],
);

/** Puts `bytes` inside the first occurrence of `marker` (a string value) in `text`. */
export function withBytesInside(text: string, marker: string, bytes: readonly number[]): Uint8Array {
  const body = Buffer.from(text, 'utf8');
  const at = body.indexOf(marker) + 1;
  return Buffer.concat([body.subarray(0, at), Buffer.from(bytes), body.subarray(at)]);
}

/** Content types ingest must refuse. */
export const badContentType = fc.constantFrom(
  'text/plain',
  'text/plain; charset=utf-8',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/jsonp',
  'text/html',
);
