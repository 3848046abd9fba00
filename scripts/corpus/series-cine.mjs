// Patient B's ultrasound cine: one multi-frame instance (30 frames, 8-bit),
// the case that exercises frame-by-frame retrieval and cine playback.
import { SOP_CLASS, writeDicomFile } from './dicom-file.mjs';
import { STUDIES } from './patients.mjs';
import { CINE_MARKER, cineFrame } from './phantoms.mjs';
import { defineSeries, describeSeries, identifyingAttributes, instanceFile } from './series-common.mjs';

export const CINE_SERIES_KEY = 'us-echo-cine';
const CINE = { frames: 30, rows: 256, columns: 256, frameTimeMs: 33.3 };

export async function buildCineSeries() {
  const series = defineSeries({
    key: CINE_SERIES_KEY, study: STUDIES.echoUs, seriesNumber: 1, description: 'CINE 4CH 30 FRAMES',
    modality: 'US', sopClassUid: SOP_CLASS.usMultiFrame, bodyPart: 'HEART', seriesTime: '101500',
    extra: {
      frameMarker: {
        description: 'Frame f (1-based) has a block of value 255 in rows rowFrom..rowTo, columns 8*(f-1) .. 8*(f-1)+5; elsewhere in those rows 0',
        ...CINE_MARKER,
      },
    },
  });
  const pixels = new Uint8Array(CINE.frames * CINE.rows * CINE.columns);
  for (let f = 0; f < CINE.frames; f++) {
    const frame = cineFrame({ frameIndex: f, frameCount: CINE.frames, rows: CINE.rows, columns: CINE.columns });
    pixels.set(Uint8Array.from(frame, (v) => Math.min(255, Math.max(0, Math.round(v)))), f * CINE.rows * CINE.columns);
  }
  const file = instanceFile(series.key, 1);
  const attributes = {
    ...identifyingAttributes(series, 1),
    ImageType: ['ORIGINAL', 'PRIMARY', 'CARDIAC', '0001'],
    NumberOfFrames: CINE.frames,
    // FrameIncrementPointer -> FrameTime (0018,1063): frames are equally spaced in time.
    FrameIncrementPointer: { vr: 'AT', value: [0x00181063] },
    FrameTime: CINE.frameTimeMs,
    CineRate: 30,
    RecommendedDisplayFrameRate: 30,
    StartTrim: 1,
    StopTrim: CINE.frames,
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    Rows: CINE.rows,
    Columns: CINE.columns,
    BitsAllocated: 8,
    BitsStored: 8,
    HighBit: 7,
    PixelRepresentation: 0,
    WindowCenter: 128,
    WindowWidth: 256,
    PixelData: { vr: 'OB', value: pixels },
  };
  writeDicomFile(file.absolute, { attributes });
  const entry = await describeSeries(series, [{ sopInstanceUid: attributes.SOPInstanceUID, instanceNumber: 1, file: file.relative, imagePositionPatient: null }], {
    encoding: { method: 'dcmjs (uncompressed, as generated)' },
  });
  entry.frameTime = CINE.frameTimeMs;
  entry.cineRate = 30;
  const references = [1, 8].map((frame) => ({
    name: `us-cine-frame-${frame}`, series, instanceNumber: 1, sopInstanceUid: attributes.SOPInstanceUID, frame,
    window: { center: 128, width: 256 }, renderArgs: [], input: file.absolute, inputDescription: 'on the stored file',
  }));
  return { entry, references };
}
