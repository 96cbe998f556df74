import './input-history.css';

/** Longest preview of an input in the list. */
const PREVIEW_CHARS = 80;

/** Picks one of the inputs a flow was last run with, newest first, to put it in the editor. */
export function InputHistory({ history, onPick }: { history: string[]; onPick: (text: string) => void }) {
  if (history.length === 0) return null;
  return (
    <select
      className="input-history"
      aria-label="Re-use an earlier input"
      value=""
      onChange={(event) => {
        const picked = history[Number(event.target.value)];
        if (picked !== undefined) onPick(picked);
      }}
    >
      <option value="" disabled>
        History ({history.length})
      </option>
      {history.map((text, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: entries are unique, their order is the history's
        <option key={index} value={index} title={text}>
          {preview(text)}
        </option>
      ))}
    </select>
  );
}

function preview(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim() || '(no input)';
  return line.length > PREVIEW_CHARS ? `${line.slice(0, PREVIEW_CHARS - 1)}…` : line;
}
