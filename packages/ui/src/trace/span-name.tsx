import type { Span } from '../api/schemas';
import { matchHint, splitMatch } from '../model/span-search';

/** A span's name in the tree, with the searched text marked (or, when an attribute matched, which one). */
export function SpanName({ span, name, needle }: { span: Span; name: string; needle: string }) {
  const parts = splitMatch(name, needle);
  if (parts) {
    return (
      <span className="span-name" title={name}>
        {parts.before}
        <mark>{parts.match}</mark>
        {parts.after}
      </span>
    );
  }
  const hint = needle ? matchHint(span, needle) : undefined;
  return (
    <>
      <span className="span-name" title={name}>
        {name}
      </span>
      {hint && (
        <span className="span-match-hint" title={hint}>
          {hint}
        </span>
      )}
    </>
  );
}
