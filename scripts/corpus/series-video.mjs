// dana's DICOM video (issue 5): an endoscopy study with two Video Endoscopic Image instances,
// encoded by ffmpeg (the real encoders, libx264 and its MPEG-2 encoder):
//   - "es-video-h264": 4 s, 25 fps, 320×240, MPEG-4 AVC/H.264 High Profile / Level 4.1 in an MP4
//     container (1.2.840.10008.1.2.4.102), which browsers play;
//   - "es-video-mpeg2": 2 s of MPEG-2 Main Profile / Main Level in a program stream
//     (1.2.840.10008.1.2.4.100), which no browser plays: the viewer must say so by codec name.
// Each second of the clip is one flat colour field (VIDEO_FIELDS), so a seek point has a known
// colour; a white bar in the top rows moves 3 px per frame so the clip visibly plays.
import fs from 'node:fs';
import path from 'node:path';
import { writeDicomFile } from './dicom-file.mjs';
import { readImageAttributes, runTool } from './dicom-tools.mjs';
import { defineContentStudy } from './patients-content.mjs';
import { WORK_DIR, defineSeries, describeSeries, identifyingAttributes, instanceFile } from './series-common.mjs';

export const VIDEO_SERIES_KEYS = { h264: 'es-video-h264', mpeg2: 'es-video-mpeg2' };

const SOP_CLASS_VIDEO_ENDOSCOPIC = '1.2.840.10008.5.1.4.1.1.77.1.1.1';
const TS_MPEG2_MAIN_PROFILE_MAIN_LEVEL = '1.2.840.10008.1.2.4.100';
const TS_H264_HIGH_PROFILE_LEVEL_41 = '1.2.840.10008.1.2.4.102';

const CLIP = { columns: 320, rows: 240, framesPerSecond: 25 };

/** RGB of the flat field shown during second `second` (0-based) of every clip. */
export const VIDEO_FIELDS = [
  { second: 0, rgb: [200, 40, 40] },
  { second: 1, rgb: [40, 180, 60] },
  { second: 2, rgb: [40, 70, 200] },
  { second: 3, rgb: [220, 200, 40] },
];
const MARKER = { rowTo: 23, pixelsPerFrame: 3, width: 8, value: 235 };

export const VIDEO_STUDY = defineContentStudy({
  archive: 'pathology', block: 'video', date: '20250410', time: '101500',
  description: 'UPPER GI ENDOSCOPY VIDEO', specialty: 'endoscopy',
});

const hex = (rgb) => `0x${rgb.map((v) => v.toString(16).padStart(2, '0')).join('')}`;

/**
 * The clip as an ffmpeg filter graph: one flat colour source per second, concatenated, with
 * the marker bar overlaid at a per-frame position (overlay evaluates x for every frame).
 */
function clipFilterGraph(seconds) {
  const { columns, rows, framesPerSecond } = CLIP;
  const fields = VIDEO_FIELDS.filter((field) => field.second < seconds);
  const sources = fields.map((field, i) => `color=c=${hex(field.rgb)}:s=${columns}x${rows}:r=${framesPerSecond}:d=1[f${i}]`);
  const { rowTo, pixelsPerFrame, width, value } = MARKER;
  return [
    ...sources,
    `${fields.map((_, i) => `[f${i}]`).join('')}concat=n=${fields.length}:v=1:a=0[background]`,
    `color=c=${hex([value, value, value])}:s=${width}x${rowTo + 1}:r=${framesPerSecond}[bar]`,
    `[background][bar]overlay=x='${pixelsPerFrame}*n':y=0:eval=frame:shortest=1,scale=out_color_matrix=bt709:out_range=tv,format=yuv420p[clip]`,
  ].join(';');
}

/**
 * Encodes the synthetic clip. BT.709 matrix and limited range are written into the stream
 * (and used by the RGB→YUV conversion) so a browser converts back with the same matrix and
 * the field colours survive within a few levels.
 */
async function encodeClip(output, { seconds, codecArgs }) {
  fs.mkdirSync(path.dirname(output), { recursive: true });
  await runTool('ffmpeg', [
    '-v', 'error', '-y', '-filter_complex', clipFilterGraph(seconds), '-map', '[clip]', '-an',
    '-colorspace', 'bt709', '-color_primaries', 'bt709', '-color_trc', 'bt709', '-color_range', 'tv',
    ...codecArgs, output,
  ]);
  return new Uint8Array(fs.readFileSync(output));
}

