import { formatDicomDate, formatDicomTime } from '@longview/dicom-meta';
import { SPECIALTY_LABELS, type TimelineStudy } from '@longview/timeline';
import { useArchives } from '../archives/ArchivesContext';
import { useStudyThumbnail } from '../archives/queries';

interface EntryDetailsProps {
  entry: TimelineStudy | undefined;
  prior: TimelineStudy | undefined;
  onOpen: (entry: TimelineStudy) => void;
  onCompare: (entry: TimelineStudy, prior: TimelineStudy) => void;
  loadThumbnail: boolean;
}

/** Everything about the selected study, and what can be done with it. */
export function EntryDetails({ entry, prior, onOpen, onCompare, loadThumbnail }: EntryDetailsProps) {
  const { byId } = useArchives();
  const archive = entry ? byId(entry.archiveId) : undefined;
  const thumbnail = useStudyThumbnail(archive, entry?.studyInstanceUid ?? '', loadThumbnail && entry !== undefined);
  if (!entry) return <aside className="entry-details muted">Select a study to see its details.</aside>;
  return (
    <aside className="entry-details" data-testid="entry-details" data-study-uid={entry.studyInstanceUid} aria-label="Selected study">
      <div className="details-thumbnail">{thumbnail.url ? <img src={thumbnail.url} alt="" data-testid="details-thumbnail" data-sop-instance-uid={thumbnail.sopInstanceUid} /> : <span>{thumbnail.label ?? (thumbnail.isError ? 'No preview' : '…')}</span>}</div>
      <h2>{entry.description ?? 'No description'}</h2>
      <dl>
        <dt>Date</dt>
        <dd>
          {formatDicomDate(entry.studyDate) || 'Undated'} {formatDicomTime(entry.studyTime)}
        </dd>
        <dt>Modalities</dt>
        <dd>{entry.modalities.join(', ') || '—'}</dd>
        <dt>Body part</dt>
        <dd>{entry.bodyParts.join(', ') || '—'}</dd>
        <dt>Series / images</dt>
        <dd>
          {entry.seriesCount ?? '?'} / {entry.instanceCount ?? '?'}
        </dd>
        <dt>Lane</dt>
        <dd>{SPECIALTY_LABELS[entry.specialty]}</dd>
        <dt>Archive</dt>
        <dd data-testid="details-archive">{archive?.config.name ?? entry.archiveId}</dd>
        <dt>Local patient ID</dt>
        <dd>{entry.patientId ?? '—'}</dd>
      </dl>
      {entry.isStale ? <p className="stale-note">This archive is not answering now; this entry is from its last answer.</p> : null}
      <div className="details-actions">
        <button type="button" onClick={() => onOpen(entry)} title="Open in the viewer (Enter)">
          Open
        </button>
        <button
          type="button"
          disabled={!prior}
          onClick={() => prior && onCompare(entry, prior)}
          title={prior ? 'Open beside the most recent comparable prior (C)' : 'No earlier study of the same modality and body part'}
        >
          Compare with prior
        </button>
      </div>
      {prior ? (
        <p className="muted" data-testid="comparable-prior" data-study-uid={prior.studyInstanceUid}>
          Prior: {formatDicomDate(prior.studyDate)} {prior.description}
        </p>
      ) : (
        <p className="muted">No comparable prior (same modality and body part).</p>
      )}
    </aside>
  );
}
