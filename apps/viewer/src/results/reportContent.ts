import type { MeasurementReport, ReportMeasurement, ReportValue } from '@longview/measurement-report';
import type { Measurement, MeasurementKind, MeasurementValue, SavedMeasurement, SavedOrigin } from '@longview/render';
import type { StackImage } from '../series/seriesStack';

/**
 * Between the page's measurements and a saved TID 1500 report: units (UCUM in the report, the
 * panel's symbols on screen) and points (SCOORD image coordinates in the report, whose first
 * pixel's centre is 0.5,0.5 per PS3.3 C.18.6.1.1; pixel index coordinates on the page, whose
 * first pixel's centre is 0,0). Pure, so the round trip is tested without a browser.
 */

/** The panel's unit symbols and their UCUM codes (PS3.16 CID 7181 and friends use UCUM). */
const UCUM_OF_SYMBOL: ReadonlyArray<readonly [string, string]> = [
  ['mm', 'mm'],
  ['mm²', 'mm2'],
  ['°', 'deg'],
  ['HU', "[hnsf'U]"],
  // A PET value shown in g/ml is always SUVbw here (PS3.16 CID 85 names it so in UCUM).
  ['g/ml', '{SUVbw}g/ml'],
  ['Bq/ml', 'Bq/mL'],
  // Uncalibrated images: UCUM has no pixel, so an annotation ({…}, dimensionless) names it.
  ['px', '{px}'],
  ['px²', '{px2}'],
  ['', '1'],
];

export function ucumOfSymbol(symbol: string): string {
  return UCUM_OF_SYMBOL.find(([shown]) => shown === symbol)?.[1] ?? `{${symbol}}`;
}

export function symbolOfUcum(ucum: string): string {
  const known = UCUM_OF_SYMBOL.find(([, code]) => code === ucum)?.[0];
  if (known !== undefined) return known;
  return /^\{.*\}$/.test(ucum) ? ucum.slice(1, -1) : ucum;
}

const SCOORD_OFFSET = 0.5;

type Point = { column: number; row: number };

const distance = (a: Point, b: Point) => Math.hypot(a.column - b.column, a.row - b.row);

/**
 * The handles of a Cornerstone annotation as the report's points (model.ts of
 * @longview/measurement-report says what each kind holds): an ellipse's four axis ends
 * (Cornerstone: bottom, top, left, right) with the major axis first, as SCOORD ELLIPSE requires
 * (PS3.3 C.18.6.1.2); a rectangle's corners around its outline (Cornerstone keeps two
 * diagonals: 0-3 and 1-2); an arrow's tip (Cornerstone draws the head at the first handle).
 */
export function reportPointsOf(kind: MeasurementKind, handles: readonly Point[]): Point[] {
  switch (kind) {
    case 'ellipse': {
      const [bottom, top, left, right] = handles;
      if (!bottom || !top || !left || !right) return [...handles];
      return distance(bottom, top) >= distance(left, right) ? [top, bottom, left, right] : [left, right, top, bottom];
    }
    case 'rectangle': {
      const [a, b, c, d] = handles;
      return a && b && c && d ? [a, b, d, c] : [...handles];
    }
    case 'arrow':
      return handles.slice(0, 1);
    default:
      return [...handles];
  }
}

/** How far from its tip a reopened arrow's tail is drawn (the report keeps the tip only), in pixels. */
export const ARROW_TAIL_PIXELS = 20;

/** The inverse of reportPointsOf: a report's points as a Cornerstone tool's handles. */
export function handlesOf(kind: MeasurementKind, points: readonly Point[]): Point[] {
  switch (kind) {
    case 'ellipse': {
      const [a1, a2, b1, b2] = points;
      if (!a1 || !a2 || !b1 || !b2) return [...points];
      const isFirstVertical = Math.abs(a2.row - a1.row) >= Math.abs(a2.column - a1.column);
      const [v1, v2, h1, h2] = isFirstVertical ? [a1, a2, b1, b2] : [b1, b2, a1, a2];
      // Cornerstone's EllipticalROITool names the end of smaller canvas y "bottom".
      const [bottom, top] = v1.row <= v2.row ? [v1, v2] : [v2, v1];
      const [left, right] = h1.column <= h2.column ? [h1, h2] : [h2, h1];
      return [bottom, top, left, right];
    }
    case 'rectangle': {
      // A closed POLYLINE repeats its first point at the end.
      const [a, b, c, d] = points;
      return a && b && c && d ? [a, b, d, c] : [...points];
    }
    case 'arrow': {
      const [tip] = points;
      return tip ? [tip, { column: tip.column + ARROW_TAIL_PIXELS, row: tip.row - ARROW_TAIL_PIXELS }] : [];
    }
    default:
      return [...points];
  }
}

/** One of the reader's measurements on the page, as report content. */
export interface PageMeasurement {
  /** The page's annotation uid. */
  uid: string;
  /** The saved report item it stands for, if it was drawn from one or saved into one. */
  origin: SavedOrigin | undefined;
  content: ReportMeasurement;
}

/**
 * The reader's own measurements of one study as report content: read-only ones (another
 * reader's), those a shared view placed (the sharer's) and those on other studies' images (a
 * prior beside it) are not the reader's to save here. A value the page could not compute (its image not in memory) is left out.
 */