const CODECS = {
  h264: {
    seconds: 4,
    transferSyntaxUid: TS_H264_HIGH_PROFILE_LEVEL_41,
    lossyMethod: 'ISO_14496_10',
    codecName: 'MPEG-4 AVC/H.264 High Profile',
    // One key frame a second keeps seeking cheap; faststart puts the moov box first so a
    // player can start before the whole file is read. -bitexact keeps the encoder's version
    // string out of the file.
    codecArgs: ['-c:v', 'libx264', '-profile:v', 'high', '-level:v', '4.1', '-preset', 'medium', '-crf', '14', '-g', '25', '-threads', '1',
      '-movflags', '+faststart', '-fflags', '+bitexact', '-f', 'mp4'],
    extension: 'mp4',
  },
  mpeg2: {
    seconds: 2,
    transferSyntaxUid: TS_MPEG2_MAIN_PROFILE_MAIN_LEVEL,
    lossyMethod: 'ISO_13818_2',
    codecName: 'MPEG-2 Main Profile / Main Level',
    // Main profile (4) at main level (8), in an MPEG-2 program stream.
    codecArgs: ['-c:v', 'mpeg2video', '-profile:v', '4', '-level:v', '8', '-b:v', '2M', '-g', '12', '-fflags', '+bitexact', '-f', 'vob'],
    extension: 'mpg',
  },
};

async function buildVideoSeries(codecKey, seriesNumber) {
  const codec = CODECS[codecKey];
  const key = VIDEO_SERIES_KEYS[codecKey];
  const frames = codec.seconds * CLIP.framesPerSecond;
  const frameTimeMs = 1000 / CLIP.framesPerSecond;
  const series = defineSeries({
    key, study: VIDEO_STUDY, seriesNumber, modality: 'ES', sopClassUid: SOP_CLASS_VIDEO_ENDOSCOPIC, bodyPart: 'STOMACH',
    description: `GASTROSCOPY ${codec.seconds}S ${codecKey.toUpperCase()}`, seriesTime: `10${20 + seriesNumber}00`,
    extra: {
      video: {
        codecName: codec.codecName,
        framesPerSecond: CLIP.framesPerSecond,
        durationSeconds: codec.seconds,
        fields: VIDEO_FIELDS.filter((field) => field.second < codec.seconds),
        fieldsDescription: 'During second s (0-based) every pixel outside the marker rows shows fields[s].rgb',
        marker: { ...MARKER, description: 'Rows 0..rowTo: a bar of `value` at columns pixelsPerFrame*(f-1) .. +width-1 in frame f (1-based)' },
      },
    },
  });
  const bitstream = await encodeClip(path.join(WORK_DIR, 'video', `${key}.${codec.extension}`), codec);
  const file = instanceFile(key, 1);
  const attributes = {
    ...identifyingAttributes(series, 1),
    ImageType: ['ORIGINAL', 'PRIMARY'],
    AcquisitionDateTime: `${VIDEO_STUDY.studyDate}${series.seriesTime}`,
    AcquisitionContextSequence: [],
    // PS3.3 A.32.7: Video Endoscopic images are YBR_PARTIAL_420, 8 bits, one plane.
    SamplesPerPixel: 3,
    PhotometricInterpretation: 'YBR_PARTIAL_420',
    PlanarConfiguration: 0,
    Rows: CLIP.rows,
    Columns: CLIP.columns,
    BitsAllocated: 8,
    BitsStored: 8,
    HighBit: 7,
    PixelRepresentation: 0,
    NumberOfFrames: frames,
    // Cine module (C.7.6.5): frames equally spaced by FrameTime; CineRate is the intended rate.
    FrameIncrementPointer: { vr: 'AT', value: [0x00181063] },
    FrameTime: frameTimeMs,
    CineRate: CLIP.framesPerSecond,
    RecommendedDisplayFrameRate: CLIP.framesPerSecond,
    ActualFrameDuration: frameTimeMs,
    PreferredPlaybackSequencing: 0,
    StartTrim: 1,
    StopTrim: frames,
    BurnedInAnnotation: 'NO',
    LossyImageCompression: '01',
    LossyImageCompressionMethod: codec.lossyMethod,
  };
  // PS3.5 8.2.5 / 8.2.7: the whole bitstream is one fragment (these are the non-fragmentable
  // syntaxes); dcmjs pads it to the even length every item needs.
  writeDicomFile(file.absolute, { transferSyntaxUid: codec.transferSyntaxUid, attributes, frames: [bitstream] });
  return describeSeries(series, [{ sopInstanceUid: attributes.SOPInstanceUID, instanceNumber: 1, file: file.relative, imagePositionPatient: null }], {
    encoding: { method: `ffmpeg ${codecKey === 'h264' ? 'libx264' : 'mpeg2video'} (${codec.extension} container), encapsulated with dcmjs`, bitstreamBytes: bitstream.length },
    readAttributes: readImageAttributes,
  });
}

/** dana's video study: [[study, [series...]]] for generate.mjs. */
export async function buildVideoStudies() {
  const h264 = await buildVideoSeries('h264', 1);
  const mpeg2 = await buildVideoSeries('mpeg2', 2);
  return [[VIDEO_STUDY, [h264, mpeg2]]];
}
