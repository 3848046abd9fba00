import { Enums, type Types } from '@cornerstonejs/core';
import { createImage, wadors, type Types as LoaderTypes } from '@cornerstonejs/dicom-image-loader';
import { declaredTransferSyntax, firstPartBody, firstPartContentType } from '@longview/dicomweb';
import { damageOfFrame, damageOfFrameAnswer } from './frameIntegrity';
import { streamedFrameFor, takeStreamedFrame, whenRetrieveGoing, type StreamedFrame } from './seriesStream/frameShelf';
import { frameUrlOfImageId } from './seriesStream/seriesStream';

/**
 * Where the `wadors:` loader finds a frame's bytes before asking the archive for it alone.
 *
 * Frames fetched before the rendering engine had loaded (the viewer's boot script asks for a
 * series' first frame at once, apps/viewer/src/boot): the WADO-RS image loader decodes such a
 * frame from that answer rather than asking the archive again. Every other frame, and an
 * early one whose request failed, goes to the archive as before.
 */
export interface EarlyFrameAnswer {
  body: ArrayBuffer;
  contentType: string | null;
}

/**
 * The early answer for a frame URL, if there is one (each is handed over once), and when it is
 * late: from then on a series retrieve that has started may bring the frame instead.
 */
export type EarlyFrameSource = (frameUrl: string) => { answer: Promise<EarlyFrameAnswer>; late: Promise<void> } | undefined;

/** The options Cornerstone hands the `wadors:` loader (priority, target buffer, scaling). */
type WadorsOptions = NonNullable<Parameters<typeof wadors.loadImage>[1]>;

let earlyFrameSource: EarlyFrameSource = () => undefined;

export function setEarlyFrameSource(source: EarlyFrameSource): void {
  earlyFrameSource = source;
}

function isImage(decoded: LoaderTypes.DICOMLoaderIImage | Types.IImageFrame): decoded is LoaderTypes.DICOMLoaderIImage {
  return 'getPixelData' in decoded;
}

/** Decodes one frame's bytes in a known syntax as the loader decodes a frame it fetched itself. */
async function decodeFrame(imageId: string, frame: Uint8Array, syntax: string, options: LoaderTypes.DICOMLoaderImageOptions): Promise<Types.IImage | undefined> {
  const started = Date.now();
  const decoded = await createImage(imageId, frame, syntax, { ...options, decodeLevel: 0 });
  if (!isImage(decoded)) return undefined;
  decoded.imageQualityStatus = Enums.ImageQualityStatus.FULL_RESOLUTION;
  decoded.transferSyntaxUID = syntax;
  decoded.loadTimeInMS = Date.now() - started;
  return decoded;
}

/**
 * Decodes an early answer as the loader decodes one it fetched: damaged codestreams refused
 * first (frameIntegrity.ts), then the decoders. Undefined when the answer does not say its
 * syntax, so the loader asks the archive itself.
 */
async function decodeEarlyAnswer(imageId: string, answer: EarlyFrameAnswer, options: WadorsOptions): Promise<Types.IImage | undefined> {
  const damage = damageOfFrameAnswer(answer.body, answer.contentType);
  if (damage) throw damage;
  const bytes = new Uint8Array(answer.body);
  const syntax = declaredTransferSyntax(firstPartContentType(bytes) ?? answer.contentType);
  return syntax ? decodeFrame(imageId, firstPartBody(bytes), syntax, options) : undefined;
}

/** Decodes a frame the series retrieve brought (seriesStream/), checked as a fetched one is. */
async function decodeStreamedFrame(imageId: string, { bytes, transferSyntaxUid }: StreamedFrame, options: WadorsOptions): Promise<Types.IImage> {
  const damage = damageOfFrame(bytes, transferSyntaxUid);
  if (damage) throw damage;
  // The frame's buffer is ours alone (the stream worker gave it up): it moves to the decoder and back, uncopied.
  const image = await decodeFrame(imageId, bytes, transferSyntaxUid, { ...options, transferPixelData: true });
  if (!image) throw new Error('The image data could not be decoded.');
  return image;
}

/**
 * Whether a load is one of many made at once for a volume (Cornerstone's streaming volume names
 * its volume in every request): such a load waits for a series retrieve already bringing its
 * frame. A stack's own loads do not: the image on screen is fetched at once, and the stack's
 * prefetcher decodes the retrieve's frames as they come (prefetch.ts).
 */
function isVolumeLoad(options: WadorsOptions): boolean {
  const details = (options as { additionalDetails?: { volumeId?: unknown } }).additionalDetails;
  return typeof details?.volumeId === 'string';
}

/** A frame from a retrieve still bringing it (undefined: it ended without), decoded; else from the archive. */
function fromRetrieve(imageId: string, streamed: Promise<StreamedFrame | undefined>, options: WadorsOptions): Promise<Types.IImage> {
  return streamed.then((frame) => (frame ? decodeStreamedFrame(imageId, frame, options) : wadors.loadImage(imageId, options).promise));
}

/**
 * An early answer, waited for until it comes or, once it is late, until a retrieve of its series
 * is going: the series retrieve waits for the early first frame only so long (the app's patience
 * with a frame an archive is stuck on), and then brings that frame as well.
 */
function earlyOrRetrieved(imageId: string, frameUrl: string, { answer: early, late }: NonNullable<ReturnType<EarlyFrameSource>>, options: WadorsOptions): Promise<Types.IImage> {
  const fromArchive = () => wadors.loadImage(imageId, options).promise;
  const stopWaiting = new AbortController();
  const retrieveGoing = late.then(() => whenRetrieveGoing(frameUrl, stopWaiting.signal)).then(() => 'retrieve' as const);
  return Promise.race([early.then(() => 'early' as const, () => 'early' as const), retrieveGoing])
    .then((first) => {
      if (first === 'early') {
        return early.then(
          async (answer) => (await decodeEarlyAnswer(imageId, answer, options)) ?? fromArchive(),
          fromArchive, // the early request failed: ask as if there had been none
        );
      }
      // Taken over by the retrieve: the early answer, whenever it comes, is left to the first paint.
      const streamed = streamedFrameFor(frameUrl);
      if (streamed instanceof Promise) return fromRetrieve(imageId, streamed, options);
      return streamed ? decodeStreamedFrame(imageId, streamed, options) : fromArchive();
    })
    .finally(() => stopWaiting.abort());
}

/**
 * The `wadors:` image loader: a frame the series retrieve brought (for a volume's load, also
 * one it is still bringing), else an early answer when the boot script fetched the frame (or
 * the retrieve, if that answer is so late that the retrieve has started), else the archive.
 */
export function loadWadorsImage(imageId: string, options: WadorsOptions = {}): Types.IImageLoadObject {
  const frameUrl = frameUrlOfImageId(imageId);
  const streamed = isVolumeLoad(options) ? streamedFrameFor(frameUrl) : takeStreamedFrame(frameUrl);
  if (streamed instanceof Promise) return { promise: fromRetrieve(imageId, streamed, options) };
  if (streamed) return { promise: decodeStreamedFrame(imageId, streamed, options) };
  const early = earlyFrameSource(frameUrl);
  if (!early) return wadors.loadImage(imageId, options);
  return { promise: earlyOrRetrieved(imageId, frameUrl, early, options) };
}
