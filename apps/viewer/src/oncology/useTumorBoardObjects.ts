import { useQuery } from '@tanstack/react-query';
import type { ArchiveClient, SeriesSummary } from '@longview/dicomweb';
import type { Segmentation, SegmentationCheck, SegmentMeasurement, StructureSet, StructureSetCheck } from '@longview/segmentation';
import type { SeparateResultsStudy } from './separateResults';
import { useSeparateResultsStudies } from './useSeparateResultsStudies';

/** Where a SEG stored in a separate study (results about this one) is stored; absent for the study's own. */
export interface StoredApart {
  studyInstanceUid: string;
  studyDate: string | undefined;
}

/**
 * One DICOM SEG instance of the study, or of a separate study that describes it (`storedApart`),
 * as read and checked against the study's images it was drawn on.
 */
export type StudySegmentation =
  | {
      kind: 'read';
      seriesUid: string;
      sopInstanceUid: string;
      storedApart?: StoredApart;
      segmentation: Segmentation;
      check: SegmentationCheck;
      measurements: readonly SegmentMeasurement[];
    }
  | { kind: 'unreadable'; seriesUid: string; sopInstanceUid: string; storedApart?: StoredApart; message: string };

/** One RT Structure Set instance of the study, as read and checked against the images its contours lie on. */
export type StudyStructureSet =
  | { kind: 'read'; seriesUid: string; sopInstanceUid: string; structureSet: StructureSet; check: StructureSetCheck }
  | { kind: 'unreadable'; seriesUid: string; sopInstanceUid: string; message: string };

/**
 * Where showing a segment goes: the centre slice of its voxels in the image series the SEG was
 * drawn on; undefined when the SEG cannot be shown there or the segment has no voxels.
 */
export function segmentJumpOf(entry: Extract<StudySegmentation, { kind: 'read' }>, segmentNumber: number): { seriesUid: string; sopInstanceUid: string } | undefined {
  const centre = entry.measurements.find((measurement) => measurement.segmentNumber === segmentNumber)?.slices?.centre.referencedSopInstanceUid;
  const seriesUid = entry.segmentation.referencedSeriesUid;
  return centre && seriesUid && entry.check.isShowable ? { seriesUid, sopInstanceUid: centre } : undefined;
}

/** The study's SEG series (Modality SEG): nothing is fetched for a study without one. */
export function segmentationSeriesOf(series: readonly SeriesSummary[] | undefined): SeriesSummary[] {
  return (series ?? []).filter((s) => s.modality === 'SEG');
}

/** The study's RT Structure Set series (Modality RTSTRUCT). */
export function structureSetSeriesOf(series: readonly SeriesSummary[] | undefined): SeriesSummary[] {
  return (series ?? []).filter((s) => s.modality === 'RTSTRUCT');
}

/** A Part 10 answer as the ArrayBuffer dcmjs reads (the bytes may be a view into a larger buffer). */
const bufferOf = (bytes: Uint8Array): ArrayBuffer => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;

type Reader = typeof import('@longview/segmentation');
type Geometry = NonNullable<ReturnType<Reader['imageSeriesGeometry']>>;

/** Every instance of these series, as its Part 10 bytes, with what each was checked against. */
async function forEachInstance(
  archive: ArchiveClient,
  studyUid: string,
  series: readonly SeriesSummary[],
  signal: AbortSignal,
  read: (ids: { seriesUid: string; sopInstanceUid: string }, part10: ArrayBuffer) => Promise<void>,
): Promise<void> {
  for (const s of series) {
    const instances = await archive.searchInstances(studyUid, s.seriesInstanceUid, signal);
    for (const instance of instances) {
      const bytes = await archive.retrieveStoredInstance(studyUid, s.seriesInstanceUid, instance.sopInstanceUid, signal);
      await read({ seriesUid: s.seriesInstanceUid, sopInstanceUid: instance.sopInstanceUid }, bufferOf(bytes));
    }
  }
}

/** The image series' geometries a SEG or RTSTRUCT names, each fetched once (only series of this study). */
function geometryCache(archive: ArchiveClient, studyUid: string, allSeries: readonly SeriesSummary[], reader: Reader, signal: AbortSignal) {
  const geometries = new Map<string, Promise<Geometry | undefined>>();
  return (seriesUid: string | undefined): Promise<Geometry[]> => {
    if (!seriesUid || !allSeries.some((s) => s.seriesInstanceUid === seriesUid)) return Promise.resolve([]);
    if (!geometries.has(seriesUid)) geometries.set(seriesUid, archive.retrieveSeriesMetadata(studyUid, seriesUid, signal).then((metadata) => reader.imageSeriesGeometry(metadata)));
    return (geometries.get(seriesUid) as Promise<Geometry | undefined>).then((geometry) => (geometry ? [geometry] : []));
  };
}

