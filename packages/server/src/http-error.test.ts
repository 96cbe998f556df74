import { describe, expect, it } from 'vitest';
import { errorAnswer, HttpError } from './http-error.js';
import { InvalidInputError } from './input-errors.js';

describe('errorAnswer', () => {
  it('answers a known error by its mapping, without reporting it', () => {
    const reported: unknown[] = [];
    const answer = errorAnswer(new InvalidInputError('bad span', 'spans.0'), (error) => reported.push(error));
    expect([answer.status, answer.toJSON(), reported]).toEqual([
      400,
      { error: 'bad span', path: 'spans.0' },
      [],
    ]);
  });

  it('answers an unexpected error 500 without its details, and reports it for the log', () => {
    const reported: unknown[] = [];
    const cause = new TypeError('secret internals at /srv/app.js:12');
    const answer = errorAnswer(cause, (error) => reported.push(error));
    expect(answer).toBeInstanceOf(HttpError);
    expect([answer.status, answer.toJSON(), answer.headers, reported]).toEqual([
      500,
      { error: 'internal server error' },
      {},
      [cause],
    ]);
  });
});
