import { formatPersonName } from '@longview/dicom-meta';
import { MEASUREMENT_KIND_TITLE } from '@longview/measurement-report';
import type { Measurement, MeasurementValue } from '@longview/render';
import { loadedRender } from '../render/loadRender';

function whereDrawn(measurement: Measurement): string {
  const series = measurement.seriesNumber !== undefined ? `Se ${measurement.seriesNumber}` : 'Series ?';
  const image = measurement.instanceNumber !== undefined ? `Im ${measurement.instanceNumber}` : 'image ?';
  return `${series} · ${image}`;
}

/** Who a measurement is by: the reader who saved it, or "unsaved" for one drawn on this page. */
function authorLine(measurement: Measurement): string {
  const { origin } = measurement;
  if (!origin) return 'Unsaved';
  const savedAt = origin.savedAt ? new Date(origin.savedAt).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' }) : 'time unknown';
  return `${formatPersonName(origin.readerName)} · ${savedAt}`;
}

function ValueList({ values, isReported }: { values: readonly MeasurementValue[]; isReported: boolean }) {
  return (
    <dl>
      {values.map((value) => (
        <div key={value.name} data-testid="measurement-value" data-name={value.name} data-value={value.value} data-unit={value.unit} data-reported={isReported || undefined}>
          <dt>{value.label ?? value.name}</dt>
          <dd>{value.text}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The reader's own measurement can be deleted (Ctrl+Z restores); another reader's, read-only, copied to the reader's own. */
function MeasurementAction({ measurement }: { measurement: Measurement }) {
  const kindName = MEASUREMENT_KIND_TITLE[measurement.kind].toLowerCase();
  if (measurement.isReadOnly) {
    return (
      <button
        type="button"
        className="measurement-copy"
        data-testid="copy-to-mine"
        aria-label={`Copy this ${kindName} measurement to mine`}
        title="Copy to mine: an editable copy, saved with your report"
        onClick={() => loadedRender()?.copyMeasurementToMine(measurement.uid)}
      >
        Copy to mine
      </button>
    );
  }
  return (
    <button type="button" className="measurement-delete" aria-label={`Delete ${kindName} measurement`} title="Delete (Ctrl+Z undoes)" onClick={() => loadedRender()?.deleteMeasurement(measurement.uid)}>
      ×
    </button>
  );
}

/**
 * One measurement of the panel: what it is, where it was drawn and whose it is (a click shows its
 * image in the viewport that holds it, the active one first), then its values: for another
 * reader's, the values its report states. The values are data-* attributes as well.
 */
export function MeasurementItem({ measurement, activeViewportId }: { measurement: Measurement; activeViewportId: string | undefined }) {
  const values = measurement.isReadOnly && measurement.origin?.reportedValues ? measurement.origin.reportedValues : measurement.values;
  return (
    <li
      data-testid="measurement"
      data-kind={measurement.kind}
      data-uid={measurement.uid}
      data-instance-number={measurement.instanceNumber}
      data-sop-instance-uid={measurement.sopInstanceUid}
      data-points={measurement.points.map((p) => `${p.column.toFixed(4)},${p.row.toFixed(4)}`).join(' ')}
      data-read-only={measurement.isReadOnly}
      data-report-uid={measurement.origin?.reportSopInstanceUid}
      className={measurement.isReadOnly ? 'read-only' : undefined}
    >
      <button
        type="button"
        className="measurement-show"
        title="Show the image it was drawn on"
        onClick={() => {
          const { imageId } = measurement;
          if (imageId) loadedRender()?.StackViewer.showImageAnywhere(imageId, activeViewportId);
        }}
      >
        <span className="measurement-kind">{MEASUREMENT_KIND_TITLE[measurement.kind]}</span>
        {measurement.label ? <span className="measurement-label">“{measurement.label}”</span> : null}
        <span className="measurement-where">{whereDrawn(measurement)}</span>
        <span className="measurement-author" data-testid="measurement-author">
          {authorLine(measurement)}
        </span>
      </button>
      <MeasurementAction measurement={measurement} />
      {values.length > 0 ? <ValueList values={values} isReported={values !== measurement.values} /> : null}
      {measurement.calibrationNote ? (
        <p className="measurement-note" data-testid="calibration-note">
          {measurement.calibrationNote}
        </p>
      ) : null}
    </li>
  );
}
