/** Collects items and hands them over at most once per animation frame. */
export interface FrameBatcher<T> {
  push(item: T): void;
  /** Drops what is pending and stops. */
  dispose(): void;
}

/**
 * Batches stream events to animation frames so a burst of thousands of
 * events causes one render, not thousands. A timer backs up the frame,
 * because hidden tabs get no animation frames.
 */
export function createFrameBatcher<T>(flush: (items: T[]) => void, fallbackMs = 250): FrameBatcher<T> {
  let pending: T[] = [];
  let frame: number | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = () => {
    if (frame !== undefined) cancelAnimationFrame(frame);
    if (timer !== undefined) clearTimeout(timer);
    frame = undefined;
    timer = undefined;
    const items = pending;
    pending = [];
    if (items.length > 0) flush(items);
  };
  return {
    push(item) {
      pending.push(item);
      if (frame === undefined) frame = requestAnimationFrame(run);
      if (timer === undefined) timer = setTimeout(run, fallbackMs);
    },
    dispose() {
      pending = [];
      if (frame !== undefined) cancelAnimationFrame(frame);
      if (timer !== undefined) clearTimeout(timer);
      frame = undefined;
      timer = undefined;
    },
  };
}
