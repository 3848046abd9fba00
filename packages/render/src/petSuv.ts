/**
 * SUVbw factors (g/ml per Bq/ml) of the PET images on the page, by image id. The viewer computes
 * them with @longview/pet once a series' whole metadata has arrived (SUV needs every instance's
 * times) and registers them here; measurements read them. Pixels stay in Bq/ml in the cache:
 * an image decoded before its series' factors were known is then never a different scale from
 * its neighbours, and a series without SUV needs no second decode.
 */
const suvFactorByImageId = new Map<string, number>();
const listeners = new Set<() => void>();

/** Registers (or, with `undefined`, forgets) the SUV factors of a series' images and tells the watchers. */
export function setSuvFactors(entries: Iterable<readonly [imageId: string, factor: number | undefined]>): void {
  let isChanged = false;
  for (const [imageId, factor] of entries) {
    if (suvFactorByImageId.get(imageId) === factor) continue;
    if (factor === undefined) suvFactorByImageId.delete(imageId);
    else suvFactorByImageId.set(imageId, factor);
    isChanged = true;
  }
  if (isChanged) for (const listener of listeners) listener();
}

/** g/ml per Bq/ml for a PET image whose series supports SUVbw; undefined otherwise. */
export function suvFactorOf(imageId: string): number | undefined {
  return suvFactorByImageId.get(imageId);
}

export function watchSuvFactors(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
