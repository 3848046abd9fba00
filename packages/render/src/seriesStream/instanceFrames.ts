import { parseDicom, readEncapsulatedImageFrame, readEncapsulatedPixelDataFromFragments, type DataSet, type Element } from 'dicom-parser';

/**
 * The frames of one stored (Part-10) instance as a WADO-RS frame request would return them:
 * native pixels cut frame by frame, compressed ones as one codestream per frame, in the
 * instance's own transfer syntax. What this cannot do with certainty (a deflated data set,
 * 1-bit frames packed across byte boundaries, fragments that do not map to frames) it
 * refuses, and that instance's frames are then asked for one by one as before.
 */
export interface InstanceFrames {
  sopInstanceUid: string;
  transferSyntaxUid: string;
  /** Frame n (1-based) is frames[n - 1]; each owns its buffer, to be transferred alone. */
  frames: Array<Uint8Array<ArrayBuffer>>;
}

export class UnreadableInstance extends Error {
  constructor(detail: string) {
    super(`The stored instance cannot be split into frames here: ${detail}.`);
    this.name = 'UnreadableInstance';
  }
}

const PIXEL_DATA = 'x7fe00010';

function parse(part10: Uint8Array): DataSet {
  try {
    return parseDicom(part10);
  } catch (error) {
    // dicom-parser throws strings as well as Errors.
    throw new UnreadableInstance(error instanceof Error ? error.message : String(error));
  }
}

/** Bytes of one native frame (PS3.5 8.1.1); undefined where frames are not whole bytes. */
function nativeFrameBytes(dataSet: DataSet): number | undefined {
  const rows = dataSet.uint16('x00280010') ?? 0;
  const columns = dataSet.uint16('x00280011') ?? 0;
  const samples = dataSet.uint16('x00280002') ?? 1;
  const bitsAllocated = dataSet.uint16('x00280100') ?? 0;
  if (rows === 0 || columns === 0 || bitsAllocated % 8 !== 0 || bitsAllocated === 0) return undefined;
  // YBR_FULL_422 keeps two samples per pixel, not three (PS3.3 C.7.6.3.1.2).
  const samplesKept = dataSet.string('x00280004') === 'YBR_FULL_422' ? 2 : samples;
  return rows * columns * samplesKept * (bitsAllocated / 8);
}

function nativeFrames(dataSet: DataSet, pixelData: Element, frameCount: number): Array<Uint8Array<ArrayBuffer>> {
  const frameBytes = nativeFrameBytes(dataSet);
  if (frameBytes === undefined) throw new UnreadableInstance('its frames are not whole bytes');
  if (pixelData.length < frameBytes * frameCount) throw new UnreadableInstance('its pixel data is shorter than its frames');
  const start = dataSet.byteArray.byteOffset + pixelData.dataOffset;
  const bytes = new Uint8Array(dataSet.byteArray.buffer, 0, dataSet.byteArray.buffer.byteLength);
  return Array.from({ length: frameCount }, (_, i) => bytes.slice(start + i * frameBytes, start + (i + 1) * frameBytes));
}

function encapsulatedFrames(dataSet: DataSet, pixelData: Element, frameCount: number): Array<Uint8Array<ArrayBuffer>> {
  const fragments = pixelData.fragments ?? [];
  const offsets = pixelData.basicOffsetTable ?? [];
  const frame = (index: number): Uint8Array => {
    if (frameCount === 1) return readEncapsulatedPixelDataFromFragments(dataSet, pixelData, 0, fragments.length);
    if (offsets.length === frameCount) return readEncapsulatedImageFrame(dataSet, pixelData, index, offsets);
    if (fragments.length === frameCount) return readEncapsulatedPixelDataFromFragments(dataSet, pixelData, index, 1);
    throw new UnreadableInstance('its fragments do not say where each frame starts');
  };
  if (fragments.length === 0) throw new UnreadableInstance('its encapsulated pixel data has no fragment');
  return Array.from({ length: frameCount }, (_, i) => frame(i).slice());
}

/** Splits a stored instance into its frames; throws UnreadableInstance when it cannot. */
export function framesOfInstance(part10: Uint8Array): InstanceFrames {
  const dataSet = parse(part10);
  const sopInstanceUid = dataSet.string('x00080018');
  const transferSyntaxUid = dataSet.string('x00020010');
  const pixelData = dataSet.elements[PIXEL_DATA];
  if (!sopInstanceUid || !transferSyntaxUid) throw new UnreadableInstance('it has no SOP instance UID or transfer syntax');
  if (!pixelData) throw new UnreadableInstance('it has no pixel data');
  const frameCount = Math.max(1, dataSet.intString('x00280008') ?? 1);
  const frames = pixelData.encapsulatedPixelData ? encapsulatedFrames(dataSet, pixelData, frameCount) : nativeFrames(dataSet, pixelData, frameCount);
  return { sopInstanceUid, transferSyntaxUid, frames };
}
