import { useMemo } from 'react';
import type { ArchiveClient } from '@longview/dicomweb';
import { latestReportPerReader, type MeasurementReport, type SegmentFinding } from '@longview/measurement-report';
import { reportAuthorText, SEGMENT_FINDINGS_TITLE } from '../results/reportOrigin';
import { useSavedResults } from '../results/useSavedResults';
import { findingNameOf, findingSegmentOf, findingSourceText, findingValueText, isAiFinding, type SegmentationsState } from './findingSegment';
import { storedApartText } from './separateResults';
import { useSegmentationStore } from './segmentationStore';
import { useSeparateReports, type SeparateReport } from './useSeparateResultsStudies';
import type { StoredApart } from './useTumorBoardObjects';

/** A finding on a segment, with the report that states it. */
export interface ReportedFinding {
  report: MeasurementReport;
  finding: SegmentFinding;
  /** Where the report is stored when it is in a separate study about this one. */
  storedApart?: StoredApart;
}

/** The findings of each observer's latest report stored in separate studies, with where each is stored. */
function separateFindingsOf(separate: readonly SeparateReport[]): ReportedFinding[] {
  return latestReportPerReader(separate.map(({ report }) => report)).flatMap(({ latest }) => {
    const storedApart = separate.find(({ report }) => report.sopInstanceUid === latest.sopInstanceUid)?.storedApart;
    return latest.segmentFindings.map((finding) => ({ report: latest, finding, storedApart }));
  });
}

/**
 * The study's findings on segments: those of each observer's latest report (a replaced version's
 * are not shown), then those of reports stored in separate studies that describe this one.
 */
export function useSegmentFindings(archive: ArchiveClient | undefined, studyUid: string): ReportedFinding[] {
  const saved = useSavedResults(archive, studyUid, archive !== undefined);
  const separate = useSeparateReports(archive, studyUid);
  return useMemo(
    () => [...saved.readers.flatMap(({ latest }) => latest.segmentFindings.map((finding) => ({ report: latest, finding }))), ...separateFindingsOf(separate)],
    [saved.readers, separate],
  );
}

function FindingItem({ reported, segmentations }: { reported: ReportedFinding; segmentations: SegmentationsState }) {
  const { report, finding } = reported;
  const { segmentationSopInstanceUid: uid, segmentNumber } = finding.segment;
  const located = findingSegmentOf(finding.segment, segmentations);
  const isSelected = useSegmentationStore((state) => state.selected?.segmentationUid === uid && state.selected.segmentNumber === segmentNumber);
  const select = useSegmentationStore((state) => state.select);
  const setSegmentHidden = useSegmentationStore((state) => state.setSegmentHidden);
  const isAi = isAiFinding(report.device, finding);
  const name = findingNameOf(finding);
  // Showing a finding shows its segment: selected in the list, drawn (unhidden), its centre slice in view.
  const show = () => {
    if (located.kind !== 'found') return;
    setSegmentHidden(uid, segmentNumber, false);
    select(uid, segmentNumber, located.jumpTo);
  };
  return (
    <li className={`finding${isSelected ? ' selected' : ''}`} data-testid="finding" data-report-uid={report.sopInstanceUid} data-tracking-uid={finding.trackingUid} data-segment-number={segmentNumber} data-segment-state={located.kind} data-ai={isAi} data-stored-apart={reported.storedApart?.studyInstanceUid}>
      <button type="button" className="segment-name" disabled={located.kind !== 'found'} title={located.kind === 'found' ? `Show the segment “${located.segment.label}”` : undefined} onClick={show}>
        {name}
      </button>
      {isAi ? (
        <span className="finding-ai-mark" data-testid="finding-ai-mark" title="Made by a program, not by a reader; not verified unless the report says so">
          AI-generated
        </span>
      ) : null}
      {located.kind === 'found' && located.segment.label !== name ? <span className="segment-source">on the segment “{located.segment.label}”</span> : null}
      <dl>
        {finding.values.map((value, index) => {
          const { name: valueName, shown } = findingValueText(value);
          return (
            <div key={index} data-testid="finding-value" data-concept={`${value.concept.scheme}:${value.concept.value}`} data-value={value.value} data-unit={value.unit}>
              <dt>{valueName}</dt>
              <dd>{shown}</dd>
            </div>
          );
        })}
      </dl>
      <span className="segment-source finding-source" data-testid="finding-source">
        {isAi ? findingSourceText(report.device, finding) : `by ${reportAuthorText(report)}`}
      </span>
      {reported.storedApart ? (
        <span className="segment-source" data-testid="finding-stored-apart">
          {storedApartText(reported.storedApart.studyDate)}
        </span>
      ) : null}
      {located.kind === 'missing' ? (
        <p className="measurement-note" role="alert" data-testid="finding-problem">
          {located.message}
        </p>
      ) : null}
      {finding.problems.map((problem) => (
        <p key={problem} className="measurement-note">
          {problem}
        </p>
      ))}
    </li>
  );
}

/**
 * The findings that reports state on the study's segments (TID 1411 on a SEG segment: an AI's
 * lymph node with its volume and SUVmax, say): each with its values as the report codes them,
 * who made it (an AI marked as such), and a button that shows its segment. A finding whose SEG or
 * segment is not in the study says so instead.
 */
export function FindingsSection({ findings, segmentations }: { findings: readonly ReportedFinding[]; segmentations: SegmentationsState }) {
  if (findings.length === 0) return null;
  return (
    <section className="segmentation findings" data-testid="findings">
      <h2>{SEGMENT_FINDINGS_TITLE}</h2>
      <ol aria-label={SEGMENT_FINDINGS_TITLE}>
        {findings.map((reported, index) => (
          <FindingItem key={`${reported.report.sopInstanceUid}/${reported.finding.trackingUid ?? index}`} reported={reported} segmentations={segmentations} />
        ))}
      </ol>
    </section>
  );
}
