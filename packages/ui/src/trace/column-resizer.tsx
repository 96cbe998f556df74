import { type KeyboardEvent, type PointerEvent, useRef } from 'react';

/** Pixels an arrow key moves the column edge. */
const KEY_STEP_PX = 16;

/**
 * The drag handle on the name column's right edge (also arrow keys when
 * focused). `width` is undefined until the user set one: the column's
 * current width is read when a drag starts.
 */
export function ColumnResizer({
  width,
  onWidth,
}: {
  width: number | undefined;
  onWidth: (width: number) => void;
}) {
  const start = useRef<{ x: number; width: number } | undefined>(undefined);
  const currentWidth = (element: HTMLElement) =>
    width ?? element.parentElement?.getBoundingClientRect().width ?? 0;
  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    event.preventDefault();
    event.stopPropagation();
    event.currentTarget.setPointerCapture(event.pointerId);
    start.current = { x: event.clientX, width: currentWidth(event.currentTarget) };
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    if (start.current) onWidth(start.current.width + event.clientX - start.current.x);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const step = event.key === 'ArrowRight' ? KEY_STEP_PX : event.key === 'ArrowLeft' ? -KEY_STEP_PX : 0;
    if (step === 0) return;
    event.preventDefault();
    onWidth(currentWidth(event.currentTarget) + step);
  };
  return (
    // A focusable separator is the ARIA pattern for a resize handle.
    // biome-ignore lint/a11y/useSemanticElements: <hr> cannot be dragged or focused
    <div
      className="column-resizer"
      role="separator"
      aria-orientation="vertical"
      aria-label="Resize the span name column"
      aria-valuenow={width === undefined ? undefined : Math.round(width)}
      tabIndex={0}
      title="Drag to resize"
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={() => {
        start.current = undefined;
      }}
      onPointerCancel={() => {
        start.current = undefined;
      }}
      onKeyDown={onKeyDown}
    />
  );
}
