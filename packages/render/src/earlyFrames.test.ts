import { beforeEach, describe, expect, it, vi } from 'vitest';

// The decoders and the archive stand in: what is asserted is where a frame's bytes come from.
const decoded: Array<{ imageId: string; bytes: number[] }> = [];
const askedArchive: string[] = [];
vi.mock('@cornerstonejs/dicom-image-loader', () => ({
  createImage: (imageId: string, frame: Uint8Array) => {
    decoded.push({ imageId, bytes: Array.from(frame) });
    return Promise.resolve({ imageId, getPixelData: () => frame });
  },
  wadors: {
    loadImage: (imageId: string) => {
      askedArchive.push(imageId);
      return { promise: Promise.resolve({ imageId, fromArchive: true }) };
    },
  },
}));
vi.mock('@cornerstonejs/core', () => ({ Enums: { ImageQualityStatus: { FULL_RESOLUTION: 8 } } }));
vi.mock('./frameIntegrity', () => ({ damageOfFrame: () => undefined, damageOfFrameAnswer: () => undefined }));

const { loadWadorsImage, setEarlyFrameSource } = await import('./earlyFrames');
const { framesDelivered, retrieveEnded, retrieveStarted } = await import('./seriesStream/frameShelf');

const SERIES = '/dicomweb/radiology/studies/1.2/series/3.4';
const FRAME = `${SERIES}/instances/5.6/frames/1`;
const IMAGE_ID = `wadors:${FRAME}`;
const NATIVE = '1.2.840.10008.1.2.1';

function earlyAnswerOf(bytes: number[]) {
  return { body: new Uint8Array(bytes).buffer, contentType: `application/octet-stream; transfer-syntax=${NATIVE}` };
}

/** An early frame whose answer and lateness the test decides. */
function earlyFrame() {
  let answer: (bytes: number[]) => void = () => undefined;
  let fail: () => void = () => undefined;
  let beLate: () => void = () => undefined;
  const early = {
    answer: new Promise<ReturnType<typeof earlyAnswerOf>>((resolve, reject) => {
      answer = (bytes) => resolve(earlyAnswerOf(bytes));
      fail = () => reject(new Error('the early request failed'));
    }),
    late: new Promise<void>((resolve) => (beLate = resolve)),
  };
  setEarlyFrameSource((url) => (url === FRAME ? early : undefined));
  return { answer: (bytes: number[]) => answer(bytes), fail: () => fail(), beLate: () => beLate() };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('loadWadorsImage with a frame the boot script asked for', () => {
  beforeEach(() => {
    decoded.length = 0;
    askedArchive.length = 0;
  });

  it('takes a late early frame from the series retrieve, without asking the archive again', async () => {
    const early = earlyFrame();
    const image = loadWadorsImage(IMAGE_ID).promise;
    await tick();
    early.beLate(); // the archive is stuck on that frame
    retrieveStarted(SERIES);
    framesDelivered(SERIES, [{ frameUrl: FRAME, bytes: new Uint8Array([7, 7]), transferSyntaxUid: NATIVE, release: () => undefined }]);
    await expect(image).resolves.toMatchObject({ imageId: IMAGE_ID });
    expect(decoded).toEqual([{ imageId: IMAGE_ID, bytes: [7, 7] }]);
    expect(askedArchive).toEqual([]);
    early.answer([1, 1]); // comes at last: left to the first paint, not decoded again
    await tick();
    expect(decoded).toHaveLength(1);
    retrieveEnded(SERIES);
  });

  it('uses the early answer that comes in time, though a retrieve of the series is going', async () => {
    const early = earlyFrame();
    retrieveStarted(SERIES); // a board cell's retrieve does not wait for its early frame
    const image = loadWadorsImage(IMAGE_ID).promise;
    await tick();
    early.answer([3, 4]);
    await expect(image).resolves.toMatchObject({ imageId: IMAGE_ID });
    expect(decoded).toEqual([{ imageId: IMAGE_ID, bytes: [3, 4] }]);
    retrieveEnded(SERIES);
  });

  it('waits on a late early frame while no retrieve of its series goes', async () => {
    const early = earlyFrame();
    const image = loadWadorsImage(IMAGE_ID).promise;
    early.beLate();
    await tick();
    expect(decoded).toEqual([]);
    early.answer([5, 6]);
    await expect(image).resolves.toMatchObject({ imageId: IMAGE_ID });
    expect(decoded).toEqual([{ imageId: IMAGE_ID, bytes: [5, 6] }]);
  });

  it('asks the archive when the early request failed', async () => {
    const early = earlyFrame();
    const image = loadWadorsImage(IMAGE_ID).promise;
    early.fail();
    await expect(image).resolves.toMatchObject({ fromArchive: true });
    expect(askedArchive).toEqual([IMAGE_ID]);
  });

  it('asks the archive when a late frame’s retrieve ends without it', async () => {
    const early = earlyFrame();
    const image = loadWadorsImage(IMAGE_ID).promise;
    early.beLate();
    retrieveStarted(SERIES);
    await tick();
    retrieveEnded(SERIES);
    await expect(image).resolves.toMatchObject({ fromArchive: true });
    expect(askedArchive).toEqual([IMAGE_ID]);
  });
});
