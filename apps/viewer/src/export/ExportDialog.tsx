import { useEffect, useRef, useState } from 'react';
import type { ArchiveClient, SeriesSummary } from '@longview/dicomweb';
import { captureViewportPng } from './capturePng';
import { exportDeidentifiedZip } from './deidentifiedZip';
import { exportFileName, saveBlob, type ExportFormat, type ExportProgress, type ExportRecord, type ExportScope } from './exportFormat';
import { useBurnedInStatus, type BurnedInStatus } from './useBurnedInStatus';

interface ExportDialogProps {
  archive: ArchiveClient;
  studyUid: string;
  series: readonly SeriesSummary[];
  selectedSeriesUid: string | undefined;
  /** The viewport whose current image a PNG export takes. */
  viewportElement: () => HTMLElement | null;
  onClose: () => void;
  /** Called once per successful export: the audit trail's call site (export/reportExport.ts). */
  onExported: (record: ExportRecord) => void;
}

function seriesLabel(series: SeriesSummary): string {
  return `${series.seriesNumber !== undefined ? `#${series.seriesNumber} ` : ''}${series.seriesDescription ?? 'Unnamed series'}`;
}

/**
 * Writes the export and saves it as `fileName`: the current image as PNG, or the series in
 * scope de-identified in a ZIP. Undefined when the reader cancelled.
 */
async function exportFile(job: {
  archive: ArchiveClient;
  studyUid: string;
  seriesUids: string[];
  selectedSeriesUid: string | undefined;
  format: ExportFormat;
  fileName: string;
  viewportElement: () => HTMLElement | null;
  signal: AbortSignal;
  onProgress: (progress: ExportProgress) => void;
}): Promise<ExportRecord | undefined> {
  const { archive, studyUid, seriesUids, selectedSeriesUid, format, fileName, signal, onProgress } = job;
  if (format === 'png') {
    const viewport = job.viewportElement();
    if (!viewport || !selectedSeriesUid) throw new Error('There is no image on screen to export.');
    onProgress({ kind: 'running', done: 0, total: 1 });
    const { png } = await captureViewportPng(viewport);
    saveBlob(png, fileName);
    return { studyUid, seriesUids: [selectedSeriesUid], format, instanceCount: 1 };
  }
  const { zip, instanceCount } = await exportDeidentifiedZip({
    archive,
    studyUid,
    seriesUids,
    signal,
    onProgress: (done, total) => onProgress({ kind: 'running', done, total }),
  });
  if (signal.aborted) return undefined;
  saveBlob(zip, fileName);
  return { studyUid, seriesUids, format, instanceCount };
}

/** What (this series or the whole study) and how (de-identified DICOM, or a PNG of the image). */
function ExportChoices(props: { scope: ExportScope; onScope: (scope: ExportScope) => void; format: ExportFormat; onFormat: (format: ExportFormat) => void; seriesCount: number; isRunning: boolean }) {
  const { scope, format, seriesCount, isRunning } = props;
  const setScope = props.onScope;
  const setFormat = props.onFormat;
  return (
    <>
      <fieldset disabled={isRunning}>
        <legend>What</legend>
        <label>
          <input type="radio" name="export-scope" checked={scope === 'series'} onChange={() => setScope('series')} /> This series
        </label>
        <label>
          <input type="radio" name="export-scope" checked={scope === 'study'} disabled={format === 'png'} onChange={() => setScope('study')} /> Whole
          study ({seriesCount} series)
        </label>
      </fieldset>
      <fieldset disabled={isRunning}>
        <legend>Format</legend>
        <label>
          <input type="radio" name="export-format" checked={format === 'dicom-deidentified'} onChange={() => setFormat('dicom-deidentified')} /> DICOM,
          de-identified (ZIP)
        </label>
        <label>
          <input
            type="radio"
            name="export-format"
            checked={format === 'png'}
            onChange={() => {
              setFormat('png');
              setScope('series');
            }}
          />{' '}
          PNG of the current image, without overlay text
        </label>
      </fieldset>
    </>
  );
}

