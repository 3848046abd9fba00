import { describe, expect, it } from 'vitest';
import type { MeasurementReport } from '@longview/measurement-report';
import type { Segment } from '@longview/segmentation';
import { aiMadeSeriesOf } from './aiMadeSeries';
import type { StudySegmentation } from './useTumorBoardObjects';

const BY_PROGRAM: Segment['source'] = { kind: 'ai', manufacturer: 'Acme Oncology AI', model: 'NodeFinder PET/CT', softwareVersions: ['3.2.1'], algorithmName: 'NodeFinder lymph node detector', algorithmVersion: undefined };
const BY_HAND: Segment['source'] = { kind: 'manual', creator: 'Reader^Rita' };

/** A read SEG in series `seriesUid` whose segments were made as `sources` say; only what aiMadeSeriesOf reads is filled in. */
function segmentation(seriesUid: string, sources: Array<Segment['source']>): StudySegmentation {
  return { kind: 'read', seriesUid, sopInstanceUid: `${seriesUid}.1`, segmentation: { segments: sources.map((source, index) => ({ number: index + 1, label: `S${index + 1}`, source })) } } as unknown as StudySegmentation;
}

function report(seriesUid: string, device: MeasurementReport['device']): MeasurementReport {
  return { seriesInstanceUid: seriesUid, sopInstanceUid: `${seriesUid}.1`, device } as unknown as MeasurementReport;
}

describe('aiMadeSeriesOf: the series a program made, and who', () => {
  it('marks a SEG by its algorithm-made segments, saying how many when a reader drew the others', () => {
    const marks = aiMadeSeriesOf([segmentation('2.25.10', [BY_HAND, BY_PROGRAM]), segmentation('2.25.11', [BY_PROGRAM]), segmentation('2.25.12', [BY_HAND])], []);
    expect([...marks]).toEqual([
      ['2.25.10', 'AI: Acme Oncology AI NodeFinder PET/CT, 3.2.1 · 1 of 2 segments'],
      ['2.25.11', 'AI: Acme Oncology AI NodeFinder PET/CT, 3.2.1'],
    ]);
  });

  it('marks a report whose observer is a device, never one a reader signed; an unreadable SEG is not marked', () => {
    const device = { uid: '2.25.9', name: 'NodeFinder', manufacturer: 'Acme Oncology AI', model: 'NodeFinder PET/CT' } as MeasurementReport['device'];
    const unreadable: StudySegmentation = { kind: 'unreadable', seriesUid: '2.25.13', sopInstanceUid: '2.25.13.1', message: 'no frames' };
    const marks = aiMadeSeriesOf([unreadable], [report('2.25.20', device), report('2.25.21', undefined)]);
    expect([...marks]).toEqual([['2.25.20', 'AI: NodeFinder (Acme Oncology AI NodeFinder PET/CT)']]);
  });
});
