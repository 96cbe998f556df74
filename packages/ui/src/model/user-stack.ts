/**
 * Stack frames the user did not write: OpenTelemetry's context plumbing,
 * Node's async-hooks internals, and livespan's own span wrappers. They sit
 * between every two frames of the app's code and bury the line that failed.
 */
const NOT_USER_CODE =
  /node_modules[\\/]@opentelemetry[\\/]|node:internal[\\/]|node:async_hooks|[\\/]async_hooks\.js|AsyncLocalStorage|@livespan[\\/](tracing|flows)[\\/]|packages[\\/](tracing|flows)[\\/]dist[\\/]/;

/** `stack` without frames the user did not write, saying how many were hidden. */
export function userStack(stack: string): string {
  const lines = stack.split('\n');
  const kept = lines.filter((line) => !(/^\s+at /.test(line) && NOT_USER_CODE.test(line)));
  const hidden = lines.length - kept.length;
  if (hidden === 0) return stack;
  return `${kept.join('\n')}\n    (${hidden} frame${hidden === 1 ? '' : 's'} of OpenTelemetry, livespan and Node internals hidden)`;
}
