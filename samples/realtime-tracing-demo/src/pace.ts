/**
 * How long the demo's simulated work takes. `DEMO_SPEED=10` runs ten times
 * faster (tests use it); the default paces steps so you can watch them live.
 */
export function pause(ms: number): Promise<void> {
  const speed = Number(process.env.DEMO_SPEED ?? '1');
  const scaled = Number.isFinite(speed) && speed > 0 ? ms / speed : ms;
  return new Promise((resolve) => setTimeout(resolve, scaled));
}
