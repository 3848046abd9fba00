import { cache, eventTarget, getEnabledElements, metaData, utilities, type Types } from '@cornerstonejs/core';
import { getNumber, getNumbers, getString } from '@longview/dicom-meta';
import { defaultHistoryRing, nextHistoryItemUid } from './historyPeek';
import { getRegisteredMetadata, whenMetadataRegistered } from './imageIds';
import { suvFactorOf, watchSuvFactors } from './petSuv';
import { MEASUREMENT_KINDS, measurementToolName, type MeasurementKind } from './measurementTools';
import { loadedTools, whenToolsLoaded } from './tools';
import {
  IDENTITY_RESCALE,
  angleAt,
  chooseCalibration,
  formatNumber,
  imageToWorldPoint,
  lengthBetween,
  lengthUnitOf,
  modalityUnitOf,
  probeValue,
  regionStatistics,
  worldToImagePoint,
  type Calibration,
  type ImagePlane,
  type ImagePoint,
  type PixelGrid,
  type Region,
  type Rescale,
  type Vector3,
} from './measurementMath';

/**
 * Measurements drawn on stack viewports with Cornerstone's annotation tools (which own
 * drawing, handles, dragging and the undo history), and the values we show for them, computed
 * by measurementMath.ts from each annotation's handles and its own image, never from what is
 * on screen. This module is the only one that knows the annotation data shapes.
 */

type ToolsModule = typeof import('@cornerstonejs/tools');

/** One number of a measurement, ready to show. */
export interface MeasurementValue {
  /** What it is ("Length", "Mean", ...): the report's concept, and the key tests read. */
  name: string;
  /** What the panel calls it when that differs from `name` ("SUVmax" for a PET region's Max). */
  label?: string;
  /** The number itself, undefined when its image is not in memory just now. */
  value: number | undefined;
  unit: string;
  /** value + unit as shown ("42.3 mm"), or "—". */
  text: string;
}

export interface Measurement {
  uid: string;
  kind: MeasurementKind;
  /** The image it was drawn on. */
  imageId: string | undefined;
  seriesInstanceUid: string | undefined;
  seriesNumber: number | undefined;
  instanceNumber: number | undefined;
  values: MeasurementValue[];
  /** Why the values need care: "at detector" (ImagerPixelSpacing only), "uncalibrated". */
  calibrationNote: string | undefined;
  /** An arrow's text. */
  label: string | undefined;
  /** The image as DICOM names it: what a saved report references. */
  studyInstanceUid: string | undefined;
  sopInstanceUid: string | undefined;
  sopClassUid: string | undefined;
  /** 1-based frame of a multi-frame instance; undefined for a single-frame one. */
  frameNumber: number | undefined;
  /** The handles on the image, in pixel index coordinates (the first pixel's centre is 0,0). */
  points: ImagePoint[];
  /** Drawn from a saved report (mine or another reader's); undefined for one drawn on this page. */
  origin: SavedOrigin | undefined;
  /** Another reader's measurement: shown, never moved or deleted (copy it to make it one's own). */
  isReadOnly: boolean;
  /** Placed by a shared view (a board link, the live presenter): the sharer's, not this reader's to save. */
  isShared: boolean;
}

/** The saved report a measurement came from. */
export interface SavedOrigin {
  reportSopInstanceUid: string;
  /** Its place among the report's measurements. */
  itemIndex: number;
  readerName: string;
  /** ISO time the report was saved, when it says. */
  savedAt: string | undefined;
  /** Values as the report states them (another program's own numbers), shown for read-only ones. */
  reportedValues: MeasurementValue[] | undefined;
}

interface AnnotationLike {
  annotationUID?: string;
  metadata: { toolName: string; referencedImageId?: string; longviewOrigin?: SavedOrigin; longviewShared?: boolean };
  data: { handles?: { points?: Types.Point3[] }; label?: string; text?: string };
  isLocked?: boolean;
}

/** Every annotation on the page, in drawing order, as the fields this module reads. */
function allAnnotations(tools: ToolsModule): AnnotationLike[] {
  // Cornerstone types metadata as optional; every annotation its tools draw carries it.
  return tools.annotation.state.getAllAnnotations().filter((annotation): annotation is typeof annotation & AnnotationLike => annotation.metadata !== undefined);
}

