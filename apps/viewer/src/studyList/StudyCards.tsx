import type { ArchiveClient, StudySummary } from '@longview/dicomweb';
import { formatDicomDate, formatPersonName } from '@longview/dicom-meta';
import type { StudySort } from '../state/studySearchStore';
import { onStudyKeyDown, TimelineButton } from './StudyRows';
import { StudySortChoice } from './StudySort';

/**
 * One study on a phone, where a table's ten columns cannot fit: the same facts as a row (the
 * patient's ID with its issuing authority, birth date and sex beside the name), stacked. A tap,
 * a click or Enter opens it; T and the Timeline button its patient's timeline.
 */
function StudyCard({ study, archive, onOpen, onOpenTimeline }: { study: StudySummary; archive: ArchiveClient | undefined; onOpen: (study: StudySummary) => void; onOpenTimeline: (study: StudySummary) => void }) {
  // The archive's configured authority where the data names none (as the timeline's banner does).
  const issuer = study.issuerOfPatientId ?? archive?.config.patientIdIssuer;
  return (
    <li
      className="study-card"
      tabIndex={0}
      data-testid="study-card"
      data-study-uid={study.studyInstanceUid}
      data-archive={study.archiveId}
      onClick={() => onOpen(study)}
      onKeyDown={(event) => onStudyKeyDown(event, study, onOpen, onOpenTimeline)}
    >
      <div className="study-card-patient">
        <strong>{formatPersonName(study.patientName) || 'Unnamed patient'}</strong>
        <span>
          ID {study.patientId ?? '—'}
          {issuer ? <span className="muted"> ({issuer})</span> : null}
        </span>
        <span>
          Born {formatDicomDate(study.patientBirthDate) || '—'} · Sex {study.patientSex ?? '—'}
        </span>
      </div>
      <div className="study-card-study">
        <span className="study-card-date">{formatDicomDate(study.studyDate) || 'Undated'}</span>
        <span>{study.modalities.join(', ')}</span>
        <span className="study-card-description">{study.studyDescription ?? 'No description'}</span>
      </div>
      <div className="study-card-where muted">
        <span>{archive?.config.name ?? study.archiveId}</span>
        <span title="Number of series / number of images in the study">
          {study.seriesCount ?? '?'} series · {study.instanceCount ?? '?'} images
        </span>
        {study.accessionNumber ? <span>Acc {study.accessionNumber}</span> : null}
      </div>
      <TimelineButton study={study} onOpenTimeline={onOpenTimeline} className="study-card-timeline" />
    </li>
  );
}

/** The studies on a phone: a choice of sort (the table's column headers), then one card per study. */
export function StudyCards({ studies, archives, sort, onSort, onOpen, onOpenTimeline }: { studies: StudySummary[]; archives: readonly ArchiveClient[]; sort: StudySort; onSort: (sort: StudySort) => void; onOpen: (study: StudySummary) => void; onOpenTimeline: (study: StudySummary) => void }) {
  return (
    <>
      <StudySortChoice sort={sort} onChange={onSort} />
      <ul className="study-cards" data-testid="study-cards" aria-label="Studies">
        {studies.map((study) => (
          <StudyCard key={`${study.archiveId}/${study.studyInstanceUid}`} study={study} archive={archives.find((a) => a.id === study.archiveId)} onOpen={onOpen} onOpenTimeline={onOpenTimeline} />
        ))}
      </ul>
    </>
  );
}
