import { formatDicomDate, formatPersonName } from '@longview/dicom-meta';
import type { MpiTimelineStatus, PatientRecord, Reconciliation } from '@longview/patient-identity';
import { useArchives } from '../archives/ArchivesContext';

/**
 * Who the timeline is about, and on what grounds: every identifier the view combines, with
 * the authority that issued it and the archive it came from, so that a reader can see that
 * nothing was joined on a name. Disagreements between joined records are shown first.
 */
export function IdentityBanner({
  anchor,
  reconciliation,
  mpi,
}: {
  anchor: PatientRecord;
  reconciliation: Reconciliation | undefined;
  /** undefined: no master patient index is configured. */
  mpi: MpiTimelineStatus | undefined;
}) {
  const { byId } = useArchives();
  const archiveName = (id: string) => byId(id)?.config.name ?? id;
  const nameVariants = [
    ...new Set(
      (reconciliation?.members ?? [])
        .filter((m) => m.name && m.name !== anchor.name)
        .map((m) => `${formatPersonName(m.name)} (${archiveName(m.archiveId)})`),
    ),
  ];
  return (
    <div className="identity-banner" data-testid="timeline-banner">
      <div className="patient-banner">
        <strong data-testid="banner-patient-name">{formatPersonName(anchor.name) || 'Unnamed patient'}</strong>
        <span>Born {formatDicomDate(anchor.birthDate) || '—'}</span>
        <span>Sex {anchor.sex ?? '—'}</span>
      </div>
      <ul className="identifier-list" aria-label="Identifiers combined in this view">
        {(reconciliation?.identifiers ?? []).map((identifier) => (
          <li
            key={identifier.key}
            className={identifier.archiveIds.length === 0 ? 'identifier linked-only' : 'identifier'}
            data-testid="banner-identifier"
            data-patient-id={identifier.patientId}
            data-issuer={identifier.issuer ?? ''}
            data-archives={identifier.archiveIds.join(' ')}
            data-via={mpi?.addedKeys.includes(identifier.key) ? 'mpi' : 'data'}
            title={identifier.archiveIds.length === 0 ? 'Named by a link; no studies found under it' : undefined}
          >
            <span className="identifier-id">{identifier.patientId}</span>{' '}
            <span className="muted">
              {identifier.issuer ?? 'no issuer'}
              {identifier.archiveIds.length > 0 ? ` · ${identifier.archiveIds.map(archiveName).join(', ')}` : ' · linked, no studies'}
              {mpi?.addedKeys.includes(identifier.key) ? ` · joined by ${mpi.name}` : ''}
            </span>
          </li>
        ))}
      </ul>
      <CompletenessNotice mpi={mpi} />
      {nameVariants.length > 0 ? <div className="muted name-variants">Also recorded as {nameVariants.join('; ')}</div> : null}
      {reconciliation?.conflicts.map((conflict) => (
        <div key={conflict} className="identity-conflict" role="alert">
          ⚠ {conflict} Check the patient's identity before reading.
        </div>
      ))}
    </div>
  );
}

/**
 * Links in DICOM data point one way: without the MPI's answer, records that name this one
 * (and that it does not name) cannot be found. The banner says so rather than imply that the
 * history is complete.
 */
function CompletenessNotice({ mpi }: { mpi: MpiTimelineStatus | undefined }) {
  const why =
    mpi === undefined
      ? 'No master patient index is configured: joined only through links in the data, so records that point to this one may be missing.'
      : mpi.state === 'failed'
        ? `${mpi.name} could not be asked: records that point to this one may be missing.`
        : undefined;
  return why ? (
    <div className="muted identity-completeness" data-testid="identity-completeness" role="note">
      {why}
    </div>
  ) : null;
}