function valueOf(name: string, value: number | undefined, unit: string, decimals = 1, label?: string): MeasurementValue {
  const text = value === undefined ? '—' : `${formatNumber(value, decimals)}${unit ? ` ${unit}` : ''}`;
  return label === undefined ? { name, value, unit, text } : { name, label, value, unit, text };
}

/** SUV is read to two decimals (an SUVmax of 2.45 against 2.5 can matter to a board). */
const SUV_DECIMALS = 2;

/**
 * How a measurement's modality values are shown: HU for CT; for a PET image whose series
 * supports it, SUVbw in g/ml (the Bq/ml value × the series' factor, petSuv.ts), labelled
 * SUV…; for other PET, its stored units.
 */
function modalityScaleOf(imageId: string): { unit: string; factor: number; decimals: number; label: (name: string) => string | undefined } {
  const metadata = getRegisteredMetadata(imageId);
  const modality = metadata ? getString(metadata, 'Modality') : undefined;
  const suvFactor = modality === 'PT' ? suvFactorOf(imageId) : undefined;
  if (suvFactor !== undefined) {
    return { unit: 'g/ml', factor: suvFactor, decimals: SUV_DECIMALS, label: (name) => (name === 'Value' ? 'SUVbw' : name === 'SD' ? undefined : `SUV${name.toLowerCase()}`) };
  }
  const unit = modalityUnitOf(modality, metadata ? getString(metadata, 'RescaleType') : undefined, metadata ? getString(metadata, 'Units') : undefined);
  return { unit, factor: 1, decimals: modality === 'PT' ? 0 : 1, label: () => undefined };
}

/** The plane Cornerstone placed the image in: the same source it used to turn handles into world points. */
function imagePlaneOf(imageId: string): ImagePlane {
  const plane = metaData.get('imagePlaneModule', imageId) as
    | { imagePositionPatient?: number[]; rowCosines?: number[]; columnCosines?: number[]; rowPixelSpacing?: number; columnPixelSpacing?: number }
    | undefined;
  const vector = (v: number[] | undefined, fallback: Vector3): Vector3 => (v && v.length === 3 ? [v[0] as number, v[1] as number, v[2] as number] : fallback);
  return {
    origin: vector(plane?.imagePositionPatient, [0, 0, 0]),
    // Cornerstone's "row cosines" point along a row: the direction in which the column index grows.
    columnDirection: vector(plane?.rowCosines, [1, 0, 0]),
    rowDirection: vector(plane?.columnCosines, [0, 1, 0]),
    columnSpacing: plane?.columnPixelSpacing || 1,
    rowSpacing: plane?.rowPixelSpacing || 1,
  };
}

function calibrationOf(imageId: string): Calibration {
  const metadata = getRegisteredMetadata(imageId);
  return chooseCalibration({
    pixelSpacing: metadata ? getNumbers(metadata, 'PixelSpacing') : undefined,
    imagerPixelSpacing: metadata ? getNumbers(metadata, 'ImagerPixelSpacing') : undefined,
  });
}

/** The decoded image's samples and how to turn them into modality values, if it is in memory. */
function pixelsOf(imageId: string): { grid: PixelGrid; rescale: Rescale } | undefined {
  const image = cache.getImage(imageId);
  if (!image) return undefined;
  // The loader may have applied the rescale already (it does for CT, to share one data type with volumes).
  const rescale = image.preScale?.scaled ? IDENTITY_RESCALE : { slope: image.slope ?? 1, intercept: image.intercept ?? 0 };
  return { grid: { columns: image.columns, rows: image.rows, values: image.getPixelData() }, rescale };
}

function regionOf(kind: 'ellipse' | 'rectangle', points: ImagePoint[]): Region | undefined {
  if (kind === 'rectangle') return points.length >= 2 ? { kind, corners: points } : undefined;
  // Cornerstone's ellipse handles: bottom, top, left, right ends of the two axes.
  const [bottom, top, left, right] = points;
  if (!bottom || !top || !left || !right) return undefined;
  return {
    kind,
    center: { column: (left.column + right.column) / 2, row: (top.row + bottom.row + left.row + right.row) / 4 },
    semiAxisA: { column: (right.column - left.column) / 2, row: (right.row - left.row) / 2 },
    semiAxisB: { column: (top.column - bottom.column) / 2, row: (top.row - bottom.row) / 2 },
  };
}

