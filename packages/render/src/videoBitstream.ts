import { parseDicom, type DataSet } from 'dicom-parser';

/** A DICOM video instance taken apart: what the player needs and the encoded bitstream. */
export interface VideoInstance {
  transferSyntaxUid: string | undefined;
  rows: number | undefined;
  columns: number | undefined;
  numberOfFrames: number | undefined;
  /** FrameTime (0018,1063), milliseconds between frames. */
  frameTimeMs: number | undefined;
  /** CineRate (0018,0040), frames per second. */
  cineRate: number | undefined;
  modality: string | undefined;
  seriesNumber: number | undefined;
  seriesDescription: string | undefined;
  /** What the file says it is and whose: checked against what the study list said (videoIdentityProblem). */
  studyInstanceUid: string | undefined;
  seriesInstanceUid: string | undefined;
  sopInstanceUid: string | undefined;
  patientId: string | undefined;
  /** The encapsulated stream (MP4, MPEG-2 PS/TS...), fragments joined, Basic Offset Table left out. */
  bitstream: Uint8Array;
}

/** Thrown when the stored instance holds no encapsulated video to play. */
export class NotAVideo extends Error {
  constructor(detail: string) {
    super(`The stored instance holds no playable video: ${detail}.`);
    this.name = 'NotAVideo';
  }
}

const numberOf = (dataSet: DataSet, tag: string): number | undefined => {
  const text = dataSet.string(tag);
  if (text === undefined || text.trim() === '') return undefined;
  const value = Number(text.split('\\')[0]);
  return Number.isFinite(value) ? value : undefined;
};

/**
 * Reads a Part-10 video instance. PS3.5 8.2.5–8.2.9 put the whole bitstream in the Pixel Data
 * fragments (one for the non-fragmentable syntaxes, several for the ".1" fragmentable ones);
 * joined in order they are the stream, whatever the Basic Offset Table says.
 */
export function readVideoInstance(part10: Uint8Array): VideoInstance {
  let dataSet: DataSet;
  try {
    dataSet = parseDicom(part10);
  } catch (error) {
    throw new NotAVideo(`not a readable DICOM file (${error instanceof Error ? error.message : String(error)})`);
  }
  const pixelData = dataSet.elements.x7fe00010;
  if (!pixelData) throw new NotAVideo('no Pixel Data');
  if (!pixelData.encapsulatedPixelData || !pixelData.fragments?.length) throw new NotAVideo('Pixel Data is not encapsulated');
  const total = pixelData.fragments.reduce((sum, fragment) => sum + fragment.length, 0);
  const bitstream = new Uint8Array(total);
  let at = 0;
  for (const fragment of pixelData.fragments) {
    bitstream.set(part10.subarray(fragment.position, fragment.position + fragment.length), at);
    at += fragment.length;
  }
  return {
    transferSyntaxUid: dataSet.string('x00020010')?.replace(/\0/g, '').trim(),
    rows: dataSet.uint16('x00280010'),
    columns: dataSet.uint16('x00280011'),
    numberOfFrames: numberOf(dataSet, 'x00280008'),
    frameTimeMs: numberOf(dataSet, 'x00181063'),
    cineRate: numberOf(dataSet, 'x00180040'),
    modality: dataSet.string('x00080060')?.trim() || undefined,
    seriesNumber: numberOf(dataSet, 'x00200011'),
    // Read as bytes: exact for the default repertoire; the overlay takes patient identity
    // from the study's QIDO answer, decoded by character set, never from here.
    seriesDescription: dataSet.string('x0008103e')?.trim() || undefined,
    studyInstanceUid: uidOf(dataSet, 'x0020000d'),
    seriesInstanceUid: uidOf(dataSet, 'x0020000e'),
    sopInstanceUid: uidOf(dataSet, 'x00080018'),
    patientId: dataSet.string('x00100020')?.trim() || undefined,
    bitstream,
  };
}

const uidOf = (dataSet: DataSet, tag: string) => dataSet.string(tag)?.replace(/\0/g, '').trim() || undefined;

/**
 * Why a retrieved video must not be shown under the study it was asked for, or undefined: the
 * file names another study, series or instance than the request, or another PatientID than the
 * study list's. The overlay shows the study list's identity, so the file has to agree with it.
 * (Patient IDs are compared as bytes; IDs are plain ASCII in practice, PS3.5 6.2 LO.)
 */
export function videoIdentityProblem(
  video: Pick<VideoInstance, 'studyInstanceUid' | 'seriesInstanceUid' | 'sopInstanceUid' | 'patientId'>,
  expected: { studyInstanceUid: string; seriesInstanceUid: string; sopInstanceUid: string; patientId: string | undefined },
): string | undefined {
  if (video.studyInstanceUid !== expected.studyInstanceUid || video.seriesInstanceUid !== expected.seriesInstanceUid || video.sopInstanceUid !== expected.sopInstanceUid) {
    return 'The archive returned a video file of another study or series than the one asked for; it is not shown.';
  }
  if (expected.patientId !== undefined && video.patientId !== undefined && video.patientId !== expected.patientId) {
    return 'The video file names another patient than this study; it is not shown.';
  }
  return undefined;
}
