import { describe, expect, it } from 'vitest';
import type { DicomJson } from '@longview/dicom-meta';
import { aiReportFile, segmentation } from '../testing/aiReport';
import { isMeasurementReport, readMeasurementReport } from './index';

const CONTENT_SEQUENCE = '0040A730';
const CONCEPT_NAME = '0040A043';
const CODE_VALUE = '00080100';

/** The content items (DICOM JSON) below `item`, depth first. */
function contentItems(item: DicomJson): DicomJson[] {
  const children = (item[CONTENT_SEQUENCE]?.Value ?? []) as DicomJson[];
  return children.flatMap((child) => [child, ...contentItems(child)]);
}
const conceptValueOf = (item: DicomJson) => ((item[CONCEPT_NAME]?.Value?.[0] as DicomJson | undefined)?.[CODE_VALUE]?.Value?.[0] as string | undefined) ?? '';
/** The writer's document with the items of these concept values changed by `edit` (a copy: the original is kept). */
function edited(metadata: DicomJson, edits: Record<string, (item: DicomJson) => void>): DicomJson {
  const copy = structuredClone(metadata);
  for (const item of contentItems(copy)) edits[conceptValueOf(item)]?.(item);
  return copy;
}

describe('the AI report the corpus writes (TID 1500 by a device, one TID 1411 finding on a SEG segment)', () => {
  const { metadata, truth } = aiReportFile();
  const report = readMeasurementReport(metadata);
  const [finding] = truth.findings;
  if (!finding) throw new Error('the writer wrote no finding');

  it('names the device as its observer, and no person', () => {
    expect(isMeasurementReport(metadata)).toBe(true);
    expect(report.observerName).toBeUndefined();
    expect(report.device).toEqual({
      uid: truth.device.deviceObserverUid,
      name: truth.device.name,
      manufacturer: truth.device.manufacturer,
      model: truth.device.manufacturerModelName,
    });
  });

  it('reads the finding on the segment with its algorithm and values as coded, and calls it no image measurement left out', () => {
    expect(report.measurements).toEqual([]);
    expect(report.problems).toEqual([]);
    expect(report.segmentFindings).toEqual([
      {
        trackingIdentifier: finding.trackingIdentifier,
        trackingUid: finding.trackingUid,
        finding: { value: finding.finding.CodeValue, scheme: finding.finding.CodingSchemeDesignator, meaning: finding.finding.CodeMeaning },
        findingSite: undefined,
        algorithm: { name: finding.algorithmName, version: finding.algorithmVersion },
        segment: { segmentationSopInstanceUid: truth.segmentationSopInstanceUid, segmentNumber: finding.referencedSegmentNumber },
        values: [
          { concept: { value: '118565006', scheme: 'SCT', meaning: 'Volume' }, derivation: undefined, value: finding.volumeMl, unit: 'ml' },
          { concept: { value: '126401', scheme: 'DCM', meaning: 'SUVbw' }, derivation: { value: '56851009', scheme: 'SCT', meaning: 'Maximum' }, value: finding.suvbwMax, unit: '{SUVbw}g/ml' },
        ],
        problems: [],
      },
    ]);
    expect([finding.volumeUnit, finding.suvbwUnit]).toEqual(['ml', '{SUVbw}g/ml']);
    // The segment it names is the SEG's "Lymph node".
    expect(segmentation.segments.find((segment) => segment.segmentNumber === finding.referencedSegmentNumber)?.label).toBe('Lymph node');
  });

  it('reads the missing-segment variant without complaint: the segment number is the SEG\'s to check', () => {
    const hostile = aiReportFile('missing-segment');
    const [read] = readMeasurementReport(hostile.metadata).segmentFindings;
    expect(hostile.truth.referencedSegmentExists).toBe(false);
    expect(read?.segment).toEqual({ segmentationSopInstanceUid: hostile.truth.segmentationSopInstanceUid, segmentNumber: hostile.truth.findings[0]?.referencedSegmentNumber });
    expect(segmentation.segments.map((segment) => segment.segmentNumber)).not.toContain(read?.segment.segmentNumber);
    expect(read?.values).toHaveLength(2);
  });

  it('says which value has no number, and finds the algorithm on a value when the group names none', () => {
    const withoutNumber = edited(metadata, {
      // SUVbw: its measured value gone, a qualifier saying why (PS3.16 CID 42).
      '126401': (item) => {
        delete item['0040A300'];
        item['0040A301'] = { vr: 'SQ', Value: [{ [CODE_VALUE]: { vr: 'SH', Value: ['114006'] }, '00080102': { vr: 'SH', Value: ['DCM'] }, '00080104': { vr: 'LO', Value: ['Measurement failure'] } }] };
      },
    });
    const [read] = readMeasurementReport(withoutNumber).segmentFindings;
    expect(read?.values.map((value) => value.concept.meaning)).toEqual(['Volume']);
    expect(read?.problems).toEqual(['Finding “Lymph node”: its SUVbw has no number (Measurement failure).']);
  });

  it('a report with no device observer has none, and a person\'s name stays the observer', () => {
    const byPerson = edited(metadata, {});
    const root = byPerson[CONTENT_SEQUENCE]?.Value as DicomJson[];
    const personal = root.filter((item) => !['121005', '121012', '121013', '121014', '121015'].includes(conceptValueOf(item)));
    byPerson[CONTENT_SEQUENCE] = { vr: 'SQ', Value: personal };
    const read = readMeasurementReport(byPerson);
    expect(read.device).toBeUndefined();
    expect(read.segmentFindings).toHaveLength(1);
  });
});
