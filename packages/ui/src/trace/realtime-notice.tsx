import type { RealtimeAdvice } from '../model/realtime-advice';

/** Tells the user their spans arrive only when they end, and what helps for their sender. */
export function RealtimeNotice({ advice }: { advice: RealtimeAdvice }) {
  // Text between backticks is code; every part is rendered as text.
  const parts = advice.text.split('`');
  return (
    <p className="realtime-notice" role="note" data-advice={advice.kind}>
      {parts.map((part, index) =>
        // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed sentence, never reordered.
        index % 2 === 1 ? <code key={index}>{part}</code> : part,
      )}
    </p>
  );
}