function valuesOf(kind: MeasurementKind, points: ImagePoint[], imageId: string, calibration: Calibration): MeasurementValue[] {
  const { unit } = lengthUnitOf(calibration);
  const scale = modalityScaleOf(imageId);
  const modalityValue = (name: string, value: number | undefined) =>
    valueOf(name, value === undefined ? undefined : value * scale.factor, scale.unit, scale.decimals, scale.label(name));
  switch (kind) {
    case 'length': {
      const [a, b] = points;
      return [valueOf('Length', a && b ? lengthBetween(a, b, calibration) : undefined, unit)];
    }
    case 'angle': {
      const [a, vertex, c] = points;
      return [valueOf('Angle', a && vertex && c ? angleAt(a, vertex, c, calibration) : undefined, '°')];
    }
    case 'probe': {
      const pixels = pixelsOf(imageId);
      const [point] = points;
      return [modalityValue('Value', pixels && point ? probeValue(pixels.grid, point, pixels.rescale) : undefined)];
    }
    case 'ellipse':
    case 'rectangle': {
      const pixels = pixelsOf(imageId);
      const region = regionOf(kind, points);
      const stats = pixels && region ? regionStatistics(pixels.grid, region, pixels.rescale, calibration) : undefined;
      return [
        modalityValue('Mean', stats?.mean),
        modalityValue('SD', stats?.standardDeviation),
        modalityValue('Min', stats?.min),
        modalityValue('Max', stats?.max),
        valueOf('Area', stats?.area, `${unit}²`, stats && stats.area >= 100 ? 0 : 1),
      ];
    }
    case 'arrow':
      return [];
  }
}

/** Image of every measurement listed so far, by uid (a deleted one's is needed to undo it). */
const imageIdsSeen = new Map<string, string>();

function describe(tools: ToolsModule, annotation: AnnotationLike): Measurement | undefined {
  const kind = MEASUREMENT_KINDS.find((k) => measurementToolName(tools, k) === annotation.metadata.toolName);
  const uid = annotation.annotationUID;
  if (!kind || !uid) return undefined;
  const imageId = annotation.metadata.referencedImageId;
  if (imageId) imageIdsSeen.set(uid, imageId);
  const metadata = imageId ? getRegisteredMetadata(imageId) : undefined;
  const calibration = imageId ? calibrationOf(imageId) : ({ kind: 'pixels' } as const);
  const plane = imageId ? imagePlaneOf(imageId) : undefined;
  const points = plane ? (annotation.data.handles?.points ?? []).map((p) => worldToImagePoint([p[0], p[1], p[2]], plane)) : [];
  const origin = annotation.metadata.longviewOrigin;
  return {
    uid,
    kind,
    imageId,
    seriesInstanceUid: metadata ? getString(metadata, 'SeriesInstanceUID') : undefined,
    seriesNumber: metadata ? getNumber(metadata, 'SeriesNumber') : undefined,
    instanceNumber: metadata ? getNumber(metadata, 'InstanceNumber') : undefined,
    values: imageId ? valuesOf(kind, points, imageId, calibration) : [],
    calibrationNote: kind === 'angle' || kind === 'probe' || kind === 'arrow' ? undefined : lengthUnitOf(calibration).note,
    label: kind === 'arrow' ? (annotation.data.text ?? annotation.data.label) : undefined,
    studyInstanceUid: metadata ? getString(metadata, 'StudyInstanceUID') : undefined,
    sopInstanceUid: metadata ? getString(metadata, 'SOPInstanceUID') : undefined,
    sopClassUid: metadata ? getString(metadata, 'SOPClassUID') : undefined,
    frameNumber: imageId && metadata && (getNumber(metadata, 'NumberOfFrames') ?? 1) > 1 ? frameNumberOf(imageId) : undefined,
    points,
    origin,
    isReadOnly: annotation.isLocked === true,
    isShared: annotation.metadata.longviewShared === true,
  };
}

