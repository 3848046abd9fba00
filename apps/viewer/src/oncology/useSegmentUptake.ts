import { useQuery } from '@tanstack/react-query';
import { getNumbers, getString, type DicomJson, type Vector3 } from '@longview/dicom-meta';
import type { ArchiveClient, SeriesSummary } from '@longview/dicomweb';
import { suvScalingOf } from '@longview/pet';
import { wadorsImageId } from '@longview/render/ids';
import type { PlacedSlice, Segmentation, SegmentStatistics } from '@longview/segmentation';
import { loadRender } from '../render/loadRender';

/** A segment's SUVbw over the study's PET, or why there is none. */
export type SegmentUptake = SegmentStatistics | { kind: 'unavailable'; reason: string };

/** The study's PET series in the SEG's frame of reference, with its instances' metadata in stack order. */
async function petOf(archive: ArchiveClient, studyUid: string, series: readonly SeriesSummary[], segmentation: Segmentation, signal: AbortSignal) {
  for (const pet of series.filter((s) => s.modality === 'PT')) {
    const metadata = await archive.retrieveSeriesMetadata(studyUid, pet.seriesInstanceUid, signal);
    if (metadata[0] && getString(metadata[0], 'FrameOfReferenceUID') === segmentation.frameOfReferenceUid) return { series: pet, metadata };
  }
  return undefined;
}

/** The instance's plane position, when its metadata gives one. */
const positionOf = (json: DicomJson): Vector3 | undefined => {
  const position = getNumbers(json, 'ImagePositionPatient');
  return position?.length === 3 ? [position[0] as number, position[1] as number, position[2] as number] : undefined;
};

/**
 * Each segment's SUVbw max and mean over the study's PET: the PET's decoded slices (Bq/ml, the
 * images the viewports show) times each instance's SUVbw factor, sampled at every voxel of the
 * segment on the SEG's grid (valuesOnSegmentationGrid). Never a guess: no PET in the SEG's frame
 * of reference, a PET without SUV (its reason), or a segment the PET does not cover each give
 * the reason instead of a number.
 */
async function uptakeOf(archive: ArchiveClient, studyUid: string, series: readonly SeriesSummary[], segmentation: Segmentation, signal: AbortSignal): Promise<Map<number, SegmentUptake>> {
  const none = (reason: string) => new Map(segmentation.segments.map((segment) => [segment.number, { kind: 'unavailable', reason } as const]));
  const pet = await petOf(archive, studyUid, series, segmentation, signal);
  if (!pet) return none('the study has no PET in the segmentation\'s frame of reference');
  const scaling = suvScalingOf(pet.metadata);
  if (scaling.kind !== 'suv') return none(scaling.reason);
  const first = pet.metadata[0] as DicomJson;
  const [rows, columns] = [getNumbers(first, 'Rows')?.[0], getNumbers(first, 'Columns')?.[0]];
  const spacing = getNumbers(first, 'PixelSpacing');
  const orientation = getNumbers(first, 'ImageOrientationPatient');
  if (!rows || !columns || spacing?.length !== 2 || orientation?.length !== 6) return none('the PET does not say where its pixels lie');
  const reader = await import('@longview/segmentation');
  const render = await loadRender();
  const placed = pet.metadata.map((json) => ({ json, sopInstanceUid: getString(json, 'SOPInstanceUID') ?? '', imagePositionPatient: positionOf(json) ?? ([Number.NaN, Number.NaN, Number.NaN] as Vector3) }));
  // Only the PET slices a segment lies on are decoded; the others are never read.
  const needed = reader.slicesUnderSegmentation(segmentation, { imageOrientationPatient: orientation, slices: placed });
  const slices: PlacedSlice[] = await Promise.all(
    placed.map(async ({ json, sopInstanceUid, imagePositionPatient }, index) => {
      if (!needed.has(index)) return { imagePositionPatient, values: [] };
      const imageId = wadorsImageId(archive.frameUrl(studyUid, pet.series.seriesInstanceUid, sopInstanceUid, 1));
      render.registerInstanceMetadata(imageId, json);
      const factor = scaling.factorBySopInstanceUid.get(sopInstanceUid) ?? Number.NaN;
      const bqml = await render.loadModalityValues(imageId);
      return { imagePositionPatient, values: Float32Array.from(bqml, (value) => value * factor) };
    }),
  );
  const stack = { frameOfReferenceUid: getString(first, 'FrameOfReferenceUID'), rows, columns, pixelSpacing: [spacing[0] as number, spacing[1] as number] as const, imageOrientationPatient: orientation, slices };
  const values = reader.valuesOnSegmentationGrid(segmentation, stack);
  if ('kind' in values) return none(values.reason);
  return new Map(segmentation.segments.map((segment) => [segment.number, reader.segmentStatistics(segmentation, segment.number, values)]));
}

/**
 * Each segment's SUVbw over the study's PET, once the SEG is read; undefined while it is
 * computed. Only for a SEG that may be shown (its check passed).
 */
export function useSegmentUptake(archive: ArchiveClient, studyUid: string, series: readonly SeriesSummary[] | undefined, segmentation: Segmentation | undefined) {
  return useQuery({
    queryKey: ['segment-uptake', archive.id, studyUid, segmentation?.sopInstanceUid],
    queryFn: ({ signal }) => uptakeOf(archive, studyUid, series ?? [], segmentation as Segmentation, signal),
    enabled: segmentation !== undefined && series !== undefined,
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  });
}
