import { formatDicomDate, formatPersonName } from '@longview/dicom-meta';
import type { StudySummary } from '@longview/dicomweb';

/**
 * Who and what is on screen. Patient-supplied text is rendered as React text children,
 * which escapes it: a name containing markup is shown, never interpreted.
 */
export function PatientBanner({ study, isLoading }: { study: StudySummary | undefined; isLoading: boolean }) {
  if (!study) return <div className="patient-banner">{isLoading ? 'Loading patient…' : 'Patient details unavailable'}</div>;
  return (
    <div className="patient-banner" data-testid="patient-banner">
      <strong data-testid="banner-patient-name">{formatPersonName(study.patientName) || 'Unnamed patient'}</strong>
      <span>
        ID <span data-testid="banner-patient-id">{study.patientId ?? '—'}</span>
        {study.issuerOfPatientId ? ` (${study.issuerOfPatientId})` : ''}
      </span>
      <span data-testid="banner-birth-date">Born {formatDicomDate(study.patientBirthDate) || '—'}</span>
      <span>Sex {study.patientSex ?? '—'}</span>
      {/* The phone layout keeps the study date and drops the description and accession (styles/phone.css). */}
      <span className="banner-study">
        <span className="banner-study-description" data-testid="banner-study-description">
          {study.studyDescription ?? 'No description'}
        </span>
        <span className="banner-study-date" data-testid="banner-study-date">
          {formatDicomDate(study.studyDate) || 'No date'}
        </span>
        <span className="banner-accession">Acc {study.accessionNumber ?? '—'}</span>
      </span>
    </div>
  );
}
