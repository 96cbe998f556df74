import type { RealtimeAdvice } from '../model/realtime-advice';

/** Tells the user their spans arrive only when they end, and what helps for their sender. */
export function RealtimeNotice({ advice }: { advice: RealtimeAdvice }) {
  return (
    <p className="realtime-notice" role="note" data-advice={advice.kind}>
      {advice.text}
    </p>
  );
}
