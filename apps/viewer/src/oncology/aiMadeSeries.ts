import type { MeasurementReport } from '@longview/measurement-report';
import { deviceObserverText } from '../results/reportOrigin';
import { segmentSourceText } from './SegmentationPanel';
import type { StudySegmentation } from './useTumorBoardObjects';

/**
 * The study's series that a program made (issue 27: AI results are marked as such wherever they
 * appear), each with who made it in words: a SEG with segments of Segment Algorithm Type
 * AUTOMATIC or SEMIAUTOMATIC ("AI: <device, version>", and how many of its segments when not
 * all), and a TID 1500 report whose observer is a device (TID 1004).
 */
export function aiMadeSeriesOf(segmentations: readonly StudySegmentation[], reports: readonly MeasurementReport[]): ReadonlyMap<string, string> {
  const madeBy = new Map<string, string>();
  for (const entry of segmentations) {
    if (entry.kind !== 'read') continue;
    const { segments } = entry.segmentation;
    const byProgram = segments.filter((segment) => segment.source.kind === 'ai');
    const [first] = byProgram;
    if (!first || madeBy.has(entry.seriesUid)) continue;
    madeBy.set(entry.seriesUid, byProgram.length === segments.length ? segmentSourceText(first) : `${segmentSourceText(first)} · ${byProgram.length} of ${segments.length} segments`);
  }
  for (const report of reports) {
    if (report.device && !madeBy.has(report.seriesInstanceUid)) madeBy.set(report.seriesInstanceUid, `AI: ${deviceObserverText(report.device)}`);
  }
  return madeBy;
}
