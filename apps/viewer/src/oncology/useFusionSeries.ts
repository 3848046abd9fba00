import { useMemo } from 'react';
import type { ArchiveClient } from '@longview/dicomweb';
import type { SeriesStack } from '../series/seriesStack';
import { useSeriesStack } from '../series/useSeriesStack';
import { slicePositionsOf, whyNotFusable } from './petCtCell';
import { usePetSeries, volumeSeriesOf } from './usePetSeries';
import type { VolumeSeriesInput } from './useVolumeViewer';

/**
 * The CT and PET of a fusion cell: each opened with all its metadata, the PET's SUV (or why
 * not), the two as a volume's inputs once both are in and the PET's scale is decided (the
 * fusion's range is set with it), why they must not be fused, and what failed to open.
 */
export function useFusionSeries(archive: ArchiveClient, studyUid: string, ctSeriesUid: string, petSeriesUid: string, attempt: number) {
  const ct = volumeSeriesOf(useSeriesStack(archive, studyUid, ctSeriesUid, attempt));
  const pet = usePetSeries(archive, studyUid, petSeriesUid, attempt);
  const ctStack = ct.kind === 'ready' ? ct.stack : undefined;
  const ctMetadata = ct.kind === 'ready' ? ct.metadataBySop : undefined;
  const petStack = pet.series.kind === 'ready' ? pet.series.stack : undefined;
  const petMetadata = pet.series.kind === 'ready' ? pet.series.metadataBySop : undefined;
  const isPetScaleKnown = pet.suv !== undefined;
  const series = useMemo<readonly VolumeSeriesInput[] | undefined>(
    () =>
      ctStack && ctMetadata && petStack && petMetadata && isPetScaleKnown
        ? [
            { name: 'CT', stack: ctStack, metadataBySop: ctMetadata },
            { name: 'PET', stack: petStack, metadataBySop: petMetadata },
          ]
        : undefined,
    [ctStack, ctMetadata, petStack, petMetadata, isPetScaleKnown],
  );
  const refusal = ctStack && petStack ? fusionRefusal(ctStack, petStack) : undefined;
  const openingFailure = ct.kind === 'failed' ? ct.message : pet.series.kind === 'failed' ? pet.series.message : undefined;
  return { ctStack, petStack, pet, series, refusal, openingFailure };
}

/** Why this CT and PET must not be fused (another frame of reference, no slice positions), or undefined. */
function fusionRefusal(ctStack: SeriesStack, petStack: SeriesStack): string | undefined {
  const refusal = whyNotFusable(ctStack.firstMetadata, petStack.firstMetadata);
  if (refusal) return refusal;
  return slicePositionsOf(ctStack) ? undefined : 'The CT slices have no positions: they cannot be fused.';
}
