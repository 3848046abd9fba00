import type { ReactNode } from 'react';
import type { DicomJson } from '@longview/dicom-meta';
import type { StudySummary } from '@longview/dicomweb';
import { PatientLines, StudyLines, patientStudyFacts } from '../viewport/PatientStudyContext';

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
  const facts = patientStudyFacts(metadata, study);
  return (
    <div className="document-context" data-testid="document-context">
      <div className="document-context-patient">
        <PatientLines facts={facts} as="span" />
      </div>
      <div className="document-context-study">
        <StudyLines facts={facts} as="span" />
      </div>
      {children ? <div className="document-context-tools">{children}</div> : null}
    </div>
  );
}
