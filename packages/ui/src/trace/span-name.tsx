import { splitMatch } from '../model/span-search';

/** A span's name in the tree, with the searched text marked. */
export function SpanName({ name, needle }: { name: string; needle: string }) {
  const parts = splitMatch(name, needle);
  if (!parts)
    return (
      <span className="span-name" title={name}>
        {name}
      </span>
    );
  return (
    <span className="span-name" title={name}>
      {parts.before}
      <mark>{parts.match}</mark>
      {parts.after}
    </span>
  );
}