/** A SEG's Part 10 bytes, read and checked against the opened study's images it names. */
async function readOneSegmentation(reader: Reader, geometriesOf: ReturnType<typeof geometryCache>, ids: Pick<StudySegmentation, 'seriesUid' | 'sopInstanceUid' | 'storedApart'>, part10: ArrayBuffer): Promise<StudySegmentation> {
  let segmentation: Segmentation;
  try {
    segmentation = reader.readSegmentationPart10(part10);
  } catch (error) {
    if (!(error instanceof reader.SegmentationUnreadable)) throw error;
    return { kind: 'unreadable', ...ids, message: error.userMessage };
  }
  const check = reader.checkSegmentation(segmentation, await geometriesOf(segmentation.referencedSeriesUid));
  return { kind: 'read', ...ids, segmentation, check, measurements: reader.measureSegments(segmentation) };
}

async function readTumorBoardObjects(
  archive: ArchiveClient,
  studyUid: string,
  allSeries: readonly SeriesSummary[],
  separate: readonly SeparateResultsStudy[],
  signal: AbortSignal,
): Promise<TumorBoardObjects> {
  // dcmjs and the readers load only for a study that has a SEG or RTSTRUCT: never on a first image's path.
  const reader = await import('@longview/segmentation');
  // Only the opened study's series are ever geometry, also for a SEG stored apart: it is shown on this study's images or not at all.
  const geometriesOf = geometryCache(archive, studyUid, allSeries, reader, signal);
  const segmentations: StudySegmentation[] = [];
  await forEachInstance(archive, studyUid, segmentationSeriesOf(allSeries), signal, async (ids, part10) => {
    segmentations.push(await readOneSegmentation(reader, geometriesOf, ids, part10));
  });
  for (const apart of separate) {
    const storedApart = { studyInstanceUid: apart.studyInstanceUid, studyDate: apart.studyDate };
    await forEachInstance(archive, apart.studyInstanceUid, segmentationSeriesOf(apart.series), signal, async (ids, part10) => {
      segmentations.push(await readOneSegmentation(reader, geometriesOf, { ...ids, storedApart }, part10));
    });
  }
  const structureSets: StudyStructureSet[] = [];
  await forEachInstance(archive, studyUid, structureSetSeriesOf(allSeries), signal, async (ids, part10) => {
    let structureSet: StructureSet;
    try {
      structureSet = reader.readStructureSetPart10(part10);
    } catch (error) {
      if (!(error instanceof reader.StructureSetUnreadable)) throw error;
      structureSets.push({ kind: 'unreadable', ...ids, message: error.userMessage });
      return;
    }
    structureSets.push({ kind: 'read', ...ids, structureSet, check: reader.checkStructureSet(structureSet, await geometriesOf(structureSet.referencedSeriesUid)) });
  });
  return { segmentations, structureSets };
}

/** The study's segmentations and structure sets, each read and checked against its images. */
export interface TumorBoardObjects {
  segmentations: StudySegmentation[];
  structureSets: StudyStructureSet[];
}

/** The SEGs of the separate studies that describe this one, as "study/series" keys (part of the query's key). */
const separateSegmentationKeys = (separate: readonly SeparateResultsStudy[]) =>
  separate.flatMap((study) => segmentationSeriesOf(study.series).map((s) => `${study.studyInstanceUid}/${s.seriesInstanceUid}`));

/**
 * The study's segmentations and structure sets, with the SEGs of separate studies that describe
 * it, read once and shared by the lists and every viewport that draws them (one query, asked once
 * the separate studies are known). Undefined data while there is none or the series list is not in.
 */
export function useTumorBoardObjects(archive: ArchiveClient | undefined, studyUid: string, series: readonly SeriesSummary[] | undefined) {
  const separate = useSeparateResultsStudies(archive, studyUid);
  const objectSeries = [...segmentationSeriesOf(series), ...structureSetSeriesOf(series)].map((s) => s.seriesInstanceUid);
  const apartSeries = separateSegmentationKeys(separate.studies);
  return useQuery({
    queryKey: ['tumor-board-objects', archive?.id, studyUid, objectSeries.join(','), apartSeries.join(',')],
    queryFn: ({ signal }) => readTumorBoardObjects(archive as ArchiveClient, studyUid, series ?? [], separate.studies, signal),
    enabled: archive !== undefined && series !== undefined && separate.settled && objectSeries.length + apartSeries.length > 0,
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  });
}