/** The frame a WADO-RS frame URL names (…/frames/3 → 3). */
function frameNumberOf(imageId: string): number | undefined {
  const match = /\/frames\/(\d+)$/.exec(imageId);
  return match ? Number(match[1]) : undefined;
}

/** Every measurement on the page, in the order they were drawn. */
function listMeasurements(tools: ToolsModule): Measurement[] {
  const all = allAnnotations(tools);
  return all.flatMap((annotation) => describe(tools, annotation) ?? []);
}

/** Watchers told when measurements change in ways Cornerstone has no event for (saved into a report). */
const originWatchers = new Set<() => void>();

const CHANGE_EVENTS = ['ANNOTATION_ADDED', 'ANNOTATION_MODIFIED', 'ANNOTATION_COMPLETED', 'ANNOTATION_REMOVED', 'HISTORY_UNDO', 'HISTORY_REDO'] as const;

/**
 * Calls `onChange` with the measurement list whenever a measurement is drawn, dragged,
 * deleted, undone or redone (at most once a frame). Returns the unsubscribe function.
 */
export function watchMeasurements(onChange: (measurements: Measurement[]) => void): () => void {
  let unsubscribe: (() => void) | undefined;
  let isCancelled = false;
  void whenToolsLoaded().then((tools) => {
    if (!isCancelled) unsubscribe = subscribe(tools, onChange);
  });
  return () => {
    isCancelled = true;
    unsubscribe?.();
  };
}

function subscribe(tools: ToolsModule, onChange: (measurements: Measurement[]) => void): () => void {
  let frame: number | undefined;
  const notify = () => {
    frame ??= requestAnimationFrame(() => {
      frame = undefined;
      onChange(listMeasurements(tools));
    });
  };
  const events = CHANGE_EVENTS.map((name) => tools.Enums.Events[name]);
  for (const event of events) eventTarget.addEventListener(event, notify);
  originWatchers.add(notify);
  // A PET series' SUV factors arrive with its whole metadata, perhaps after a region was drawn.
  const stopWatchingSuv = watchSuvFactors(notify);
  onChange(listMeasurements(tools));
  return () => {
    stopWatchingSuv();
    originWatchers.delete(notify);
    for (const event of events) eventTarget.removeEventListener(event, notify);
    if (frame !== undefined) cancelAnimationFrame(frame);
  };
}

function renderAll(): void {
  for (const enabled of getEnabledElements()) enabled.viewport.render();
}

/** The element of a viewport whose stack holds `imageId` (undo shows the image it restores on). */
function elementShowing(imageId: string | undefined): HTMLDivElement | undefined {
  const enabled = getEnabledElements().find((e) => imageId !== undefined && (e.viewport as { getImageIds?: () => string[] }).getImageIds?.().includes(imageId));
  return enabled?.viewport.element;
}

/** Deletes a measurement, recording it in the undo history (Ctrl+Z brings it back). */
export function deleteMeasurement(uid: string): void {
  const tools = loadedTools();
  const annotation = tools?.annotation.state.getAnnotation(uid);
  if (!tools || !annotation) return;
  tools.AnnotationTool.createAnnotationMemo(elementShowing(annotation.metadata?.referencedImageId), annotation, { deleting: true });
  tools.annotation.state.removeAnnotation(uid);
  renderAll();
}

/**
 * Undoes the last create, edit or delete of a measurement. Returns the uid of the measurement
 * it touched, so the caller can bring its image into view.
 */
export function undoMeasurement(): string | undefined {
  const uid = nextHistoryItemUid(defaultHistoryRing(), true);
  utilities.HistoryMemo.DefaultHistoryMemo.undo();
  renderAll();
  return uid;
}

export function redoMeasurement(): string | undefined {
  const uid = nextHistoryItemUid(defaultHistoryRing(), false);
  utilities.HistoryMemo.DefaultHistoryMemo.redo();
  renderAll();
  return uid;
}

/** The image a measurement was drawn on; known also while it is deleted, for undo to show it. */
export function measurementImageId(uid: string): string | undefined {
  return loadedTools()?.annotation.state.getAnnotation(uid)?.metadata?.referencedImageId ?? imageIdsSeen.get(uid);
}

