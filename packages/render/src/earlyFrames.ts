import { Enums, type Types } from '@cornerstonejs/core';
import { createImage, wadors, type Types as LoaderTypes } from '@cornerstonejs/dicom-image-loader';
import { declaredTransferSyntax, firstPartBody, firstPartContentType } from '@longview/dicomweb';
import { damageOfFrame, damageOfFrameAnswer } from './frameIntegrity';
import { streamedFrameFor, takeStreamedFrame, type StreamedFrame } from './seriesStream/frameShelf';
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

/** The early answer for a frame URL, if there is one (each is handed over once). */
export type EarlyFrameSource = (frameUrl: string) => Promise<EarlyFrameAnswer> | undefined;

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

/**
 * The `wadors:` image loader: a frame the series retrieve brought (for a volume's load, also
 * one it is still bringing), else an early answer when the boot script fetched the frame, else
 * the archive.
 */
export function loadWadorsImage(imageId: string, options: WadorsOptions = {}): Types.IImageLoadObject {
  const frameUrl = frameUrlOfImageId(imageId);
  const streamed = isVolumeLoad(options) ? streamedFrameFor(frameUrl) : takeStreamedFrame(frameUrl);
  if (streamed instanceof Promise) {
    return { promise: streamed.then((frame) => (frame ? decodeStreamedFrame(imageId, frame, options) : wadors.loadImage(imageId, options).promise)) };
  }
  if (streamed) return { promise: decodeStreamedFrame(imageId, streamed, options) };
  const early = earlyFrameSource(frameUrl);
  if (!early) return wadors.loadImage(imageId, options);
  const fromArchive = () => wadors.loadImage(imageId, options).promise;
  return {
    promise: early.then(
      async (answer) => (await decodeEarlyAnswer(imageId, answer, options)) ?? fromArchive(),
      fromArchive, // the early request failed: ask as if there had been none
    ),
  };
}
