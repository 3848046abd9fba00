import type { ReactNode } from 'react';
import { formatDicomDate, formatPersonName, getNumber, getPersonName, getString, type DicomJson } from '@longview/dicom-meta';
import type { StudySummary } from '@longview/dicomweb';

interface DocumentContextBarProps {
  study: StudySummary | undefined;
  /** The document's own metadata: its patient attributes win over the study's. */
  metadata: DicomJson | undefined;
  /** What the viewport adds on the right: page, gain and speed, measurements. */
  children?: ReactNode;
}

/**
 * The patient and study context of a document or waveform, the same facts the image overlay
 * shows in its corners, as a strip above the content (text over a report would hide it).
 * Identity comes from the object itself when present, so the strip always names the patient
 * the document belongs to.
 */
export function DocumentContextBar({ study, metadata, children }: DocumentContextBarProps) {
  const patientName = (metadata && getPersonName(metadata, 'PatientName')) ?? study?.patientName;
  const patientId = (metadata && getString(metadata, 'PatientID')) ?? study?.patientId;
  const birthDate = (metadata && getString(metadata, 'PatientBirthDate')) ?? study?.patientBirthDate;
  const sex = (metadata && getString(metadata, 'PatientSex')) ?? study?.patientSex;
  const studyDate = (metadata && getString(metadata, 'StudyDate')) ?? study?.studyDate;
  const studyDescription = (metadata && getString(metadata, 'StudyDescription')) ?? study?.studyDescription;
  const seriesNumber = metadata ? getNumber(metadata, 'SeriesNumber') : undefined;
  const seriesDescription = metadata ? getString(metadata, 'SeriesDescription') : undefined;
  return (
    <div className="document-context" data-testid="document-context">
      <div className="document-context-patient">
        <span data-testid="overlay-patient-name">{formatPersonName(patientName)}</span>
        <span data-testid="overlay-patient-id">{patientId}</span>
        <span data-testid="overlay-patient-birth">
          {formatDicomDate(birthDate)} {sex}
        </span>
      </div>
      <div className="document-context-study">
        <span data-testid="overlay-study-date">{formatDicomDate(studyDate)}</span>
        <span data-testid="overlay-study-description">{studyDescription}</span>
        <span data-testid="overlay-series">
          {seriesNumber !== undefined ? `Se ${seriesNumber}` : ''} {seriesDescription}
        </span>
      </div>
      {children ? <div className="document-context-tools">{children}</div> : null}
    </div>
  );
}
