import { formatDicomDate, formatPersonName } from '@longview/dicom-meta';
import type { PatientRecord, Reconciliation } from '@longview/patient-identity';
import { useArchives } from '../archives/ArchivesContext';

/**
 * Who the timeline is about, and on what grounds: every identifier the view combines, with
 * the authority that issued it and the archive it came from, so that a reader can see that
 * nothing was joined on a name. Disagreements between joined records are shown first.
 */
export function IdentityBanner({ anchor, reconciliation }: { anchor: PatientRecord; reconciliation: Reconciliation | undefined }) {
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
            title={identifier.archiveIds.length === 0 ? 'Named by a link in the data; no studies found under it' : undefined}
          >
            <span className="identifier-id">{identifier.patientId}</span>{' '}
            <span className="muted">
              {identifier.issuer ?? 'no issuer'}
              {identifier.archiveIds.length > 0 ? ` · ${identifier.archiveIds.map(archiveName).join(', ')}` : ' · linked, no studies'}
            </span>
          </li>
        ))}
      </ul>
      {nameVariants.length > 0 ? <div className="muted name-variants">Also recorded as {nameVariants.join('; ')}</div> : null}
      {reconciliation?.conflicts.map((conflict) => (
        <div key={conflict} className="identity-conflict" role="alert">
          ⚠ {conflict} Check the patient's identity before reading.
        </div>
      ))}
    </div>
  );
}
