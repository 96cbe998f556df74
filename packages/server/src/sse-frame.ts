/**
 * Formats one Server-Sent Events frame to spec: `id:`, `event:`, then one
 * `data:` line per line of `data` (CR, LF and CRLF all split lines, so no raw
 * newline can end the field early), then a blank line.
 */
export function formatSseFrame(frame: { id?: number; event?: string; data: string }): string {
  let text = '';
  if (frame.id !== undefined) text += `id: ${frame.id}\n`;
  if (frame.event !== undefined) text += `event: ${singleLine(frame.event)}\n`;
  for (const line of frame.data.split(/\r\n|\r|\n/)) text += `data: ${line}\n`;
  return `${text}\n`;
}

/** A comment frame; clients ignore it, proxies see traffic. */
export function formatSseComment(comment: string): string {
  return `: ${singleLine(comment)}\n\n`;
}

function singleLine(value: string): string {
  return value.replace(/[\r\n]/g, ' ');
}
