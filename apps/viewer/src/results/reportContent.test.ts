import { describe, expect, it } from 'vitest';
import type { MeasurementReport, ReportMeasurement } from '@longview/measurement-report';
import type { Measurement } from '@longview/render';
import { handlesOf, hasUnsavedMeasurements, nextReportContent, pageMeasurementsOf, reportPointsOf, savedMeasurementsOnStack, symbolOfUcum, ucumOfSymbol } from './reportContent';

const STUDY = '1.2.3';
const CT = '1.2.840.10008.5.1.4.1.1.2';

function measurement(overrides: Partial<Measurement>): Measurement {
  return {
    uid: 'a1',
    kind: 'length',
    imageId: 'wadors:/studies/1.2.3/series/1.2.3.4/instances/1.2.3.4.5/frames/1',
    seriesInstanceUid: '1.2.3.4',
    seriesNumber: 2,
    instanceNumber: 7,
    values: [{ name: 'Length', value: 12.5, unit: 'mm', text: '12.5 mm' }],
    calibrationNote: undefined,
    label: undefined,
    studyInstanceUid: STUDY,
    sopInstanceUid: '1.2.3.4.5',
    sopClassUid: CT,
    frameNumber: undefined,
    points: [
      { column: 10, row: 20 },
      { column: 30, row: 20 },
    ],
    origin: undefined,
    isReadOnly: false,
    isShared: false,
    ...overrides,
  };
}

const report = (measurements: ReportMeasurement[], sop = '2.25.1'): MeasurementReport => ({
  sopInstanceUid: sop,
  seriesInstanceUid: '2.25.9',
  studyInstanceUid: STUDY,
  observerName: 'Okafor^Ngozi',
  device: undefined,
  contentDateTime: new Date('2026-12-05T10:00:00Z'),
  manufacturer: 'Longview',
  softwareVersions: undefined,
  predecessors: [],
  measurements,
  segmentFindings: [],
  problems: [],
});

describe('units', () => {
  it('writes UCUM and shows the panel symbols', () => {
    expect(['mm', 'mm²', '°', 'HU', 'px', ''].map(ucumOfSymbol)).toEqual(['mm', 'mm2', 'deg', "[hnsf'U]", '{px}', '1']);
    expect(['mm', 'mm2', 'deg', "[hnsf'U]", '{px}', '1', '{SUVbw}g/ml', 'Bq/mL', '{SUVlbm}g/ml'].map(symbolOfUcum)).toEqual(['mm', 'mm²', '°', 'HU', 'px', '', 'g/ml', 'Bq/ml', '{SUVlbm}g/ml']);
    expect(['g/ml', 'Bq/ml'].map(ucumOfSymbol)).toEqual(['{SUVbw}g/ml', 'Bq/mL']);
  });
});

describe('pageMeasurementsOf', () => {
  it("takes the reader's own measurements of this study, with SCOORD points (first pixel centre 0.5, 0.5) and UCUM values", () => {
    const page = pageMeasurementsOf(
      [
        measurement({}),
        measurement({ uid: 'other-reader', isReadOnly: true }),
        measurement({ uid: 'from-a-board-link', isShared: true }),
        measurement({ uid: 'prior', studyInstanceUid: '9.9.9' }),
        measurement({ uid: 'released', kind: 'probe', points: [{ column: 3, row: 4 }], values: [{ name: 'Value', value: undefined, unit: 'HU', text: '—' }] }),
      ],
      STUDY,
    );
    expect(page.map((m) => m.uid)).toEqual(['a1', 'released']);
    expect(page[0]?.content).toEqual({
      kind: 'length',
      image: { studyInstanceUid: STUDY, seriesInstanceUid: '1.2.3.4', sopInstanceUid: '1.2.3.4.5', sopClassUid: CT },
      points: [
        { column: 10.5, row: 20.5 },
        { column: 30.5, row: 20.5 },
      ],
      values: [{ name: 'Length', value: 12.5, unit: 'mm' }],
    });
    // A value the page could not compute is left out rather than written as a number.
    expect(page[1]?.content.values).toEqual([]);
  });

  it('names the frame of a multi-frame image', () => {
    const [page] = pageMeasurementsOf([measurement({ frameNumber: 3 })], STUDY);
    expect(page?.content.image.frameNumber).toBe(3);
  });
});

describe('points between Cornerstone handles and the report', () => {
  const p = (column: number, row: number) => ({ column, row });
  it("writes an ellipse major axis first and reads it back as Cornerstone's bottom (smaller row), top, left, right", () => {
    const tall = [p(50, 20), p(50, 80), p(40, 50), p(60, 50)];
    expect(reportPointsOf('ellipse', tall)).toEqual([p(50, 80), p(50, 20), p(40, 50), p(60, 50)]);
    expect(handlesOf('ellipse', reportPointsOf('ellipse', tall))).toEqual(tall);
    const wide = [p(50, 45), p(50, 55), p(10, 50), p(90, 50)];
    expect(reportPointsOf('ellipse', wide)).toEqual([p(10, 50), p(90, 50), p(50, 55), p(50, 45)]);
    expect(handlesOf('ellipse', reportPointsOf('ellipse', wide))).toEqual(wide);
    // Another program's ellipse, minor axis first and ends in any order: the same handles.
    expect(handlesOf('ellipse', [p(50, 45), p(50, 55), p(90, 50), p(10, 50)])).toEqual(wide);
  });
  it('writes a rectangle around its outline (Cornerstone keeps diagonals 0-3 and 1-2)', () => {
    const handles = [p(0, 10), p(20, 10), p(0, 0), p(20, 0)];
    const outline = reportPointsOf('rectangle', handles);
    expect(outline).toEqual([p(0, 10), p(20, 10), p(20, 0), p(0, 0)]);
    outline.forEach((corner, i) => {
      const next = outline[(i + 1) % 4] as typeof corner;
      expect(corner.column === next.column || corner.row === next.row).toBe(true); // each step is an edge
    });
    expect(handlesOf('rectangle', outline)).toEqual(handles);
  });
  it("keeps an arrow's tip, and draws its tail again beside it", () => {
    expect(reportPointsOf('arrow', [p(5, 6), p(40, 1)])).toEqual([p(5, 6)]);
    expect(handlesOf('arrow', [p(5, 6)])[0]).toEqual(p(5, 6));
  });
});