/** The measurement selected by clicking it on the image, if any. */
export function selectedMeasurementUid(): string | undefined {
  return loadedTools()?.annotation.selection.getAnnotationsSelected()[0];
}

/**
 * A measurement apart from the page it was drawn on: its kind, the position of its image in
 * the stack and its handles in patient space. What a shared view carries; the values are
 * computed again from the handles and the opener's own copy of the pixels.
 */
export interface PortableMeasurement {
  kind: MeasurementKind;
  /** Index of its image in the stack. */
  imageIndex: number;
  points: Array<[number, number, number]>;
  /** An arrow's text. */
  label?: string;
}

/**
 * The measurements drawn on the images of one stack, in drawing order; none before the tools
 * load. Those of saved reports are left out: every opener reads them from the archive itself.
 */
export function measurementsOnStack(imageIds: readonly string[]): PortableMeasurement[] {
  const tools = loadedTools();
  if (!tools) return [];
  const all = allAnnotations(tools).filter((annotation) => annotation.metadata.longviewOrigin === undefined);
  return all.flatMap((annotation) => {
    const kind = MEASUREMENT_KINDS.find((k) => measurementToolName(tools, k) === annotation.metadata.toolName);
    const imageIndex = annotation.metadata.referencedImageId ? imageIds.indexOf(annotation.metadata.referencedImageId) : -1;
    if (!kind || imageIndex < 0) return [];
    const points = (annotation.data.handles?.points ?? []).map((p): [number, number, number] => [p[0], p[1], p[2]]);
    const label = kind === 'arrow' ? (annotation.data.text ?? annotation.data.label) : undefined;
    return [{ kind, imageIndex, points, ...(label ? { label } : {}) }];
  });
}

function toolClassOfKind(tools: ToolsModule, kind: MeasurementKind) {
  const name = measurementToolName(tools, kind);
  const classes = [tools.LengthTool, tools.AngleTool, tools.EllipticalROITool, tools.RectangleROITool, tools.ProbeTool, tools.ArrowAnnotateTool];
  return classes.find((toolClass) => toolClass.toolName === name);
}

/**
 * Makes the measurements on one stack exactly `measurements` (a shared view's): the stack's
 * others are removed, these drawn through each tool's own hydrate, outside the undo history.
 * Saved reports' measurements stay: a shared view does not carry them (measurementsOnStack).
 * Waits for the tools to load.
 */
export async function replaceMeasurementsOnStack(viewportId: string, imageIds: readonly string[], measurements: readonly PortableMeasurement[]): Promise<void> {
  const tools = await whenToolsLoaded();
  const onStack = new Set(imageIds);
  const all = allAnnotations(tools);
  for (const annotation of all) {
    const imageId = annotation.metadata.referencedImageId;
    const isSaved = annotation.metadata.longviewOrigin !== undefined;
    if (annotation.annotationUID && imageId && onStack.has(imageId) && !isSaved) tools.annotation.state.removeAnnotation(annotation.annotationUID);
  }
  for (const measurement of measurements) {
    const referencedImageId = imageIds[measurement.imageIndex];
    const toolClass = toolClassOfKind(tools, measurement.kind);
    if (!referencedImageId || !toolClass) continue;
    const points = measurement.points.map((p) => [p[0], p[1], p[2]] as Types.Point3);
    const options = { referencedImageId, longviewShared: true };
    if (measurement.kind === 'arrow') tools.ArrowAnnotateTool.hydrate(viewportId, points, measurement.label ?? '', options);
    else (toolClass.hydrate as (id: string, points: Types.Point3[], options: object) => void)(viewportId, points, options);
  }
  renderAll();
}

/** A measurement of a saved report, placed on an image of a stack. */
export interface SavedMeasurement {
  kind: MeasurementKind;
  /** Index of its image in the stack. */
  imageIndex: number;
  /** Pixel index coordinates on that image (the first pixel's centre is 0,0). */
  points: ImagePoint[];
  label?: string;
  isReadOnly: boolean;
  origin: SavedOrigin;
}

/**
 * Draws saved measurements on the images of one stack through each tool's own hydrate, outside
 * the undo history; another reader's are locked (Cornerstone keeps locked annotations from being
 * dragged or deleted). One already on the page (same annotation uid) is left as it is. Waits for
 * the tools and for each image's metadata (its plane places the points).
 */
