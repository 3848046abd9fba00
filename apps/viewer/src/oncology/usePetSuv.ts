import { useEffect, useMemo } from 'react';
import { getString, type DicomJson } from '@longview/dicom-meta';
import { suvScalingOf, type SuvScaling } from '@longview/pet';
import { loadRender } from '../render/loadRender';
import type { SeriesStack } from '../series/seriesStack';

/**
 * SUVbw for a PET series on screen: decided once the series' whole metadata is in (the scan time
 * is the earliest acquisition of all its instances), then registered by image id so that the
 * probe and region values read in g/ml. Undefined for other modalities and while the metadata
 * is still arriving (the values read in Bq/ml meanwhile, labelled so).
 */
export function usePetSuv(stack: SeriesStack | undefined, metadataBySop: ReadonlyMap<string, DicomJson> | undefined): SuvScaling | undefined {
  const isPet = stack !== undefined && getString(stack.firstMetadata, 'Modality') === 'PT';
  const scaling = useMemo(() => {
    if (!isPet || !stack || !metadataBySop) return undefined;
    const instances = stack.instances.map((instance) => metadataBySop.get(instance.sopInstanceUid)).filter((json): json is DicomJson => json !== undefined);
    if (instances.length !== stack.instances.length) {
      return { kind: 'unavailable', storedUnits: undefined, reason: 'the metadata of some instances is missing' } satisfies SuvScaling;
    }
    return suvScalingOf(instances);
  }, [isPet, stack, metadataBySop]);

  useEffect(() => {
    if (!stack || scaling?.kind !== 'suv') return;
    // Through loadRender: a static import of the rendering package would put the engine in the
    // viewer's route chunk, ahead of the first frame (the first-image path, decision 0014).
    void loadRender().then((render) => render.setSuvFactors(stack.images.map((image) => [image.imageId, scaling.factorBySopInstanceUid.get(image.sopInstanceUid)] as const)));
  }, [stack, scaling]);

  return scaling;
}
