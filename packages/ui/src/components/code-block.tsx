import { CopyButton } from './copy-button';
import './code-block.css';

/** Preformatted text (code, JSON, a stack) with a copy button; always rendered as text. */
export function CodeBlock({ text, label }: { text: string; label?: string }) {
  return (
    <div className="code-block" data-label={label}>
      <pre>{text}</pre>
      <CopyButton text={text} />
    </div>
  );
}
