import { useEffect } from 'react';
import { useQuery } from '@tanstack/react-query';
import { sopClassName, type ContentKind } from '@longview/content-kind';
import { formatDicomDate, getNumber, getString } from '@longview/dicom-meta';
import { useSeriesRetrievedAudit } from '../audit/useViewAudit';
import type { ContentViewportProps } from './contentProps';
import { useLatest } from '../react/useLatest';

interface UnsupportedContentProps extends ContentViewportProps {
  /** A kind the viewer will show once its viewport exists; undefined: no viewer can show it. */
  pendingKind?: Exclude<ContentKind, 'unsupported'>;
}

const KIND_NAMES: Record<Exclude<ContentKind, 'unsupported'>, string> = {
  stack: 'images',
  cine: 'cine loop',
  video: 'video',
  photo: 'photograph',
  wsi: 'whole-slide image',
  pdf: 'PDF document',
  sr: 'structured report',
  ecg: 'waveform',
};

/**
 * The card for a series the viewer cannot show (an RT structure set, raw data...): what it is
 * and where it came from, so the reader knows something is there and what to open it with.
 * Its details come from the first instance's metadata, asked for only here.
 */
export function UnsupportedContent({ archive, studyUid, seriesUid, study, instances, onActivate, onFirstImage, pendingKind }: UnsupportedContentProps) {
  const first = instances[0];
  const metadata = useQuery({
    queryKey: ['instance-metadata', archive.id, studyUid, seriesUid, first?.sopInstanceUid],
    queryFn: ({ signal }) => archive.retrieveInstanceMetadata(studyUid, seriesUid, first?.sopInstanceUid as string, signal),
    enabled: first !== undefined,
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  });
  // The card discloses the series' details (no pixels): its retrieval is audited like a view.
  useSeriesRetrievedAudit(archive, studyUid, seriesUid, study, metadata.isSuccess ? { kind: 'loaded', loaded: 0, failed: 0 } : metadata.isError ? { kind: 'failed' } : undefined);
  // The card is what this viewport shows first: the study view's loading state ends here.
  const onFirstImageRef = useLatest(onFirstImage);
  useEffect(() => onFirstImageRef.current(), [onFirstImageRef]);

  const data = metadata.data;
  const sopClassUid = (data && getString(data, 'SOPClassUID')) ?? first?.sopClassUid;
  const seriesDate = data ? (getString(data, 'SeriesDate') ?? getString(data, 'ContentDate') ?? getString(data, 'StudyDate')) : undefined;
  const seriesNumber = data ? getNumber(data, 'SeriesNumber') : undefined;
  const frames = instances.reduce((sum, instance) => sum + Math.max(1, instance.numberOfFrames ?? 1), 0);
  const rows: [string, string | undefined, string][] = [
    ['Modality', data && getString(data, 'Modality'), 'modality'],
    ['SOP class', sopClassName(sopClassUid) ?? 'Unknown SOP class', 'sop-class-name'],
    ['SOP class UID', sopClassUid, 'sop-class-uid'],
    ['Description', data && getString(data, 'SeriesDescription'), 'description'],
    ['Series number', seriesNumber === undefined ? undefined : String(seriesNumber), 'series-number'],
    ['Instances', frames > instances.length ? `${instances.length} (${frames} frames)` : String(instances.length), 'instance-count'],
    ['Date', formatDicomDate(seriesDate) || undefined, 'date'],
  ];

  return (
    <section className="stack-viewport content-viewport" aria-label="Series details" onPointerDownCapture={onActivate} onFocusCapture={onActivate}>
      <div className="content-card" data-testid={pendingKind ? 'content-pending' : 'content-unsupported'} data-content-kind={pendingKind ?? 'unsupported'}>
        <h2>{pendingKind ? `This ${KIND_NAMES[pendingKind]} cannot be shown yet` : 'Not displayable here'}</h2>
        <p>
          {pendingKind
            ? 'Longview recognises this series but its viewer is not available in this version.'
            : 'This series holds an object Longview does not display. It is listed so that nothing in the study goes unseen: open it with the application that made it.'}
        </p>
        <dl>
          {rows.map(([label, value, id]) => (
            <div key={id}>
              <dt>{label}</dt>
              <dd data-testid={`content-${id}`}>{value ?? (metadata.isPending && first ? '…' : '—')}</dd>
            </div>
          ))}
        </dl>
        {metadata.isError ? <p className="content-card-note">The series’ details could not be read from the archive.</p> : null}
      </div>
    </section>
  );
}
