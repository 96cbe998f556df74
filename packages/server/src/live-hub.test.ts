import { afterEach, describe, expect, it } from 'vitest';
import { LiveHub, type LiveHubOptions } from './live-hub.js';
import { SseReader } from './test-support/factories.js';

const hubs: LiveHub[] = [];
function makeHub(options: LiveHubOptions = {}): LiveHub {
  const hub = new LiveHub({ firstEventId: 0, ...options });
  hubs.push(hub);
  return hub;
}
afterEach(() => {
  for (const hub of hubs.splice(0)) hub.close();
});

describe('LiveHub', () => {
  it('delivers a snapshot before events published after subscribing, byte for byte', async () => {
    const hub = makeHub();
    hub.publish('c', 'before', { n: 0 });
    const sub = hub.subscribe('c');
    hub.publish('c', 'after', { n: 1 });
    hub.publish('other', 'x', {});
    expect(sub.snapshotId).toBe(1);
    sub.start('id: 1\nevent: snapshot\ndata: {}\n\n');
    const reader = new SseReader(new Response(sub.stream));
    await reader.next();
    await reader.next();
    expect(reader.raw).toBe('id: 1\nevent: snapshot\ndata: {}\n\nid: 2\nevent: after\ndata: {"n":1}\n\n');
  });

  it('replays missed events of its channel from Last-Event-ID', async () => {
    const hub = makeHub();
    for (let n = 1; n <= 5; n++) hub.publish(n % 2 ? 'c' : 'd', 'e', { n });
    const sub = hub.subscribe('c', '1');
    expect(sub.resumed).toBe(true);
    const reader = new SseReader(new Response(sub.stream));
    expect((await reader.nextEvent()).json).toEqual({ n: 3 });
    expect((await reader.nextEvent()).json).toEqual({ n: 5 });
    expect(reader.raw).toBe('id: 3\nevent: e\ndata: {"n":3}\n\nid: 5\nevent: e\ndata: {"n":5}\n\n');
  });

  it('resumes with nothing missed when the client is up to date', () => {
    const hub = makeHub();
    hub.publish('c', 'e', {});
    expect(hub.subscribe('c', '1').resumed).toBe(true);
  });

  it('falls back to a snapshot when the events fell out of the ring or the id is unknown', () => {
    const hub = makeHub({ replaySize: 3 });
    for (let n = 0; n < 5; n++) hub.publish('c', 'e', { n });
    expect(hub.subscribe('c', '1').resumed).toBe(false);
    expect(hub.subscribe('c', '2').resumed).toBe(true);
    expect(hub.subscribe('c', '99').resumed).toBe(false);
    expect(hub.subscribe('c', 'junk').resumed).toBe(false);
  });

  it('cuts off a subscriber that falls too far behind, and its stream ends', async () => {
    const hub = makeHub({ maxPendingBytes: 1_000 });
    const sub = hub.subscribe('c');
    const ends: string[] = [];
    sub.onEnd = (reason) => ends.push(reason);
    sub.start();
    for (let n = 0; n < 100 && ends.length === 0; n++) hub.publish('c', 'e', { pad: 'x'.repeat(50) });
    expect(ends).toEqual(['slow']);
    expect(hub.subscriberCount('c')).toBe(0);
    const reader = new SseReader(new Response(sub.stream));
    expect(await reader.next()).toBeUndefined();
  });

  it('sends keep-alive comments', async () => {
    const hub = makeHub({ keepAliveMs: 5 });
    const sub = hub.subscribe('c');
    sub.start();
    const reader = new SseReader(new Response(sub.stream));
    expect(await reader.next()).toEqual({ comment: 'keep-alive' });
    expect(reader.raw).toBe(': keep-alive\n\n');
  });

  it('forgets a subscriber whose client went away, and ends all streams on close', async () => {
    const hub = makeHub();
    const gone = hub.subscribe('c');
    await gone.stream.cancel();
    expect(hub.subscriberCount()).toBe(0);
    const open = hub.subscribe('c');
    open.start();
    hub.close();
    expect(await new SseReader(new Response(open.stream)).next()).toBeUndefined();
  });

  it('delivers an event larger than the backlog cap, whole, to a reader that keeps up', async () => {
    const hub = makeHub({ maxPendingBytes: 1024 });
    const sub = hub.subscribe('c');
    sub.start();
    const reader = new SseReader(new Response(sub.stream));
    const big = 'x'.repeat(200_000);
    hub.publish('c', 'span_update', { big });
    hub.publish('c', 'span_update', { small: 1 });
    expect((await reader.nextEvent()).json).toEqual({ big });
    expect((await reader.nextEvent()).json).toEqual({ small: 1 });
  });

  it('resumes a missed event larger than the cap, and answers a snapshot instead of an empty stream when several overflow it', async () => {
    const hub = makeHub({ maxPendingBytes: 1024 });
    const first = hub.publish('c', 'e', { big: 'x'.repeat(5_000) });
    const lone = hub.subscribe('c', String(first - 1));
    expect(lone.resumed).toBe(true);
    expect((await new SseReader(new Response(lone.stream)).nextEvent()).json).toEqual({
      big: 'x'.repeat(5_000),
    });
    hub.publish('c', 'e', { big: 'y'.repeat(5_000) });
    const overflowing = hub.subscribe('c', String(first - 1));
    expect(overflowing.resumed).toBe(false);
    overflowing.start('event: snapshot\ndata: {}\n\n');
    expect((await new SseReader(new Response(overflowing.stream)).nextEvent()).event).toBe('snapshot');
  });

  it('cuts off a reader that stalls on a snapshot larger than the cap at a keep-alive tick', async () => {
    const hub = makeHub({ maxPendingBytes: 1024, keepAliveMs: 10 });
    const sub = hub.subscribe('c');
    const ended = new Promise((resolve) => {
      sub.onEnd = resolve;
    });
    sub.start(`event: snapshot\ndata: ${'x'.repeat(1_000_000)}\n\n`);
    const reader = sub.stream.getReader();
    const piece = await reader.read();
    expect(piece.value!.byteLength).toBeLessThan(1_000_000);
    expect(await ended).toBe('slow');
    expect(hub.subscriberCount('c')).toBe(0);
  });
});
