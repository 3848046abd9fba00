import type { ReactNode } from 'react';
import { formatDicomDate, formatPersonName, getNumber, getPersonName, getString, type DicomJson, type EdgeLabels } from '@longview/dicom-meta';
import type { StudySummary } from '@longview/dicomweb';

/** The patient and study facts every viewport shows beside its content. */
export interface PatientStudyFacts {
  patientName: string | undefined;
  patientId: string | undefined;
  birthDate: string | undefined;
  sex: string | undefined;
  studyDate: string | undefined;
  studyDescription: string | undefined;
  seriesNumber: number | undefined;
  seriesDescription: string | undefined;
}

/**
 * Identity from the object's own metadata when present, else from the study search: the
 * context then always names the patient the pixels (or the document) belong to.
 */
export function patientStudyFacts(metadata: DicomJson | undefined, study: StudySummary | undefined): PatientStudyFacts {
  return {
    patientName: (metadata && getPersonName(metadata, 'PatientName')) ?? study?.patientName,
    patientId: (metadata && getString(metadata, 'PatientID')) ?? study?.patientId,
    birthDate: (metadata && getString(metadata, 'PatientBirthDate')) ?? study?.patientBirthDate,
    sex: (metadata && getString(metadata, 'PatientSex')) ?? study?.patientSex,
    studyDate: (metadata && getString(metadata, 'StudyDate')) ?? study?.studyDate,
    studyDescription: (metadata && getString(metadata, 'StudyDescription')) ?? study?.studyDescription,
    seriesNumber: metadata ? getNumber(metadata, 'SeriesNumber') : undefined,
    seriesDescription: metadata ? getString(metadata, 'SeriesDescription') : undefined,
  };
}

type LineTag = 'div' | 'span';

/** Name, ID, birth date and sex: one line each in an overlay corner (div), or inline (span). Test ids start with `testIds`. */
export function PatientLines({ facts, as: Line = 'div', testIds = 'overlay' }: { facts: PatientStudyFacts; as?: LineTag; testIds?: string }) {
  return (
    <>
      <Line data-testid={`${testIds}-patient-name`}>{formatPersonName(facts.patientName)}</Line>
      <Line data-testid={`${testIds}-patient-id`}>{facts.patientId}</Line>
      <Line data-testid={`${testIds}-patient-birth`}>
        {formatDicomDate(facts.birthDate)} {facts.sex}
      </Line>
    </>
  );
}

/** Study date and description, and the series when it is known. */
export function StudyLines({
  facts,
  as: Line = 'div',
  showSeries = true,
  testIds = 'overlay',
}: {
  facts: PatientStudyFacts;
  as?: LineTag;
  showSeries?: boolean;
  testIds?: string;
}) {
  return (
    <>
      <Line data-testid={`${testIds}-study-date`}>{formatDicomDate(facts.studyDate)}</Line>
      <Line data-testid={`${testIds}-study-description`}>{facts.studyDescription}</Line>
      {showSeries ? (
        <Line data-testid={`${testIds}-series`}>
          {facts.seriesNumber !== undefined ? `Se ${facts.seriesNumber}` : ''} {facts.seriesDescription}
        </Line>
      ) : null}
    </>
  );
}

/** An overlay's two top corners: the patient on the left, the study (and what follows it) on the right. */
export function PatientStudyCorners({
  facts,
  showSeries = true,
  testIds = 'overlay',
  children,
}: {
  facts: PatientStudyFacts;
  showSeries?: boolean;
  /** Where two overlays are on screen at once (a first paint under the engine's), the second's test ids differ. */
  testIds?: string;
  children?: ReactNode;
}) {
  return (
    <>
      <div className="corner top-left">
        <PatientLines facts={facts} testIds={testIds} />
      </div>
      <div className="corner top-right">
        <StudyLines facts={facts} showSeries={showSeries} testIds={testIds} />
        {children}
      </div>
    </>
  );
}

/** The orientation labels on the four edges of an image; `testIds` names them (`marker-left`, …) where given. */
export function EdgeMarkers({ edges, testIds }: { edges: EdgeLabels; testIds?: string }) {
  const testId = (edge: keyof EdgeLabels) => (testIds ? `${testIds}-${edge}` : undefined);
  return (
    <>
      <div className="edge edge-left" data-testid={testId('left')}>{edges.left}</div>
      <div className="edge edge-right" data-testid={testId('right')}>{edges.right}</div>
      <div className="edge edge-top" data-testid={testId('top')}>{edges.top}</div>
      <div className="edge edge-bottom" data-testid={testId('bottom')}>{edges.bottom}</div>
    </>
  );
}