export async function showSavedMeasurementsOnStack(viewportId: string, imageIds: readonly string[], saved: readonly SavedMeasurement[]): Promise<void> {
  const tools = await whenToolsLoaded();
  const isOnPage = (origin: SavedOrigin) =>
    allAnnotations(tools).some(
      (a) => a.metadata.longviewOrigin?.reportSopInstanceUid === origin.reportSopInstanceUid && a.metadata.longviewOrigin.itemIndex === origin.itemIndex,
    );
  for (const measurement of saved) {
    const referencedImageId = imageIds[measurement.imageIndex];
    const toolClass = toolClassOfKind(tools, measurement.kind);
    if (!referencedImageId || !toolClass || isOnPage(measurement.origin)) continue;
    await whenMetadataRegistered(referencedImageId);
    if (isOnPage(measurement.origin)) continue;
    const plane = imagePlaneOf(referencedImageId);
    const points = measurement.points.map((point): Types.Point3 => [...imageToWorldPoint(point, plane)]);
    const annotationUID = utilities.uuidv4();
    const options = { referencedImageId, annotationUID, longviewOrigin: measurement.origin };
    if (measurement.kind === 'arrow') tools.ArrowAnnotateTool.hydrate(viewportId, points, measurement.label ?? '', options);
    else (toolClass.hydrate as (id: string, points: Types.Point3[], options: object) => void)(viewportId, points, options);
    if (measurement.isReadOnly && tools.annotation.state.getAnnotation(annotationUID)) tools.annotation.locking.setAnnotationLocked(annotationUID, true);
  }
  renderAll();
}

/** Removes measurements from the page (a report replaced by a newer one), outside the undo history. */
export function removeMeasurements(uids: readonly string[]): void {
  const tools = loadedTools();
  if (!tools) return;
  for (const uid of uids) tools.annotation.state.removeAnnotation(uid);
  renderAll();
}

/**
 * Another reader's measurement drawn again as one's own: same image, same place, editable, part
 * of the next save. Returns the new measurement's uid.
 */
export function copyMeasurementToMine(uid: string): string | undefined {
  const tools = loadedTools();
  const annotation = tools?.annotation.state.getAnnotation(uid) as (AnnotationLike & { metadata: { toolName: string } }) | undefined;
  if (!tools || !annotation) return undefined;
  const kind = MEASUREMENT_KINDS.find((k) => measurementToolName(tools, k) === annotation.metadata.toolName);
  const toolClass = kind ? toolClassOfKind(tools, kind) : undefined;
  const referencedImageId = annotation.metadata.referencedImageId;
  const viewportId = getEnabledElements().find((e) => (e.viewport as { getImageIds?: () => string[] }).getImageIds?.().includes(referencedImageId ?? ''))?.viewport.id;
  if (!kind || !toolClass || !referencedImageId || !viewportId) return undefined;
  const annotationUID = utilities.uuidv4();
  const points = (annotation.data.handles?.points ?? []).map((p) => [p[0], p[1], p[2]] as Types.Point3);
  if (kind === 'arrow') tools.ArrowAnnotateTool.hydrate(viewportId, points, annotation.data.text ?? annotation.data.label ?? '', { referencedImageId, annotationUID });
  else (toolClass.hydrate as (id: string, points: Types.Point3[], options: object) => void)(viewportId, points, { referencedImageId, annotationUID });
  renderAll();
  return annotationUID;
}

/**
 * Marks measurements as saved: each uid's annotation now stands for that item of the new report
 * (so a later save knows what changed since, and the report is not drawn again beside them).
 */
export function markMeasurementsSaved(origins: ReadonlyMap<string, SavedOrigin>): void {
  const tools = loadedTools();
  if (!tools) return;
  for (const [uid, origin] of origins) {
    const annotation = tools.annotation.state.getAnnotation(uid) as AnnotationLike | undefined;
    if (annotation) annotation.metadata.longviewOrigin = origin;
  }
  // Cornerstone sends no event for this: the page's own watchers are told directly.
  for (const notify of originWatchers) notify();
}