export function pageMeasurementsOf(measurements: readonly Measurement[], studyInstanceUid: string): PageMeasurement[] {
  return measurements.flatMap((measurement) => {
    const { studyInstanceUid: study, seriesInstanceUid, sopInstanceUid, sopClassUid } = measurement;
    if (measurement.isReadOnly || measurement.isShared || study !== studyInstanceUid || !seriesInstanceUid || !sopInstanceUid || !sopClassUid) return [];
    const values = measurement.values.flatMap((value): ReportValue[] =>
      value.value === undefined ? [] : [{ name: value.name as ReportValue['name'], value: value.value, unit: ucumOfSymbol(value.unit) }],
    );
    const content: ReportMeasurement = {
      kind: measurement.kind,
      image: { studyInstanceUid: study, seriesInstanceUid, sopInstanceUid, sopClassUid, ...(measurement.frameNumber !== undefined ? { frameNumber: measurement.frameNumber } : {}) },
      points: reportPointsOf(measurement.kind, measurement.points).map((p) => ({ column: p.column + SCOORD_OFFSET, row: p.row + SCOORD_OFFSET })),
      values,
      ...(measurement.label ? { label: measurement.label } : {}),
    };
    return [{ uid: measurement.uid, origin: measurement.origin, content }];
  });
}

/**
 * The points that make a measurement what it is, in a canonical order: an angle's order matters
 * (its vertex is the middle one); a line's ends, an ellipse's axis ends and a rectangle's corners
 * are the same shape in any order.
 */
function canonicalPoints(measurement: ReportMeasurement): Point[] {
  if (measurement.kind === 'angle') return measurement.points;
  return [...measurement.points].sort((a, b) => a.column - b.column || a.row - b.row);
}

/** Same kind, image, label, and points within a thousandth of a pixel (the report keeps float32). */
function isSameMeasurement(a: ReportMeasurement, b: ReportMeasurement): boolean {
  const [pointsA, pointsB] = [canonicalPoints(a), canonicalPoints(b)];
  return (
    a.kind === b.kind &&
    a.image.sopInstanceUid === b.image.sopInstanceUid &&
    (a.image.frameNumber ?? 1) === (b.image.frameNumber ?? 1) &&
    (a.label ?? '') === (b.label ?? '') &&
    pointsA.length === pointsB.length &&
    pointsA.every((p, i) => Math.abs(p.column - (pointsB[i]?.column ?? NaN)) < 1e-3 && Math.abs(p.row - (pointsB[i]?.row ?? NaN)) < 1e-3)
  );
}

/**
 * Whether the page holds measurements the reader's latest report does not: one drawn here, one
 * moved or relabelled, or one of the report's that was shown and has been deleted. `shownItems`
 * are the report's items drawn on the page at some point (those never shown are unchanged).
 */
export function hasUnsavedMeasurements(page: readonly PageMeasurement[], latest: MeasurementReport | undefined, shownItems: ReadonlySet<number>): boolean {
  const onPage = new Set<number>();
  for (const measurement of page) {
    if (!latest || measurement.origin?.reportSopInstanceUid !== latest.sopInstanceUid) return true;
    const saved = latest.measurements[measurement.origin.itemIndex];
    if (!saved || !isSameMeasurement(saved, measurement.content)) return true;
    onPage.add(measurement.origin.itemIndex);
  }
  return [...shownItems].some((item) => !onPage.has(item));
}

/**
 * What the next version of the reader's report holds: every measurement on the page, then those
 * of the latest report never shown here (their series was not opened), which a save must not
 * drop. Returns the content and, for each page measurement, its item index in the new report.
 */
export function nextReportContent(
  page: readonly PageMeasurement[],
  latest: MeasurementReport | undefined,
  shownItems: ReadonlySet<number>,
): { measurements: ReportMeasurement[]; itemOfUid: Map<string, number> } {
  const measurements = page.map((m) => m.content);
  const itemOfUid = new Map(page.map((m, index) => [m.uid, index]));
  latest?.measurements.forEach((saved, item) => {
    if (!shownItems.has(item)) measurements.push(saved);
  });
  return { measurements, itemOfUid };
}

function formatValue(value: ReportValue): MeasurementValue {
  const unit = symbolOfUcum(value.unit);
  const decimals = value.name === 'Area' && Math.abs(value.value) >= 100 ? 0 : 1;
  return { name: value.name, value: value.value, unit, text: `${value.value.toFixed(decimals)}${unit ? ` ${unit}` : ''}` };
}

/** The stack image a report's image reference names: its instance, and its frame where it has several. */
function imageIndexOf(images: readonly StackImage[], measurement: ReportMeasurement): number {
  const { sopInstanceUid, frameNumber } = measurement.image;
  return images.findIndex((image) => image.sopInstanceUid === sopInstanceUid && (frameNumber === undefined || image.frame === frameNumber));
}

/**
 * A saved report's measurements on the images of one stack, ready to draw: those on other
 * stacks' images are left for those stacks. `isReadOnly` for another reader's report.
 */
export function savedMeasurementsOnStack(report: MeasurementReport, images: readonly StackImage[], isReadOnly: boolean): SavedMeasurement[] {
  const origin = {
    reportSopInstanceUid: report.sopInstanceUid,
    readerName: report.observerName ?? 'Unnamed reader',
    savedAt: report.contentDateTime?.toISOString(),
    reportedValues: undefined as MeasurementValue[] | undefined,
  };
  return report.measurements.flatMap((measurement, itemIndex) => {
    const imageIndex = imageIndexOf(images, measurement);
    if (imageIndex < 0) return [];
    return [
      {
        kind: measurement.kind,
        imageIndex,
        points: handlesOf(measurement.kind, measurement.points).map((p) => ({ column: p.column - SCOORD_OFFSET, row: p.row - SCOORD_OFFSET })),
        ...(measurement.label !== undefined ? { label: measurement.label } : {}),
        isReadOnly,
        origin: { ...origin, itemIndex, reportedValues: isReadOnly ? measurement.values.map(formatValue) : undefined },
      },
    ];
  });
}
