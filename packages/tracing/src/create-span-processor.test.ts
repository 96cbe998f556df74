import { BatchSpanProcessor, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { createSpanProcessor } from './create-span-processor.js';
import { isRealtimeTelemetryEnabled, telemetryServerUrl } from './environment.js';
import { RealtimeSpanProcessor } from './realtime-span-processor.js';

describe('createSpanProcessor', () => {
  const exporter = new InMemorySpanExporter();

  it('picks RealtimeSpanProcessor when GENKIT_ENABLE_REALTIME_TELEMETRY is true', async () => {
    const processor = createSpanProcessor(exporter, { env: { GENKIT_ENABLE_REALTIME_TELEMETRY: 'true' } });
    expect(processor).toBeInstanceOf(RealtimeSpanProcessor);
    await processor.shutdown();
  });

  it('prefers realtime over dev', async () => {
    const env = { GENKIT_ENABLE_REALTIME_TELEMETRY: 'TRUE', GENKIT_ENV: 'dev' };
    const processor = createSpanProcessor(exporter, { env });
    expect(processor).toBeInstanceOf(RealtimeSpanProcessor);
    await processor.shutdown();
  });

  it('picks SimpleSpanProcessor in dev without realtime', () => {
    const env = { GENKIT_ENABLE_REALTIME_TELEMETRY: 'false', GENKIT_ENV: 'dev' };
    expect(createSpanProcessor(exporter, { env })).toBeInstanceOf(SimpleSpanProcessor);
  });

  it('picks BatchSpanProcessor otherwise', async () => {
    const processor = createSpanProcessor(exporter, { env: {} });
    expect(processor).toBeInstanceOf(BatchSpanProcessor);
    await processor.shutdown();
  });

  it('reads process.env by default', async () => {
    const saved = process.env.GENKIT_ENABLE_REALTIME_TELEMETRY;
    process.env.GENKIT_ENABLE_REALTIME_TELEMETRY = 'True';
    try {
      const processor = createSpanProcessor(exporter);
      expect(processor).toBeInstanceOf(RealtimeSpanProcessor);
      await processor.shutdown();
    } finally {
      if (saved === undefined) delete process.env.GENKIT_ENABLE_REALTIME_TELEMETRY;
      else process.env.GENKIT_ENABLE_REALTIME_TELEMETRY = saved;
    }
  });
});

describe('environment', () => {
  it('accepts only "true", in any case, as enabled', () => {
    expect(isRealtimeTelemetryEnabled({ GENKIT_ENABLE_REALTIME_TELEMETRY: ' True ' })).toBe(true);
    for (const value of [undefined, '', '1', 'yes', 'false']) {
      expect(isRealtimeTelemetryEnabled({ GENKIT_ENABLE_REALTIME_TELEMETRY: value })).toBe(false);
    }
  });

  it('defaults the telemetry server to localhost:4000', () => {
    expect(telemetryServerUrl({})).toBe('http://localhost:4000');
    expect(telemetryServerUrl({ GENKIT_TELEMETRY_SERVER: 'http://127.0.0.1:5000' })).toBe(
      'http://127.0.0.1:5000',
    );
  });
});
