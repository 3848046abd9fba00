import { useEffect, useState } from 'react';
import type { Measurement, MeasurementKind } from '@longview/render';
import { loadRender, loadedRender } from '../render/loadRender';
import { useViewerPrefsStore } from '../state/viewerPrefsStore';

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
    // A renderer that did not load is the viewports' error to show; the panel then stays empty.
    loadRender().then(
      (render) => {
        if (!isCancelled) unsubscribe = render.watchMeasurements(setMeasurements);
      },
      () => undefined,
    );
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
 * The measurement panel of the page, beside the viewport grid (never inside a cell, so every
 * cell keeps the same size): each measurement with its values and where it was drawn. A click
 * shows its image in the viewport that holds it (the active one first); × deletes it (Ctrl+Z
 * restores). Collapsible, and remembered (state/viewerPrefsStore). Values are data-*
 * attributes as well, so tests read exactly what is shown.
 */
export function MeasurementPanel({ activeViewportId }: { activeViewportId: string | undefined }) {
  const measurements = useMeasurements();
  const isOpen = useViewerPrefsStore((state) => state.isMeasurementPanelOpen);
  const toggle = useViewerPrefsStore((state) => state.toggleMeasurementPanel);
  if (!isOpen) {
    return (
      <aside className="measurement-panel closed" aria-label="Measurements" data-testid="measurement-panel" data-state="closed" data-count={measurements.length}>
        <button type="button" className="measurement-panel-toggle" data-testid="measurement-panel-toggle" aria-expanded={false} title="Show the measurements" onClick={toggle}>
          <span aria-hidden="true">‹</span> Measurements{measurements.length > 0 ? ` (${measurements.length})` : ''}
        </button>
      </aside>
    );
  }
  return (
    <aside className="measurement-panel" aria-label="Measurements" data-testid="measurement-panel" data-state="open" data-count={measurements.length}>
      <header className="measurement-panel-header">
        <h2>Measurements</h2>
        <button type="button" className="measurement-panel-toggle" data-testid="measurement-panel-toggle" aria-expanded aria-label="Hide the measurements" title="Hide the measurements (the images keep their zoom and centre)" onClick={toggle}>
          ›
        </button>
      </header>
      {measurements.length === 0 ? <p className="measurement-empty">None yet. L length, A angle, E ellipse, B rectangle, P probe.</p> : null}
      <ol>
        {measurements.map((measurement) => (
          <li key={measurement.uid} data-testid="measurement" data-kind={measurement.kind} data-uid={measurement.uid} data-instance-number={measurement.instanceNumber}>
            <button
              type="button"
              className="measurement-show"
              title="Show the image it was drawn on"
              onClick={() => {
                const { imageId } = measurement;
                if (imageId) loadedRender()?.StackViewer.showImageAnywhere(imageId, activeViewportId);
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
              onClick={() => loadedRender()?.deleteMeasurement(measurement.uid)}
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
