import { useEffect, useState } from 'react';
import './copy-button.css';

/** Copies `text` to the clipboard, and says so for a moment. */
export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const [copied, setCopied] = useState<boolean | 'failed'>(false);
  useEffect(() => {
    if (copied === false) return;
    const timer = setTimeout(() => setCopied(false), 1500);
    return () => clearTimeout(timer);
  }, [copied]);
  const copy = () => {
    navigator.clipboard?.writeText(text).then(
      () => setCopied(true),
      () => setCopied('failed'),
    ) ?? setCopied('failed');
  };
  return (
    <button
      type="button"
      className="copy-button"
      onClick={copy}
      data-copied={copied === true}
      title={`${label} to clipboard`}
    >
      {copied === true ? 'Copied' : copied === 'failed' ? 'Copy failed' : label}
    </button>
  );
}
