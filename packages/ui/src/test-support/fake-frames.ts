/** Animation frames under test control, installed on `globalThis` (node has none). */
export interface FakeFrames {
  /** Frames requested and not yet run or cancelled. */
  pending(): number;
  /** Runs the frames requested so far. */
  runFrame(): void;
  uninstall(): void;
}

export function installFakeFrames(): FakeFrames {
  const callbacks = new Map<number, FrameRequestCallback>();
  let next = 1;
  const original = { raf: globalThis.requestAnimationFrame, caf: globalThis.cancelAnimationFrame };
  globalThis.requestAnimationFrame = (callback) => {
    callbacks.set(next, callback);
    return next++;
  };
  globalThis.cancelAnimationFrame = (id) => {
    callbacks.delete(id);
  };
  return {
    pending: () => callbacks.size,
    runFrame() {
      const due = [...callbacks.values()];
      callbacks.clear();
      for (const callback of due) callback(Date.now());
    },
    uninstall() {
      globalThis.requestAnimationFrame = original.raf;
      globalThis.cancelAnimationFrame = original.caf;
    },
  };
}
