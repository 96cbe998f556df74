import type { TraceSummary } from '../api/schemas';

/**
 * Shortest span that proves a sender is not in realtime mode: the realtime
 * flush is 20 ms, so spans that end sooner than this may well end before
 * their start is sent, and prove nothing.
 */
const PROOF_SPAN_MS = 1_000;

/** Which advice the trace view gives, by who sent the trace. */
type RealtimeAdviceKind = 'livespan' | 'genkit' | 'otlp';

/** The advice to show, or undefined when there is nothing true to say. */
export interface RealtimeAdvice {
  kind: RealtimeAdviceKind;
  /** Plain text; names of commands, variables and APIs are between backticks. */
  text: string;
}

const TEXT: Record<RealtimeAdviceKind, string> = {
  livespan:
    "This app runs livespan's exporter without realtime mode, so spans arrive only when they end. Set `GENKIT_ENABLE_REALTIME_TELEMETRY=true`, or run it with `livespan start` without `--no-realtime`, to see spans as they start.",
  genkit:
    "Genkit sent this trace's spans only as they ended. Set `GENKIT_ENABLE_REALTIME_TELEMETRY=true` in the app's environment to see spans as they start.",
  otlp: 'OTLP exporters send each span when it ends; to see spans as they start, use `RealtimeSpanProcessor` from `@livespan/tracing`.',
};

/**
 * Whether to tell the user their spans arrive only when they end, and what
 * actually helps. Judged by who sent the trace (its summary's `source` and
 * `senderRealtime`), never by guessing from quick spans:
 * - livespan's exporter says outright whether it is realtime, so
 *   `senderRealtime: false` is advice and `true` never is;
 * - other senders (Genkit, OTLP) say nothing, so only a trace that never
 *   arrived running (`realtime: false`, and none seen running here) with a
 *   span of at least {@link PROOF_SPAN_MS} proves it.
 * A summary from an older server (no `source`) is judged like Genkit's.
 */
export function realtimeAdvice(
  summary: Pick<TraceSummary, 'source' | 'senderRealtime' | 'realtime'> | null,
  facts: { sawRunning: boolean; longestSpanMs: number },
): RealtimeAdvice | undefined {
  if (!summary || summary.senderRealtime === true) return undefined;
  const source = summary.source ?? 'genkit';
  if (source === 'livespan') {
    return summary.senderRealtime === false ? { kind: 'livespan', text: TEXT.livespan } : undefined;
  }
  if (summary.realtime || facts.sawRunning || facts.longestSpanMs < PROOF_SPAN_MS) return undefined;
  return { kind: source, text: TEXT[source] };
}
