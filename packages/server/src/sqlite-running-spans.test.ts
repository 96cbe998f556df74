import { describe, expect, it } from 'vitest';
import { type RunningSpan, RunningSpans } from './sqlite-running-spans.js';

const span = (rowid: number): RunningSpan => ({
  rowid,
  json: '{}',
  parentSpanId: null,
  startTime: 0,
  counts: { endTime: 0 },
});

describe('RunningSpans', () => {
  it('forgets the spans of the oldest traces first beyond its bound, one span at a time', () => {
    const running = new RunningSpans(3);
    running.set('t1', 'a', span(1));
    running.set('t1', 'b', span(2));
    running.set('t2', 'a', span(3));
    running.set('t2', 'a', span(4)); // a new version of a held span takes no more room
    running.set('t3', 'a', span(5));
    expect([running.get('t1', 'a'), running.get('t1', 'b')?.rowid, running.get('t2', 'a')?.rowid]).toEqual([
      undefined,
      2,
      4,
    ]);
    running.set('t3', 'b', span(6));
    expect(running.get('t1', 'b')).toBeUndefined();
    expect(running.get('t3', 'b')?.rowid).toBe(6);
  });

  it('keeps at most its bound of JSON characters, the oldest spans forgotten first', () => {
    const running = new RunningSpans(100, 10);
    running.set('t1', 'a', { ...span(1), json: '1234' });
    running.set('t2', 'a', { ...span(2), json: '1234' });
    running.set('t2', 'a', { ...span(3), json: '123456' }); // 10 characters held
    expect(running.get('t1', 'a')?.rowid).toBe(1);
    running.set('t3', 'a', { ...span(4), json: '12' });
    expect([running.get('t1', 'a'), running.get('t2', 'a')?.rowid, running.get('t3', 'a')?.rowid]).toEqual([
      undefined,
      3,
      4,
    ]);
  });

  it('forgets a completed span, a deleted trace and everything', () => {
    const running = new RunningSpans(10);
    running.set('t1', 'a', span(1));
    running.set('t1', 'b', span(2));
    running.set('t2', 'a', span(3));
    running.delete('t1', 'a');
    running.forgetTrace('t2');
    expect([running.get('t1', 'a'), running.get('t1', 'b')?.rowid, running.get('t2', 'a')]).toEqual([
      undefined,
      2,
      undefined,
    ]);
    running.clear();
    expect(running.get('t1', 'b')).toBeUndefined();
    // After forgetting, the bound counts only what is held: 10 new spans fit.
    for (let i = 0; i < 10; i++) running.set('t3', String(i), span(i));
    expect(running.get('t3', '0')?.rowid).toBe(0);
  });
});
