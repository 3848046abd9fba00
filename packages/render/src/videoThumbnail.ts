import { NotAVideo, readVideoInstance, videoIdentityProblem } from './videoBitstream';
import { videoCodecOf, videoContainerOf, videoMimeType, type VideoCodec } from './videoCodec';

/** What a video series' thumbnail can be: its first frame, or why there is none. */
export type VideoThumbnail =
  | { kind: 'frame'; blob: Blob; width: number; height: number; codec: VideoCodec; transferSyntaxUid: string | undefined }
  | { kind: 'undecodable'; codec: VideoCodec | undefined; transferSyntaxUid: string | undefined }
  /** The file is not the instance asked for (another study, series or patient): nothing of it is shown. */
  | { kind: 'refused'; reason: string };

/** Longest wait for the browser to decode the first frame (a refused stream never says so). */
const FIRST_FRAME_TIMEOUT_MS = 15_000;

/**
 * The first decoded frame of a stored DICOM video (its Part-10 bytes, as the player reads
 * them), drawn by the browser's own decoder into a canvas of at most `size` pixels a side and
 * kept as PNG: the same frame the player opens on, without a lossy second encoding. A codec
 * the browser cannot play gives "undecodable", for the caller to draw the kind instead; a file
 * that is not the instance asked for is refused, as the player refuses it.
 */
export async function videoFirstFrame(
  part10: Uint8Array,
  expected: Parameters<typeof videoIdentityProblem>[1],
  size: number,
  signal?: AbortSignal,
): Promise<VideoThumbnail> {
  let video;
  try {
    video = readVideoInstance(part10);
  } catch (error) {
    if (error instanceof NotAVideo) return { kind: 'undecodable', codec: undefined, transferSyntaxUid: undefined };
    throw error;
  }
  const refusal = videoIdentityProblem(video, expected);
  if (refusal) return { kind: 'refused', reason: refusal };
  const codec = videoCodecOf(video.transferSyntaxUid);
  if (!codec) return { kind: 'undecodable', codec: undefined, transferSyntaxUid: video.transferSyntaxUid };
  const mimeType = videoMimeType(codec, videoContainerOf(video.bitstream.subarray(0, 512)));
  const element = document.createElement('video');
  if (element.canPlayType(mimeType) === '') return { kind: 'undecodable', codec, transferSyntaxUid: video.transferSyntaxUid };

  const url = URL.createObjectURL(new Blob([video.bitstream as BlobPart], { type: mimeType.split(';')[0] }));
  try {
    element.muted = true;
    element.preload = 'auto';
    element.src = url;
    const hasFrame = await new Promise<boolean>((resolve, reject) => {
      const timer = setTimeout(() => resolve(false), FIRST_FRAME_TIMEOUT_MS);
      const finish = (value: boolean) => {
        clearTimeout(timer);
        resolve(value);
      };
      // "loadeddata": the frame at the current position (0) is decoded and can be drawn.
      element.addEventListener('loadeddata', () => finish(true), { once: true });
      element.addEventListener('error', () => finish(false), { once: true });
      signal?.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(new DOMException('Aborted', 'AbortError'));
      });
    });
    if (!hasFrame || element.videoWidth === 0) return { kind: 'undecodable', codec, transferSyntaxUid: video.transferSyntaxUid };
    const scale = Math.min(1, size / Math.max(element.videoWidth, element.videoHeight));
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(element.videoWidth * scale));
    canvas.height = Math.max(1, Math.round(element.videoHeight * scale));
    const context = canvas.getContext('2d');
    if (!context) return { kind: 'undecodable', codec, transferSyntaxUid: video.transferSyntaxUid };
    context.imageSmoothingQuality = 'high';
    context.drawImage(element, 0, 0, canvas.width, canvas.height);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
    if (!blob) return { kind: 'undecodable', codec, transferSyntaxUid: video.transferSyntaxUid };
    return { kind: 'frame', blob, width: canvas.width, height: canvas.height, codec, transferSyntaxUid: video.transferSyntaxUid };
  } finally {
    element.removeAttribute('src');
    element.load();
    URL.revokeObjectURL(url);
  }
}
