import { declaredTransferSyntax, firstPartBody, firstPartContentType } from '@longview/dicomweb';

/**
 * A compressed frame that cannot be whole. JPEG (ITU-T T.81), JPEG-LS (T.87) and JPEG 2000 /
 * HTJ2K (T.800, T.814) codestreams all end with the two bytes FF D9 (EOI, or EOC for JPEG
 * 2000); DICOM may pad a fragment with one trailing 0x00 (PS3.5 A.4). A frame that stops
 * anywhere else was cut short or overwritten. Some decoders fail on such data, some never
 * answer, and the lossless JPEG decoder turns it into plausible noise, which is the worst
 * case: so the frame is refused before it reaches them.
 */
export class DamagedFrame extends Error {
  constructor() {
    super('The image data is damaged: its compressed stream does not end where it should.');
    this.name = 'DamagedFrame';
  }
}

const CODESTREAM_SYNTAXES = new Set([
  '1.2.840.10008.1.2.4.50', // JPEG baseline
  '1.2.840.10008.1.2.4.51', // JPEG extended
  '1.2.840.10008.1.2.4.57', // JPEG lossless
  '1.2.840.10008.1.2.4.70', // JPEG lossless, first-order prediction
  '1.2.840.10008.1.2.4.80', // JPEG-LS lossless
  '1.2.840.10008.1.2.4.81', // JPEG-LS near-lossless
  '1.2.840.10008.1.2.4.90', // JPEG 2000 lossless
  '1.2.840.10008.1.2.4.91', // JPEG 2000
  '1.2.840.10008.1.2.4.201', // HTJ2K lossless
  '1.2.840.10008.1.2.4.202', // HTJ2K lossless RPCL
  '1.2.840.10008.1.2.4.203', // HTJ2K
]);
const CODESTREAM_MEDIA_TYPES = /^image\/(jpeg|jls|x-jls|jp2|jpx|jphc)\b/i;

function isCodestream(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const syntax = declaredTransferSyntax(contentType);
  return syntax !== undefined ? CODESTREAM_SYNTAXES.has(syntax) : CODESTREAM_MEDIA_TYPES.test(contentType);
}

/** True when a codestream does not end with FF D9 (after at most one pad byte). */
export function lacksEndMarker(codestream: Uint8Array): boolean {
  let end = codestream.length;
  if (end > 0 && codestream[end - 1] === 0x00) end -= 1;
  return end < 4 || codestream[end - 2] !== 0xff || codestream[end - 1] !== 0xd9;
}

/** The problem with a frame in a known transfer syntax, or undefined when it is not a codestream or is whole. */
export function damageOfFrame(frame: Uint8Array, transferSyntaxUid: string): DamagedFrame | undefined {
  return CODESTREAM_SYNTAXES.has(transferSyntaxUid) && lacksEndMarker(frame) ? new DamagedFrame() : undefined;
}

/**
 * Checks a WADO-RS frame answer (multipart, or a single part with `responseContentType`) and
 * returns the problem, or undefined when it is not a codestream or is whole.
 */
export function damageOfFrameAnswer(answer: ArrayBuffer, responseContentType: string | null): DamagedFrame | undefined {
  const bytes = new Uint8Array(answer);
  const partType = firstPartContentType(bytes) ?? (responseContentType?.startsWith('multipart/') ? undefined : (responseContentType ?? undefined));
  if (!isCodestream(partType)) return undefined;
  return lacksEndMarker(firstPartBody(bytes)) ? new DamagedFrame() : undefined;
}

/** Answers refused as damaged: the loader rejects with the XMLHttpRequest itself. */
const damagedAnswers = new WeakMap<object, DamagedFrame>();

/** The image loader's `beforeProcessing` hook: passes whole frames on, refuses damaged ones. */
export function refuseDamagedFrames(xhr: XMLHttpRequest): Promise<ArrayBuffer> {
  const answer = xhr.response as ArrayBuffer;
  const damage = answer instanceof ArrayBuffer ? damageOfFrameAnswer(answer, xhr.getResponseHeader('content-type')) : undefined;
  if (!damage) return Promise.resolve(answer);
  damagedAnswers.set(xhr, damage);
  return Promise.reject(damage);
}

/** The damage behind a failed load, whichever way the loader wrapped the request. */
export function recordedDamage(error: unknown): DamagedFrame | undefined {
  if (error instanceof DamagedFrame) return error;
  if (typeof error !== 'object' || error === null) return undefined;
  const inner = (error as { error?: unknown; xhr?: unknown }).error ?? (error as { xhr?: unknown }).xhr;
  // A frame the boot script fetched is refused with the DamagedFrame itself (earlyFrames.ts).
  if (inner instanceof DamagedFrame) return inner;
  return damagedAnswers.get(error) ?? (typeof inner === 'object' && inner !== null ? damagedAnswers.get(inner) : undefined);
}
