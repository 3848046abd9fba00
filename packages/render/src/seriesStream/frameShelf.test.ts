import { describe, expect, it } from 'vitest';
import { dropStreamedFrame, framesDelivered, retrieveEnded, retrieveStarted, seriesUrlOfFrame, streamedFrameFor, takeStreamedFrame, whenRetrieveGoing } from './frameShelf';

const SERIES = '/dicomweb/oncology/studies/1.2/series/3.4';
const frameUrl = (sop: string) => `${SERIES}/instances/${sop}/frames/1`;

/** A delivered frame whose release is counted, as the retrieve's worker counts what the page took. */
function deliver(seriesUrl: string, sop: string, released: string[], byte = 7) {
  const url = `${seriesUrl}/instances/${sop}/frames/1`;
  framesDelivered(seriesUrl, [{ frameUrl: url, bytes: new Uint8Array([byte]), transferSyntaxUid: '1.2.840.10008.1.2.4.80', release: () => released.push(url) }]);
}

describe('the frame shelf', () => {
  it('names the series a frame URL belongs to', () => {
    expect(seriesUrlOfFrame(frameUrl('5.6'))).toBe(SERIES);
  });

  it('hands a delivered frame over once and tells the retrieve it left', () => {
    const released: string[] = [];
    retrieveStarted(SERIES);
    deliver(SERIES, '1.1', released);
    expect(takeStreamedFrame(frameUrl('1.1'))?.bytes).toEqual(new Uint8Array([7]));
    expect(takeStreamedFrame(frameUrl('1.1'))).toBeUndefined();
    expect(released).toEqual([frameUrl('1.1')]);
    retrieveEnded(SERIES);
  });

  it('keeps a bulk load waiting for a frame still on its way, and hands it over on delivery', async () => {
    const released: string[] = [];
    retrieveStarted(SERIES);
    const waiting = streamedFrameFor(frameUrl('2.1'));
    expect(waiting).toBeInstanceOf(Promise);
    deliver(SERIES, '2.1', released, 9);
    expect((await waiting)?.bytes).toEqual(new Uint8Array([9]));
    // Taken by the waiting load: nothing is left on the shelf for anyone else.
    expect(takeStreamedFrame(frameUrl('2.1'))).toBeUndefined();
    expect(released).toEqual([frameUrl('2.1')]);
    retrieveEnded(SERIES);
  });

  it('lets the waiting load fetch the frame itself when the retrieve ends without it', async () => {
    retrieveStarted(SERIES);
    const waiting = streamedFrameFor(frameUrl('3.1'));
    retrieveEnded(SERIES);
    await expect(waiting).resolves.toBeUndefined();
    // With no retrieve going, a load does not wait at all.
    expect(streamedFrameFor(frameUrl('3.2'))).toBeUndefined();
  });

  it('does not wait for a frame the retrieve already delivered and someone took', () => {
    const released: string[] = [];
    retrieveStarted(SERIES);
    deliver(SERIES, '4.1', released);
    dropStreamedFrame(frameUrl('4.1'));
    expect(streamedFrameFor(frameUrl('4.1'))).toBeUndefined();
    retrieveEnded(SERIES);
  });

  it('keeps waiting while a second retrieve of the same series is still going', async () => {
    const released: string[] = [];
    retrieveStarted(SERIES);
    retrieveStarted(SERIES);
    const waiting = streamedFrameFor(frameUrl('5.1'));
    retrieveEnded(SERIES);
    deliver(SERIES, '5.1', released, 3);
    expect((await waiting)?.bytes).toEqual(new Uint8Array([3]));
    retrieveEnded(SERIES);
    expect(streamedFrameFor(frameUrl('5.2'))).toBeUndefined();
  });

  it('never makes a load of another series wait', () => {
    retrieveStarted(SERIES);
    expect(streamedFrameFor('/dicomweb/oncology/studies/1.2/series/9.9/instances/1/frames/1')).toBeUndefined();
    retrieveEnded(SERIES);
  });
});

describe('whenRetrieveGoing', () => {
  const SERIES_URL = '/dicomweb/oncology/studies/1.2/series/7.7';
  const frameOf = (sop: string) => `${SERIES_URL}/instances/${sop}/frames/1`;
  /** 'going' if `promise` has resolved by the next turn, else 'waiting'. */
  const stateOf = (promise: Promise<void>) => Promise.race([promise.then(() => 'going'), new Promise((resolve) => setTimeout(() => resolve('waiting'), 0))]);

  it('resolves at once while a retrieve of the series is going, and when one starts', async () => {
    const waiting = whenRetrieveGoing(frameOf('1'), new AbortController().signal);
    expect(await stateOf(waiting)).toBe('waiting');
    retrieveStarted(SERIES_URL);
    expect(await stateOf(waiting)).toBe('going');
    expect(await stateOf(whenRetrieveGoing(frameOf('2'), new AbortController().signal))).toBe('going');
    retrieveEnded(SERIES_URL);
  });

  it('keeps no waiter for a wait dropped before or while it waits', async () => {
    const dropped = new AbortController();
    dropped.abort();
    const droppedBefore = whenRetrieveGoing(frameOf('3'), dropped.signal);
    const dropping = new AbortController();
    const droppedWhile = whenRetrieveGoing(frameOf('4'), dropping.signal);
    dropping.abort();
    retrieveStarted(SERIES_URL);
    expect(await stateOf(droppedBefore)).toBe('waiting');
    expect(await stateOf(droppedWhile)).toBe('waiting');
    retrieveEnded(SERIES_URL);
  });
});
