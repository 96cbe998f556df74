import { describe, expect, it } from 'vitest';
import { userStack } from './user-stack';

describe('userStack', () => {
  it('hides OpenTelemetry, async-hooks and livespan frames between the lines the user wrote, and says how many', () => {
    const stack = [
      'Error: the model refused',
      '    at summarize (/app/src/flows/summary.ts:12:11)',
      '    at /app/node_modules/@opentelemetry/sdk-trace-base/build/src/Tracer.js:120:30',
      '    at AsyncLocalStorage.run (node:async_hooks:346:14)',
      '    at runInSpan (/app/node_modules/@livespan/flows/dist/run-in-span.js:40:20)',
      '    at processTicksAndRejections (node:internal/process/task_queues:95:5)',
      '    at main (/app/src/main.ts:30:3)',
    ].join('\n');
    expect(userStack(stack)).toBe(
      [
        'Error: the model refused',
        '    at summarize (/app/src/flows/summary.ts:12:11)',
        '    at main (/app/src/main.ts:30:3)',
        '    (4 frames of OpenTelemetry, livespan and Node internals hidden)',
      ].join('\n'),
    );
  });

  it('leaves a stack of only user frames as it is', () => {
    const stack = 'TypeError: x is undefined\n    at f (/app/src/a.ts:1:1)';
    expect(userStack(stack)).toBe(stack);
  });
});
