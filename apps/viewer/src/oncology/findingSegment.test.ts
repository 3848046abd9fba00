import { describe, expect, it } from 'vitest';
import type { FindingValue, SegmentFinding } from '@longview/measurement-report';
import { findingNameOf, findingSegmentOf, findingSourceText, findingValueText, isAiFinding, type SegmentationsState } from './findingSegment';
import type { StudySegmentation } from './useTumorBoardObjects';

const SEG = '2.25.300';
const CT_SERIES = '2.25.2';

/** A read SEG with these segments, each with voxels centred on the CT image `2.25.2.<number>`; only what findingSegmentOf reads is filled in. */
function readSegmentation(labels: string[], isShowable = true): StudySegmentation {
  return {
    kind: 'read',
    seriesUid: '2.25.30',
    sopInstanceUid: SEG,
    segmentation: { referencedSeriesUid: CT_SERIES, segments: labels.map((label, index) => ({ number: index + 1, label })) },
    check: { isShowable, problems: [], referencedSeries: undefined },
    measurements: labels.map((_, index) => ({ segmentNumber: index + 1, slices: { centre: { referencedSopInstanceUid: `${CT_SERIES}.${index + 1}` } } })),
  } as unknown as StudySegmentation;
}
const read = (...segmentations: StudySegmentation[]): SegmentationsState => ({ kind: 'read', objects: { segmentations } });

describe('findingSegmentOf: the segment a finding is on, or why it cannot be shown', () => {
  it('finds the segment by the SEG\'s SOP Instance UID and the segment number, with its centre slice to go to', () => {
    const located = findingSegmentOf({ segmentationSopInstanceUid: SEG, segmentNumber: 2 }, read(readSegmentation(['Tumor', 'Lymph node'])));
    expect(located.kind).toBe('found');
    if (located.kind !== 'found') return;
    expect(located.segment.label).toBe('Lymph node');
    expect(located.jumpTo).toEqual({ seriesUid: CT_SERIES, sopInstanceUid: `${CT_SERIES}.2` });
    // A SEG that cannot be shown on its images still has the segment, but nowhere to go.
    const hidden = findingSegmentOf({ segmentationSopInstanceUid: SEG, segmentNumber: 2 }, read(readSegmentation(['Tumor', 'Lymph node'], false)));
    expect(hidden.kind === 'found' && hidden.jumpTo).toBeUndefined();
  });

  it('says so in words when the segment number is not in the SEG (the corpus\'s missing-segment report)', () => {
    expect(findingSegmentOf({ segmentationSopInstanceUid: SEG, segmentNumber: 3 }, read(readSegmentation(['Tumor', 'Lymph node'])))).toEqual({
      kind: 'missing',
      message: 'The finding names segment 3, which the segmentation does not have (its segments: 1 “Tumor”, 2 “Lymph node”), so it cannot be shown.',
    });
  });

  it('says so when the SEG is not in the study, is unreadable, or the segmentations failed; waits while they are read', () => {
    const reference = { segmentationSopInstanceUid: '2.25.404', segmentNumber: 1 };
    expect(findingSegmentOf(reference, read(readSegmentation(['Tumor'])))).toEqual({ kind: 'missing', message: 'The segmentation this finding is on is not in this study, so its segment cannot be shown.' });
    const unreadable: StudySegmentation = { kind: 'unreadable', seriesUid: '2.25.40', sopInstanceUid: '2.25.404', message: 'This segmentation cannot be shown: it has no frames.' };
    expect(findingSegmentOf(reference, read(unreadable))).toMatchObject({ kind: 'missing', message: expect.stringContaining('could not be read') as unknown });
    expect(findingSegmentOf(reference, { kind: 'failed' }).kind).toBe('missing');
    expect(findingSegmentOf(reference, { kind: 'reading' })).toEqual({ kind: 'reading' });
  });
});

describe('what a finding shows', () => {
  const volume: FindingValue = { concept: { value: '118565006', scheme: 'SCT', meaning: 'Volume' }, derivation: undefined, value: 1.876831, unit: 'ml' };
  const suv: FindingValue = {
    concept: { value: '126401', scheme: 'DCM', meaning: 'SUVbw' },
    derivation: { value: '56851009', scheme: 'SCT', meaning: 'Maximum' },
    value: 14.430808,
    unit: '{SUVbw}g/ml',
  };
  const finding: SegmentFinding = {
    trackingIdentifier: 'Lymph node 1',
    trackingUid: '2.25.9',
    finding: { value: '59441001', scheme: 'SCT', meaning: 'Lymph node' },
    findingSite: undefined,
    algorithm: { name: 'NodeFinder lymph node detector', version: '3.2.1' },
    segment: { segmentationSopInstanceUid: SEG, segmentNumber: 2 },
    values: [volume, suv],
    problems: [],
  };
  const device = { uid: '2.25.7', name: 'NodeFinder', manufacturer: 'Acme Oncology AI', model: 'NodeFinder PET/CT' };

  it('names each value as coded, with its derivation and its unit without the UCUM annotation', () => {
    expect(findingValueText(volume)).toEqual({ name: 'Volume', shown: '1.88 ml' });
    expect(findingValueText(suv)).toEqual({ name: 'SUVbw max', shown: '14.4 g/ml' });
    expect(findingValueText({ ...volume, unit: '1', value: -0.5 })).toEqual({ name: 'Volume', shown: '-0.50' });
  });

  it('names the finding, and its maker as an AI with the device and the algorithm\'s version', () => {
    expect(findingNameOf(finding)).toBe('Lymph node');
    expect(findingNameOf({ ...finding, finding: undefined })).toBe('Lymph node 1');
    expect(findingSourceText(device, finding)).toBe('AI: NodeFinder (Acme Oncology AI NodeFinder PET/CT) · NodeFinder lymph node detector, version 3.2.1');
    expect(findingSourceText(undefined, { ...finding, algorithm: undefined })).toBe('AI: an unnamed algorithm');
    expect(isAiFinding(device, finding)).toBe(true);
    expect(isAiFinding(undefined, { ...finding, algorithm: undefined })).toBe(false);
  });
});
