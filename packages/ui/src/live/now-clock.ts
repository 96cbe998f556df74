/**
 * One clock for the whole UI: every ticking duration and growing bar reads
 * the same "now", and it only runs while someone subscribes (components
 * subscribe only while something is running). Subscribers ask for a
 * resolution: under 50 ms the clock follows animation frames, otherwise it
 * wakes on a timer.
 */
type Listener = () => void;

const subscribers = new Map<Listener, number>();
let now = Date.now();
let frame: number | undefined;
let timer: ReturnType<typeof setTimeout> | undefined;

/** Resolution at or below which the clock ticks every animation frame. */
const FRAME_RESOLUTION_MS = 50;

function cancel(): void {
  if (frame !== undefined) cancelAnimationFrame(frame);
  if (timer !== undefined) clearTimeout(timer);
  frame = undefined;
  timer = undefined;
}

function tick(): void {
  frame = undefined;
  timer = undefined;
  now = Date.now();
  for (const listener of [...subscribers.keys()]) listener();
  schedule();
}

function schedule(): void {
  if (frame !== undefined || timer !== undefined || subscribers.size === 0) return;
  const finest = Math.min(...subscribers.values());
  if (finest < FRAME_RESOLUTION_MS) frame = requestAnimationFrame(tick);
  else timer = setTimeout(tick, finest - (Date.now() % finest));
}

/** Calls `listener` on every tick, at least every `resolutionMs`; returns the unsubscribe function. */
export function subscribeNow(listener: Listener, resolutionMs: number): () => void {
  subscribers.set(listener, resolutionMs);
  cancel();
  now = Date.now();
  schedule();
  return () => {
    subscribers.delete(listener);
    if (subscribers.size === 0) cancel();
  };
}

/** The time of the last tick (ms since the epoch). */
export function currentNow(): number {
  return now;
}
