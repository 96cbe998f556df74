import { describe, expect, it } from 'vitest';
import { makeSummary } from '../test-support/make-summary';
import { realtimeAdvice } from './realtime-advice';

const notSeen = { sawRunning: false, longestSpanMs: 5_000 };
const quick = { sawRunning: false, longestSpanMs: 40 };

describe('realtimeAdvice', () => {
  it('never warns when the sender says it is realtime, even if every span ended quickly', () => {
    const summary = makeSummary({ source: 'livespan', senderRealtime: true, realtime: false });
    expect(realtimeAdvice(summary, notSeen)).toBeUndefined();
    expect(realtimeAdvice(summary, quick)).toBeUndefined();
  });

  it('tells a livespan app without realtime how to turn it on', () => {
    const advice = realtimeAdvice(
      makeSummary({ source: 'livespan', senderRealtime: false, realtime: false }),
      quick,
    );
    expect(advice?.kind).toBe('livespan');
    expect(advice?.text).toContain('GENKIT_ENABLE_REALTIME_TELEMETRY=true');
    expect(advice?.text).toContain('--no-realtime');
  });

  it('gives Genkit advice only for a non-realtime Genkit trace with a span of at least 1 s', () => {
    const genkit = makeSummary({ source: 'genkit', realtime: false });
    expect(realtimeAdvice(genkit, quick)).toBeUndefined();
    expect(realtimeAdvice(genkit, { sawRunning: false, longestSpanMs: 999 })).toBeUndefined();
    const advice = realtimeAdvice(genkit, { sawRunning: false, longestSpanMs: 1000 });
    expect(advice?.kind).toBe('genkit');
    expect(advice?.text).toContain('GENKIT_ENABLE_REALTIME_TELEMETRY=true');
    expect(realtimeAdvice(makeSummary({ source: 'genkit', realtime: true }), notSeen)).toBeUndefined();
    expect(realtimeAdvice(genkit, { sawRunning: true, longestSpanMs: 5_000 })).toBeUndefined();
  });

  it('tells OTLP senders about RealtimeSpanProcessor, not a Genkit variable', () => {
    const otlp = makeSummary({ source: 'otlp', realtime: false });
    expect(realtimeAdvice(otlp, quick)).toBeUndefined();
    const advice = realtimeAdvice(otlp, notSeen);
    expect(advice?.kind).toBe('otlp');
    expect(advice?.text).toContain('RealtimeSpanProcessor');
    expect(advice?.text).toContain('@livespan/tracing');
    expect(advice?.text).not.toContain('GENKIT_');
  });

  it('says nothing before the summary is known', () => {
    expect(realtimeAdvice(null, notSeen)).toBeUndefined();
  });
});
