import { fromLocalInput, RANGE_PRESETS, type TimeRange, toLocalInput } from '../model/time-range';

const PRESET_LABELS = { '15m': 'Last 15 min', '1h': 'Last hour', '24h': 'Last 24 hours' } as const;

/** Which start times the list shows: all, a recent preset, or a custom from–to. */
export function TimeRangePicker({
  range,
  onChange,
}: {
  range: TimeRange;
  onChange: (range: TimeRange) => void;
}) {
  const value = range.kind === 'last' ? range.preset : range.kind;
  return (
    <span className="time-range">
      <select
        aria-label="Time range"
        value={value}
        onChange={(event) => {
          const next = event.target.value;
          if (next === 'all') onChange({ kind: 'all' });
          else if (next === 'custom') onChange({ kind: 'custom', since: Date.now() - 60 * 60_000 });
          else {
            const preset = RANGE_PRESETS.find((p) => p === next);
            if (preset) onChange({ kind: 'last', preset });
          }
        }}
      >
        <option value="all">All time</option>
        {RANGE_PRESETS.map((preset) => (
          <option key={preset} value={preset}>
            {PRESET_LABELS[preset]}
          </option>
        ))}
        <option value="custom">Custom…</option>
      </select>
      {range.kind === 'custom' && (
        <>
          <input
            type="datetime-local"
            aria-label="From"
            value={range.since === undefined ? '' : toLocalInput(range.since)}
            onChange={(event) => onChange({ ...range, since: fromLocalInput(event.target.value) })}
          />
          <span aria-hidden="true">–</span>
          <input
            type="datetime-local"
            aria-label="To"
            value={range.until === undefined ? '' : toLocalInput(range.until)}
            onChange={(event) => onChange({ ...range, until: fromLocalInput(event.target.value) })}
          />
        </>
      )}
    </span>
  );
}