describe('versions of the reader report', () => {
  const saved = pageMeasurementsOf([measurement({})], STUDY).map((m) => m.content);
  const latest = report([...saved, { ...(saved[0] as ReportMeasurement), image: { ...(saved[0] as ReportMeasurement).image, sopInstanceUid: '1.2.3.4.99' } }]);
  const origin = (itemIndex: number) => ({ reportSopInstanceUid: '2.25.1', itemIndex, readerName: 'Okafor^Ngozi', savedAt: undefined, reportedValues: undefined });

  it('nothing is unsaved when the page shows the report as it is', () => {
    const page = pageMeasurementsOf([measurement({ origin: origin(0) })], STUDY);
    expect(hasUnsavedMeasurements(page, latest, new Set([0]))).toBe(false);
    // float32 in the report: a thousandth of a pixel is the same place
    const nudged = pageMeasurementsOf([measurement({ origin: origin(0), points: [{ column: 10.0004, row: 20 }, { column: 30, row: 20 }] })], STUDY);
    expect(hasUnsavedMeasurements(nudged, latest, new Set([0]))).toBe(false);
  });
  it('a line whose ends come back swapped is the same line', () => {
    const swapped = pageMeasurementsOf([measurement({ origin: origin(0), points: [{ column: 30, row: 20 }, { column: 10, row: 20 }] })], STUDY);
    expect(hasUnsavedMeasurements(swapped, latest, new Set([0]))).toBe(false);
  });
  it('a new, moved or deleted measurement is unsaved', () => {
    expect(hasUnsavedMeasurements(pageMeasurementsOf([measurement({})], STUDY), undefined, new Set())).toBe(true);
    expect(hasUnsavedMeasurements(pageMeasurementsOf([measurement({ origin: origin(0), points: [{ column: 10, row: 20 }, { column: 31, row: 20 }] })], STUDY), latest, new Set([0]))).toBe(true);
    expect(hasUnsavedMeasurements([], latest, new Set([0]))).toBe(true);
    // Item 1 was never shown (its series not opened): not deleted, so nothing to save.
    expect(hasUnsavedMeasurements([], latest, new Set())).toBe(false);
  });
  it('the next version holds the page and the items never shown, not the deleted ones', () => {
    const page = pageMeasurementsOf([measurement({ uid: 'new', points: [{ column: 1, row: 1 }, { column: 2, row: 2 }] })], STUDY);
    const next = nextReportContent(page, latest, new Set([0]));
    expect(next.measurements.map((m) => m.image.sopInstanceUid)).toEqual(['1.2.3.4.5', '1.2.3.4.99']);
    expect(next.measurements[0]?.points[0]).toEqual({ column: 1.5, row: 1.5 });
    expect([...next.itemOfUid]).toEqual([['new', 0]]);
  });
});

describe('savedMeasurementsOnStack', () => {
  const images = [
    { imageId: 'i1', sopInstanceUid: '1.2.3.4.4', frame: 1, instanceNumber: 6 },
    { imageId: 'i2', sopInstanceUid: '1.2.3.4.5', frame: 1, instanceNumber: 7 },
  ];
  it('places each measurement on its image of the stack, in pixel index coordinates, read-only with the stated values for another reader', () => {
    const other = report(
      [
        { kind: 'length', image: { studyInstanceUid: STUDY, seriesInstanceUid: '1.2.3.4', sopInstanceUid: '1.2.3.4.5', sopClassUid: CT }, points: [{ column: 10.5, row: 20.5 }, { column: 30.5, row: 20.5 }], values: [{ name: 'Length', value: 14, unit: 'mm' }] },
        { kind: 'length', image: { studyInstanceUid: STUDY, seriesInstanceUid: '7.7', sopInstanceUid: '7.7.7', sopClassUid: CT }, points: [], values: [] },
      ],
      '2.25.5',
    );
    const placed = savedMeasurementsOnStack(other, images, true);
    expect(placed).toHaveLength(1);
    expect(placed[0]).toMatchObject({
      kind: 'length',
      imageIndex: 1,
      points: [
        { column: 10, row: 20 },
        { column: 30, row: 20 },
      ],
      isReadOnly: true,
      origin: { reportSopInstanceUid: '2.25.5', itemIndex: 0, readerName: 'Okafor^Ngozi', reportedValues: [{ name: 'Length', value: 14, unit: 'mm', text: '14.0 mm' }] },
    });
    expect(savedMeasurementsOnStack(other, images, false)[0]?.origin.reportedValues).toBeUndefined();
  });
});
