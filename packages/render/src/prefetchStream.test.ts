import { describe, expect, it, vi } from 'vitest';
import type { SeriesStream, SeriesStreamOutcome } from './seriesStream/seriesStream';

const loaded: string[] = [];
vi.mock('./loadImage', () => ({
  loadStackImage: vi.fn(async (imageId: string) => {
    loaded.push(imageId);
    if (imageId.includes('/instances/broken/')) throw new Error('The image data could not be decoded.');
    return {};
  }),
}));

const { prefetchStack } = await import('./prefetch');

const SERIES = 'http://archive.test/studies/1/series/2';
const imageIdOf = (sop: string) => `wadors:${SERIES}/instances/${sop}/frames/1`;
const frameUrlOf = (sop: string) => `${SERIES}/instances/${sop}/frames/1`;

/** A series stream the test drives: deliver() frames, end() it. */
function fakeStream() {
  const watchers = new Set<(frameUrls: string[]) => void>();
  const delivered: string[] = [];
  let end: (outcome: SeriesStreamOutcome) => void = () => undefined;
  const stream: SeriesStream = {
    seriesUrl: SERIES,
    ended: new Promise((resolve) => (end = resolve)),
    watch(onFrames) {
      watchers.add(onFrames);
      if (delivered.length) onFrames([...delivered]);
      return () => watchers.delete(onFrames);
    },
    close: () => end({ kind: 'aborted' }),
  };
  const deliver = (...sops: string[]) => {
    delivered.push(...sops.map(frameUrlOf));
    watchers.forEach((watcher) => watcher(sops.map(frameUrlOf)));
  };
  return { stream, deliver, end: (outcome: SeriesStreamOutcome) => end(outcome) };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('prefetchStack with a series stream', () => {
  it('loads images as their frames arrive, then what the stream did not bring nearest the viewed image first', async () => {
    loaded.length = 0;
    const sops = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
    const { stream, deliver, end } = fakeStream();
    deliver('a'); // before the prefetch watches: replayed
    const failed: number[] = [];
    const done = prefetchStack(sops.map(imageIdOf), { signal: new AbortController().signal, startIndex: 5, onProgress: () => undefined, onImageFailed: (index) => failed.push(index), stream });
    await tick();
    deliver('c', 'b', 'not-in-this-stack');
    await tick();
    expect(loaded).toEqual(['a', 'c', 'b'].map(imageIdOf));
    // The archive's answer broke off: d, e, f and g come one by one, outwards from image 5.
    end({ kind: 'failed', reason: 'cut short' });
    const progress = await done;
    expect(loaded).toEqual([...['a', 'c', 'b'], ...['f', 'g', 'e', 'd']].map(imageIdOf));
    expect(progress).toEqual({ loaded: 7, failed: 0, total: 7 });
    expect(failed).toEqual([]);
  });

  it('reports a streamed image that fails like any other and loads it only once', async () => {
    loaded.length = 0;
    const sops = ['a', 'broken', 'c'];
    const { stream, deliver, end } = fakeStream();
    const failed: Array<[number, string]> = [];
    const done = prefetchStack(sops.map(imageIdOf), { signal: new AbortController().signal, startIndex: 0, onProgress: () => undefined, onImageFailed: (index, message) => failed.push([index, message]), stream });
    deliver('a', 'broken', 'c', 'a');
    end({ kind: 'complete' });
    expect(await done).toEqual({ loaded: 2, failed: 1, total: 3 });
    expect(loaded).toEqual(['a', 'broken', 'c'].map(imageIdOf));
    expect(failed).toEqual([[1, 'The image data could not be decoded.']]);
  });

  it('stops when aborted, without waiting for the stream to end', async () => {
    loaded.length = 0;
    const { stream, deliver } = fakeStream();
    const controller = new AbortController();
    const done = prefetchStack(['a', 'b'].map(imageIdOf), { signal: controller.signal, startIndex: 0, onProgress: () => undefined, onImageFailed: () => undefined, stream });
    deliver('a');
    await tick();
    controller.abort();
    await done;
    expect(loaded).toEqual([imageIdOf('a')]);
  });
});
