import { runInSpan } from './run-in-span.js';

/**
 * Runs `fn` as a traced step (`genkit:type` `flowStep`), a child of the
 * enclosing flow or step, like Genkit's `ai.run`. Steps started together
 * (`Promise.all([run('a', …), run('b', …)])`) become parallel siblings.
 * Errors are recorded on the step and re-thrown.
 */
export function run<T>(name: string, fn: () => T | Promise<T>): Promise<T>;
/** As above, recording `input` as the step's `genkit:input` when it starts and passing it to `fn`. */
export function run<I, T>(name: string, input: I, fn: (input: I) => T | Promise<T>): Promise<T>;
export function run(name: string, ...rest: unknown[]): Promise<unknown> {
  if (typeof name !== 'string' || name.trim() === '') {
    return Promise.reject(
      new TypeError(`run: step name must be a non-empty string, got ${JSON.stringify(name)}`),
    );
  }
  const hasInput = rest.length >= 2;
  const fn = hasInput ? rest[1] : rest[0];
  if (typeof fn !== 'function') {
    return Promise.reject(
      new TypeError(`run("${name}"): expected a function as the ${hasInput ? 'third' : 'second'} argument`),
    );
  }
  const input = hasInput ? rest[0] : undefined;
  return runInSpan({ name, type: 'flowStep', input }, () => (hasInput ? fn(input) : fn()));
}
