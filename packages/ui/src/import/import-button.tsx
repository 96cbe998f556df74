import { useRef } from 'react';
import { startImport } from './import-store';

/** "Import…": picks exported trace JSON files and imports them. */
export function ImportButton() {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button type="button" className="list-action" onClick={() => input.current?.click()}>
        Import…
      </button>
      <input
        ref={input}
        type="file"
        accept=".json,application/json"
        multiple
        hidden
        aria-label="Trace files to import"
        onChange={(event) => {
          startImport(Array.from(event.target.files ?? []));
          event.target.value = '';
        }}
      />
    </>
  );
}
