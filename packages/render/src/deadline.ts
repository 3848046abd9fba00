/**
 * A damaged codestream can leave a decoder without an answer: the truncated JPEG-LS frame of
 * the hostile corpus (scripts/corpus/series-hostile.mjs) never settles in the loader. A load
 * that has not settled by its deadline is reported as failed so the viewer can say so and move
 * on, instead of showing "Loading" forever.
 */
export const IMAGE_LOAD_DEADLINE_MS = 15_000;

export class ImageLoadTimedOut extends Error {
  constructor() {
    super('The image did not finish decoding; its data may be damaged.');
    this.name = 'ImageLoadTimedOut';
  }
}

/** `work`, or an ImageLoadTimedOut rejection if it has not settled after `ms`. */
export function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ImageLoadTimedOut()), ms);
  });
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
}
