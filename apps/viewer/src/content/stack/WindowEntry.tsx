import { useState, type FormEvent } from 'react';
import { MIN_WINDOW_WIDTH, type Window } from '@longview/dicom-meta';

/** Typed window width/level, for the exact values a protocol or a colleague asks for. */
export function WindowEntry({ current, onApply, disabled }: { current: Window | undefined; onApply: (window: Window) => void; disabled: boolean }) {
  const [width, setWidth] = useState('');
  const [center, setCenter] = useState('');
  const [problem, setProblem] = useState<string | undefined>(undefined);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const w = Number(width === '' ? current?.width : width);
    const c = Number(center === '' ? current?.center : center);
    if (!Number.isFinite(w) || !Number.isFinite(c) || w < MIN_WINDOW_WIDTH) {
      setProblem(`Width must be a number ≥ ${MIN_WINDOW_WIDTH}, level a number.`);
      return;
    }
    setProblem(undefined);
    onApply({ width: w, center: c });
  };

  return (
    <form className="window-entry" onSubmit={submit} aria-label="Window width and level">
      <label>
        W <input inputMode="decimal" size={5} value={width} placeholder={current ? String(Math.round(current.width)) : ''} onChange={(e) => setWidth(e.target.value)} aria-label="Window width" disabled={disabled} />
      </label>
      <label>
        L <input inputMode="decimal" size={5} value={center} placeholder={current ? String(Math.round(current.center)) : ''} onChange={(e) => setCenter(e.target.value)} aria-label="Window level" disabled={disabled} />
      </label>
      <button type="submit" disabled={disabled}>
        Apply
      </button>
      {problem ? (
        <span role="alert" className="field-problem">
          {problem}
        </span>
      ) : null}
    </form>
  );
}
