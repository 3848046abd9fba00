import { useEffect, useState } from 'react';
import type { Measurement, MeasurementKind, StackViewer } from '@longview/render';
import { loadRender } from '../render/loadRender';

const KIND_LABELS: Record<MeasurementKind, string> = {
  length: 'Length',
  angle: 'Angle',
  ellipse: 'Ellipse',
  rectangle: 'Rectangle',
  probe: 'Probe',
  arrow: 'Arrow',
};

/** Every measurement on the page, as the render package computes them; live while dragging. */
function useMeasurements(): Measurement[] {
  const [measurements, setMeasurements] = useState<Measurement[]>([]);
  useEffect(() => {
    let unsubscribe: (() => void) | undefined;
    let isCancelled = false;
    void loadRender().then((render) => {
      if (!isCancelled) unsubscribe = render.watchMeasurements(setMeasurements);
    });
    return () => {
      isCancelled = true;
      unsubscribe?.();
    };
  }, []);
  return measurements;
}

function whereDrawn(measurement: Measurement): string {
  const series = measurement.seriesNumber !== undefined ? `Se ${measurement.seriesNumber}` : 'Series ?';
  const image = measurement.instanceNumber !== undefined ? `Im ${measurement.instanceNumber}` : 'image ?';
  return `${series} · ${image}`;
}

/**
 * The measurement side panel: each measurement with its values and where it was drawn. A click
 * shows its image; × deletes it (Ctrl+Z restores). Values are data-* attributes as well, so
 * tests read exactly what is shown.
 */
export function MeasurementPanel({ viewer }: { viewer: StackViewer | undefined }) {
  const measurements = useMeasurements();
  return (
    <aside className="measurement-panel" aria-label="Measurements" data-testid="measurement-panel" data-count={measurements.length}>
      <h2>Measurements</h2>
      {measurements.length === 0 ? <p className="measurement-empty">None yet. L length, A angle, E ellipse, B rectangle, P probe.</p> : null}
      <ol>
        {measurements.map((measurement) => (
          <li key={measurement.uid} data-testid="measurement" data-kind={measurement.kind} data-uid={measurement.uid} data-instance-number={measurement.instanceNumber}>
            <button
              type="button"
              className="measurement-show"
              title="Show the image it was drawn on"
              onClick={() => {
                if (measurement.imageId) viewer?.showImage(measurement.imageId);
              }}
            >
              <span className="measurement-kind">{KIND_LABELS[measurement.kind]}</span>
              {measurement.label ? <span className="measurement-label">“{measurement.label}”</span> : null}
              <span className="measurement-where">{whereDrawn(measurement)}</span>
            </button>
            <button
              type="button"
              className="measurement-delete"
              aria-label={`Delete ${KIND_LABELS[measurement.kind].toLowerCase()} measurement`}
              title="Delete (Ctrl+Z undoes)"
              onClick={() => void loadRender().then((render) => render.deleteMeasurement(measurement.uid))}
            >
              ×
            </button>
            {measurement.values.length > 0 ? (
              <dl>
                {measurement.values.map((value) => (
                  <div key={value.name} data-testid="measurement-value" data-name={value.name} data-value={value.value} data-unit={value.unit}>
                    <dt>{value.name}</dt>
                    <dd>{value.text}</dd>
                  </div>
                ))}
              </dl>
            ) : null}
            {measurement.calibrationNote ? (
              <p className="measurement-note" data-testid="calibration-note">
                {measurement.calibrationNote}
              </p>
            ) : null}
          </li>
        ))}
      </ol>
    </aside>
  );
}
