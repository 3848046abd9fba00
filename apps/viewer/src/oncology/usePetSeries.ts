import { useMemo } from 'react';
import type { DicomJson } from '@longview/dicom-meta';
import type { ArchiveClient } from '@longview/dicomweb';
import type { SuvScaling } from '@longview/pet';
import type { SeriesStack } from '../series/seriesStack';
import { useSeriesStack, type SeriesStackState } from '../series/useSeriesStack';
import { petRangeOf, type PetRange } from './petCtCell';
import { usePetSuv } from './usePetSuv';

/** A series opened for a volume view: all its metadata is in (a volume needs every slice's geometry). */
export type VolumeSeries =
  | { kind: 'opening' }
  | { kind: 'failed'; message: string }
  | { kind: 'ready'; stack: SeriesStack; metadataBySop: ReadonlyMap<string, DicomJson> };

export function volumeSeriesOf(state: SeriesStackState): VolumeSeries {
  if (state.kind === 'opening') return { kind: 'opening' };
  if (state.kind === 'failed') return { kind: 'failed', message: state.message };
  if (state.metadataError) return { kind: 'failed', message: state.metadataError };
  if (!state.metadataBySop) return { kind: 'opening' };
  return { kind: 'ready', stack: state.stack, metadataBySop: state.metadataBySop };
}

/** The PET series of a fusion or MIP cell: its stack, its SUV (or why not) and the range to show. */
export function usePetSeries(archive: ArchiveClient, studyUid: string, petSeriesUid: string, attempt: number) {
  const state = useSeriesStack(archive, studyUid, petSeriesUid, attempt);
  const series = volumeSeriesOf(state);
  const stack = series.kind === 'ready' ? series.stack : undefined;
  const metadataBySop = series.kind === 'ready' ? series.metadataBySop : undefined;
  const suv: SuvScaling | undefined = usePetSuv(stack, metadataBySop as Map<string, DicomJson> | undefined);
  const range: PetRange | undefined = useMemo(() => {
    if (!stack) return undefined;
    const firstFactor = suv?.kind === 'suv' ? suv.factorBySopInstanceUid.values().next().value : undefined;
    return petRangeOf(suv, stack.firstMetadata, firstFactor);
  }, [stack, suv]);
  return { series, suv, range };
}