/** Export…: scope, format, the burned-in text warning per series, progress, cancel. */
export function ExportDialog({ archive, studyUid, series, selectedSeriesUid, viewportElement, onClose, onExported }: ExportDialogProps) {
  const [scope, setScope] = useState<ExportScope>('series');
  const [format, setFormat] = useState<ExportFormat>('dicom-deidentified');
  const [progress, setProgress] = useState<ExportProgress>({ kind: 'idle' });
  const controller = useRef<AbortController | undefined>(undefined);
  useEffect(() => () => controller.current?.abort(), []);

  const inScope = scope === 'study' ? series : series.filter((s) => s.seriesInstanceUid === selectedSeriesUid);
  const seriesUids = inScope.map((s) => s.seriesInstanceUid);
  const burnedIn = useBurnedInStatus(archive, studyUid, format === 'dicom-deidentified' ? seriesUids : []);
  const isRunning = progress.kind === 'running';

  const start = async () => {
    const abort = new AbortController();
    controller.current = abort;
    const fileName = exportFileName(format, scope, new Date());
    try {
      const record = await exportFile({ archive, studyUid, seriesUids, selectedSeriesUid, format, fileName, viewportElement, signal: abort.signal, onProgress: setProgress });
      if (!record) return setProgress({ kind: 'idle' });
      onExported(record);
      setProgress({ kind: 'finished', record, fileName });
    } catch (error) {
      if (abort.signal.aborted) {
        setProgress({ kind: 'idle' });
        return;
      }
      setProgress({ kind: 'failed', message: userMessage(error) });
    }
  };

  return (
    <div className="export-dialog-backdrop">
      <div className="export-dialog" role="dialog" aria-modal="true" aria-labelledby="export-title">
        <h2 id="export-title">Export</h2>
        <ExportChoices scope={scope} onScope={setScope} format={format} onFormat={setFormat} seriesCount={series.length} isRunning={isRunning} />
        {format === 'dicom-deidentified' ? (
          <>
            <p className="muted">
              Names, IDs, dates, institutions and all private attributes are removed and every UID replaced (DICOM PS3.15 Basic Profile). The
              pixels are exported unchanged.
            </p>
            <ul className="burned-in-list" aria-label="Burned-in text">
              {inScope.map((s, index) => (
                <BurnedInLine key={s.seriesInstanceUid} series={s} status={burnedIn[index]} />
              ))}
            </ul>
          </>
        ) : (
          <p className="muted">The image as shown (window, zoom, rotation), without the patient overlay. Text burned into the pixels stays.</p>
        )}
        <ExportStatus progress={progress} />
        <div className="dialog-actions">
          {isRunning ? (
            <button type="button" onClick={() => controller.current?.abort()}>
              Cancel export
            </button>
          ) : (
            <button type="button" className="primary" onClick={() => void start()} disabled={seriesUids.length === 0}>
              Export
            </button>
          )}
          <button type="button" onClick={onClose} disabled={isRunning}>
            Close
          </button>
        </div>
      </div>
    </div>
  );
}

function BurnedInLine({ series, status }: { series: SeriesSummary; status: BurnedInStatus | undefined }) {
  const label = seriesLabel(series);
  if (!status || status.kind === 'checking') return <li data-series-uid={series.seriesInstanceUid}>{label}: checking for burned-in text…</li>;
  if (status.kind === 'none') {
    return (
      <li data-series-uid={series.seriesInstanceUid} data-burned-in="no">
        {label}: no burned-in text (BurnedInAnnotation NO).
      </li>
    );
  }
  return (
    <li className="warning" role="alert" data-series-uid={series.seriesInstanceUid} data-burned-in="may-remain">
      {label}: text burned into the pixels may remain (BurnedInAnnotation {status.stated ? `“${status.stated}”` : 'not stated'}). Check the
      images before sharing.
    </li>
  );
}

function ExportStatus({ progress }: { progress: ExportProgress }) {
  switch (progress.kind) {
    case 'idle':
      return null;
    case 'running':
      return (
        <p role="status" data-testid="export-progress">
          Exporting… <progress max={progress.total || 1} value={progress.done} /> {progress.done} / {progress.total}
        </p>
      );
    case 'finished':
      return (
        <p role="status" data-testid="export-done">
          Exported {progress.record.instanceCount} {progress.record.instanceCount === 1 ? 'image' : 'images'} as {progress.fileName}.
        </p>
      );
    case 'failed':
      return (
        <p role="alert" className="error" data-testid="export-error">
          {progress.message}
        </p>
      );
  }
}

function userMessage(error: unknown): string {
  const message = (error as { userMessage?: unknown } | undefined)?.userMessage;
  if (typeof message === 'string') return message;
  return error instanceof Error ? `The export failed: ${error.message}` : 'The export failed.';
}
