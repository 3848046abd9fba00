import type { DeviceObserver, FindingValue, ReferencedSegment, SegmentFinding } from '@longview/measurement-report';
import type { Segment } from '@longview/segmentation';
import { deviceObserverText } from '../results/reportOrigin';
import { segmentJumpOf, type StudySegmentation, type TumorBoardObjects } from './useTumorBoardObjects';

/** The study's segmentations as far as they are known: still being read, failed, or read. */
export type SegmentationsState = { kind: 'reading' } | { kind: 'failed' } | { kind: 'read'; objects: Pick<TumorBoardObjects, 'segmentations'> };

/** The segment a finding is on, found in the study's SEGs, or why it cannot be shown (in words for the reader). */
export type FindingSegment =
  | { kind: 'reading' }
  | {
      kind: 'found';
      entry: Extract<StudySegmentation, { kind: 'read' }>;
      segment: Segment;
      jumpTo: { seriesUid: string; sopInstanceUid: string } | undefined;
    }
  | { kind: 'missing'; message: string };

/** A finding's segment: the SEG of that SOP Instance UID among the study's, and the segment of that number in it. */
export function findingSegmentOf(reference: ReferencedSegment, state: SegmentationsState): FindingSegment {
  if (state.kind === 'reading') return { kind: 'reading' };
  if (state.kind === 'failed') return { kind: 'missing', message: 'The segmentations could not be read, so the segment of this finding cannot be shown.' };
  const entry = state.objects.segmentations.find((candidate) => candidate.sopInstanceUid === reference.segmentationSopInstanceUid);
  if (!entry) return { kind: 'missing', message: 'The segmentation this finding is on is not in this study, so its segment cannot be shown.' };
  if (entry.kind === 'unreadable') return { kind: 'missing', message: `The segmentation this finding is on could not be read, so its segment cannot be shown. ${entry.message}` };
  const segment = entry.segmentation.segments.find((candidate) => candidate.number === reference.segmentNumber);
  if (!segment) {
    const listed = entry.segmentation.segments.map((candidate) => `${candidate.number} “${candidate.label}”`).join(', ') || 'none';
    return { kind: 'missing', message: `The finding names segment ${reference.segmentNumber}, which the segmentation does not have (its segments: ${listed}), so it cannot be shown.` };
  }
  return { kind: 'found', entry, segment, jumpTo: segmentJumpOf(entry, segment.number) };
}

/** What a finding is called: its Finding, else its Finding Site, else its tracking identifier. */
export function findingNameOf(finding: SegmentFinding): string {
  return finding.finding?.meaning ?? finding.findingSite?.meaning ?? finding.trackingIdentifier ?? `Finding on segment ${finding.segment.segmentNumber}`;
}

/** Common derivations (TID 1419) as a reader says them after the value's name: "SUVbw max". */
const DERIVATION_WORDS: Readonly<Record<string, string>> = { Maximum: 'max', Minimum: 'min', Mean: 'mean', 'Standard Deviation': 'SD' };

/** A UCUM code as shown: annotations ({SUVbw}) are the value's name, not its unit, and '1' is no unit. */
const unitText = (unit: string) => (unit === '1' ? '' : unit.replace(/\{[^}]*\}/g, ''));

/**
 * A value as shown: its name as coded with its derivation ("SUVbw max"), and its number to 2
 * decimals under 10, else to 1 (as the segment list shows volumes), with its unit ("4.43 g/ml").
 */
export function findingValueText(value: FindingValue): { name: string; shown: string } {
  const derivation = value.derivation ? ` ${DERIVATION_WORDS[value.derivation.meaning] ?? value.derivation.meaning.toLowerCase()}` : '';
  const number = Math.abs(value.value) < 10 ? value.value.toFixed(2) : value.value.toFixed(1);
  const unit = unitText(value.unit);
  return { name: `${value.concept.meaning}${derivation}`, shown: unit ? `${number} ${unit}` : number };
}

/** Whether a machine made the finding: the report's observer is a device, or the finding names its algorithm (TID 4019). */
export const isAiFinding = (device: DeviceObserver | undefined, finding: SegmentFinding): boolean => device !== undefined || finding.algorithm !== undefined;

/** "AI: NodeFinder (Acme Oncology AI NodeFinder PET/CT) · NodeFinder lymph node detector, version 3.2.1" */
export function findingSourceText(device: DeviceObserver | undefined, finding: SegmentFinding): string {
  const parts = [
    device ? deviceObserverText(device) : undefined,
    finding.algorithm ? `${finding.algorithm.name}${finding.algorithm.version ? `, version ${finding.algorithm.version}` : ''}` : undefined,
  ].filter(Boolean);
  return `AI: ${parts.join(' · ') || 'an unnamed algorithm'}`;
}
