// dana's cine and clinical photographs (issue 5):
//  - cardiology: an X-ray coronary angiogram, one 30-frame XA multi-frame (JPEG baseline by
//    dcmtk, FrameTime 40 ms) whose frame 12 is deliberately damaged, plus a Raw Data object
//    of the same acquisition that no viewer displays (the "not displayable here" card);
//  - pathology ("Pathology & Clinical Photos"): three dermatology photographs of the same
//    lesion on the left forearm at three dates, each a camera-style JPEG (ffmpeg, 4:2:2 YCbCr)
//    encapsulated as VL Photographic Image with an sRGB ICC profile, and four flat colour
//    patches whose decoded colour (decoded back with dcmtk, a decoder we trust) is written
//    into the manifest so tests compare the viewer's pixels with it.
import fs from 'node:fs';
import path from 'node:path';
import { SOP_CLASS, TS, writeDicomFile } from './dicom-file.mjs';
import { runTool, transcode } from './dicom-tools.mjs';
import { defineContentStudy } from './patients-content.mjs';
import { defineSeries, describeSeries, identifyingAttributes, instanceFile, sourceFile, WORK_DIR } from './series-common.mjs';

const RAW_DATA_SOP = '1.2.840.10008.5.1.4.1.1.66';

export const CINE_PHOTO_STUDIES = {
  angiogram: defineContentStudy({
    archive: 'cardiology', block: 'cineAndPhoto', date: '20250305', time: '103000', description: 'XA CORONARY ANGIOGRAM', specialty: 'cardiology',
  }),
  photos: [
    { date: '20250303', time: '091000', lesionRadius: 18 },
    { date: '20250317', time: '091500', lesionRadius: 23 },
    { date: '20250328', time: '092000', lesionRadius: 29 },
  ].map((visit) => ({
    ...visit,
    study: defineContentStudy({
      archive: 'pathology', block: 'cineAndPhoto', date: visit.date, time: visit.time, description: 'DERMATOLOGY PHOTO LEFT FOREARM', specialty: 'dermatology',
    }),
  })),
};

export const CINE_PHOTO_STUDY_DATES = [CINE_PHOTO_STUDIES.angiogram, ...CINE_PHOTO_STUDIES.photos.map((visit) => visit.study)].map((study) => study.studyDate);

// ------------------------------------------------------------------------------ angiogram cine

const CINE = { frames: 30, rows: 256, columns: 256, frameTimeMs: 40, cineRate: 12, damagedFrame: 12 };
/** Frame f (1-based) has a white block at rows 240..247, columns 8(f-1)..8(f-1)+5: frames differ visibly. */
const FRAME_MARKER = { rowFrom: 240, rowTo: 247, columnWidth: 8, value: 250 };

/** One frame of a coronary run: a bright field, a dark vessel that fills with contrast over the run, a frame marker. */
function angioFrame(frameIndex) {
  const { rows, columns, frames } = CINE;
  const pixels = new Uint8Array(rows * columns);
  const fill = (frameIndex + 1) / frames; // how far the contrast has run along the vessel
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < columns; column++) {
      const vignette = Math.hypot(row - rows / 2, column - columns / 2) / (rows / 2);
      let value = 200 - 60 * vignette * vignette;
      // The vessel: a curve from the top left to the bottom right, dark where contrast has reached.
      const along = row / rows;
      const centre = 40 + 170 * along + 25 * Math.sin(along * Math.PI * 2 + frameIndex * 0.21);
      if (Math.abs(column - centre) < 6 && along <= fill) value = 45;
      pixels[row * columns + column] = Math.max(0, Math.min(255, Math.round(value)));
    }
  }
  const { rowFrom, rowTo, columnWidth, value } = FRAME_MARKER;
  for (let row = rowFrom; row <= rowTo; row++) {
    const start = row * columns + frameIndex * columnWidth;
    pixels.fill(value, start, start + columnWidth - 2);
  }
  return pixels;
}

const ITEM_TAG = [0xfe, 0xff, 0x00, 0xe0];
const ENCAPSULATED_PIXEL_DATA = Buffer.from([0xe0, 0x7f, 0x10, 0x00, 0x4f, 0x42, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff]);

/**
 * Overwrites the entropy-coded data of fragment `fragmentIndex` (0-based: frame f is fragment
 * f-1, one fragment per frame), and its EOI marker, with garbage of the same length: the file
 * and its Basic Offset Table stay valid, so the archive serves every other frame, but that
 * frame cannot decode (and no longer ends with FF D9, which the viewer checks).
 */
function damageFragment(file, fragmentIndex) {
  const buffer = fs.readFileSync(file);
  let offset = buffer.lastIndexOf(ENCAPSULATED_PIXEL_DATA);
  if (offset < 0) throw new Error(`${file}: no encapsulated Pixel Data`);
  offset += ENCAPSULATED_PIXEL_DATA.length;
  const item = (at) => {
    if (ITEM_TAG.some((byte, i) => buffer[at + i] !== byte)) throw new Error(`${file}: expected an item at byte ${at}`);
    return { start: at + 8, end: at + 8 + buffer.readUInt32LE(at + 4) };
  };
  let fragment = item(offset); // the Basic Offset Table
  for (let i = 0; i <= fragmentIndex; i++) fragment = item(fragment.end);
  const codestream = buffer.subarray(fragment.start, fragment.end);
  const sos = codestream.findIndex((byte, i) => byte === 0xff && codestream[i + 1] === 0xda);
  if (sos < 0) throw new Error(`${file}: fragment ${fragmentIndex} has no SOS marker`);
  const dataStart = sos + 2 + codestream.readUInt16BE(sos + 2);
  for (let i = dataStart; i < codestream.length; i++) codestream[i] = ((i - dataStart) * 73 + 41) % 255; // never 0xFF: no accidental marker
  fs.writeFileSync(file, buffer);
  return { fragmentIndex, fragmentBytes: codestream.length, garbageFromByte: dataStart };
}

async function buildAngiogramCine(study) {
  const series = defineSeries({
    key: 'dana-xa-cine', study, seriesNumber: 1, description: 'LCA RAO 30 CAU', modality: 'XA', sopClassUid: SOP_CLASS.xa, bodyPart: 'HEART', seriesTime: '103500',
    extra: {
      frameTime: CINE.frameTimeMs,
      cineRate: CINE.cineRate,
      expectedFramesPerSecond: 1000 / CINE.frameTimeMs,
      damagedFrames: [CINE.damagedFrame],
      frameMarker: { description: 'Frame f (1-based) has a block of value 250 in rows rowFrom..rowTo, columns 8*(f-1) .. 8*(f-1)+5', ...FRAME_MARKER },
    },
  });
  const pixels = new Uint8Array(CINE.frames * CINE.rows * CINE.columns);
  for (let f = 0; f < CINE.frames; f++) pixels.set(angioFrame(f), f * CINE.rows * CINE.columns);
  const attributes = {
    ...identifyingAttributes(series, 1),
    ImageType: ['ORIGINAL', 'PRIMARY', 'SINGLE PLANE'],
    NumberOfFrames: CINE.frames,
    // FrameIncrementPointer -> FrameTime (0018,1063): frames are equally spaced in time.
    FrameIncrementPointer: { vr: 'AT', value: [0x00181063] },
    FrameTime: CINE.frameTimeMs,
    // The modality suggests reviewing at half speed; the acquisition rate (FrameTime) wins.
    CineRate: CINE.cineRate,
    PositionerPrimaryAngle: -30,
    PositionerSecondaryAngle: 25,
    RadiationSetting: 'GR',
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
  const source = sourceFile(series.key, 1);
  const file = instanceFile(series.key, 1);
  writeDicomFile(source, { attributes });
  const encoder = { tool: 'dcmcjpeg', args: ['+eb', '+q', '90', '+un'] };
  await transcode(encoder, source, file.absolute);
  const damage = damageFragment(file.absolute, CINE.damagedFrame - 1);
  const entry = await describeSeries(series, [{ sopInstanceUid: attributes.SOPInstanceUID, instanceNumber: 1, file: file.relative }], {
    encoding: { method: `${encoder.tool} ${encoder.args.join(' ')}`, damage: { frame: CINE.damagedFrame, ...damage } },
  });
  return entry;
}

/** A vendor's raw acquisition record: stored and listed by the archive, displayable by nobody. */
async function buildRawData(study) {
  const series = defineSeries({
    key: 'dana-xa-raw', study, seriesNumber: 2, description: 'ACQUISITION RAW DATA', modality: 'XA', sopClassUid: RAW_DATA_SOP, bodyPart: 'HEART', seriesTime: '103500',
  });
  const attributes = {
    ...identifyingAttributes(series, 1),
    // Raw Data module (PS3.3 C.19.1): the payload is private to the system that wrote it.
    CreatorVersionUID: '1.2.826.0.1.3680043.10.1299.1',
  };
  const file = instanceFile(series.key, 1);
  writeDicomFile(file.absolute, { attributes });
  return describeSeries(series, [{ sopInstanceUid: attributes.SOPInstanceUID, instanceNumber: 1, file: file.relative }], {
    encoding: { method: 'dcmjs (no pixel data)' },
  });
}

// ------------------------------------------------------------------------------ photographs

const PHOTO = { rows: 240, columns: 320 };
const SKIN = [214, 168, 140];
const LESION = [112, 70, 52];
/** Flat patches, aligned to the JPEG's 16 x 8 MCUs and 48 px wide so their centres are untouched by chroma blur. */
const PATCHES = [
  { name: 'red', x: 16, y: 176, size: 48, rgb: [200, 40, 40] },
  { name: 'green', x: 80, y: 176, size: 48, rgb: [40, 160, 60] },
  { name: 'blue', x: 144, y: 176, size: 48, rgb: [40, 60, 190] },
  { name: 'grey', x: 208, y: 176, size: 48, rgb: [128, 128, 128] },
];
const LESION_CENTRE = { x: 176, y: 80 };

function photoPixels(lesionRadius) {
  const { rows, columns } = PHOTO;
  const rgb = new Uint8Array(rows * columns * 3);
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < columns; x++) {
      const shade = 1 - 0.08 * (y / rows); // soft light from above
      const inLesion = Math.hypot(x - LESION_CENTRE.x, (y - LESION_CENTRE.y) * 1.2) < lesionRadius;
      const colour = inLesion ? LESION : SKIN.map((c) => c * shade);
      rgb.set(colour.map((c) => Math.round(c)), (y * columns + x) * 3);
    }
  }
  for (const patch of PATCHES) {
    for (let y = patch.y; y < patch.y + patch.size; y++) {
      for (let x = patch.x; x < patch.x + patch.size; x++) rgb.set(patch.rgb, (y * columns + x) * 3);
    }
  }
  return rgb;
}

function writePpm(file, rgb, { rows, columns }) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, Buffer.concat([Buffer.from(`P6\n${columns} ${rows}\n255\n`, 'latin1'), Buffer.from(rgb)]));
}

function readPpm(file) {
  const bytes = fs.readFileSync(file);
  const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(bytes.toString('latin1', 0, 64));
  if (!header) throw new Error(`${file}: not an 8-bit binary PPM`);
  return { columns: Number(header[1]), rows: Number(header[2]), rgb: bytes.subarray(header[0].length) };
}

/** The ICC profile libvips embeds for sRGB, taken from the APP2 ICC_PROFILE segment of a JPEG it writes. */
async function srgbIccProfile() {
  const jpeg = path.join(WORK_DIR, 'icc', 'srgb.jpg');
  fs.mkdirSync(path.dirname(jpeg), { recursive: true });
  await runTool('vips', ['black', `${jpeg}.v`, '8', '8', '--bands', '3']);
  await runTool('vips', ['jpegsave', `${jpeg}.v`, jpeg, '--profile', 'srgb']);
  const bytes = fs.readFileSync(jpeg);
  const chunks = [];
  for (let i = 2; i < bytes.length - 4 && bytes[i] === 0xff && bytes[i + 1] !== 0xda;) {
    const length = bytes.readUInt16BE(i + 2);
    if (bytes[i + 1] === 0xe2 && bytes.toString('latin1', i + 4, i + 16) === 'ICC_PROFILE\0') chunks.push(bytes.subarray(i + 18, i + 2 + length));
    i += 2 + length;
  }
  if (chunks.length === 0) throw new Error('vips wrote no ICC profile');
  return Buffer.concat(chunks);
}

async function buildPhoto(visit, iccProfile) {
  const series = defineSeries({
    key: `dana-derm-photo-${visit.date}`, study: visit.study, seriesNumber: 1, description: 'LEFT FOREARM LESION', modality: 'XC',
    sopClassUid: SOP_CLASS.vlPhotographic, bodyPart: 'SKIN', seriesTime: visit.time,
  });
  const work = path.join(WORK_DIR, 'photos', series.key);
  const ppm = path.join(work, 'camera.ppm');
  const jpeg = path.join(work, 'camera.jpg');
  writePpm(ppm, photoPixels(visit.lesionRadius), PHOTO);
  // The camera: baseline JPEG, full-range YCbCr with 4:2:2 chroma (YBR_FULL_422 in DICOM terms).
  await runTool('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-i', ppm, '-pix_fmt', 'yuvj422p', '-q:v', '2', '-frames:v', '1', jpeg]);
  const codestream = fs.readFileSync(jpeg);
  const attributes = {
    ...identifyingAttributes(series, 1),
    ImageType: ['ORIGINAL', 'PRIMARY'],
    AcquisitionDateTime: `${visit.date}${visit.time}`,
    ImageLaterality: 'L',
    AnatomicRegionSequence: [{ CodeValue: '14975008', CodingSchemeDesignator: 'SCT', CodeMeaning: 'Forearm' }],
    SamplesPerPixel: 3,
    PhotometricInterpretation: 'YBR_FULL_422',
    PlanarConfiguration: 0,
    Rows: PHOTO.rows,
    Columns: PHOTO.columns,
    BitsAllocated: 8,
    BitsStored: 8,
    HighBit: 7,
    PixelRepresentation: 0,
    LossyImageCompression: '01',
    LossyImageCompressionRatio: (PHOTO.rows * PHOTO.columns * 3) / codestream.length,
    LossyImageCompressionMethod: 'ISO_10918_1',
    ICCProfile: { vr: 'OB', value: new Uint8Array(iccProfile) },
    ColorSpace: 'SRGB',
  };
  const file = instanceFile(series.key, 1);
  writeDicomFile(file.absolute, { transferSyntaxUid: TS.jpegBaseline, attributes, frames: [new Uint8Array(codestream)] });
  // What a correct viewer shows: the stored file decoded by dcmtk (its colour conversion, its upsampling).
  const decoded = path.join(work, 'decoded.ppm');
  await runTool('dcmj2pnm', ['+op', file.absolute, decoded]);
  const image = readPpm(decoded);
  const colourAt = (x, y) => Array.from(image.rgb.subarray((y * image.columns + x) * 3, (y * image.columns + x) * 3 + 3));
  const entry = await describeSeries(series, [{ sopInstanceUid: attributes.SOPInstanceUID, instanceNumber: 1, file: file.relative }], {
    encoding: { method: 'ffmpeg mjpeg -pix_fmt yuvj422p -q:v 2, encapsulated by dcmjs', iccProfile: `sRGB (libvips built-in, ${iccProfile.length} bytes)` },
  });
  entry.imageLaterality = 'L';
  entry.anatomicRegion = 'Forearm';
  entry.acquisitionDate = visit.date;
  entry.colourPatches = PATCHES.map((patch) => {
    const centre = { x: patch.x + patch.size / 2, y: patch.y + patch.size / 2 };
    return { name: patch.name, x: patch.x, y: patch.y, size: patch.size, encodedRgb: patch.rgb, centre, expectedRgb: colourAt(centre.x, centre.y) };
  });
  return entry;
}

/** Returns [study, [seriesEntry...]] pairs for generate.mjs. */
export async function buildCinePhotoStudies() {
  const { angiogram, photos } = CINE_PHOTO_STUDIES;
  const cine = await buildAngiogramCine(angiogram);
  const raw = await buildRawData(angiogram);
  const iccProfile = await srgbIccProfile();
  const photoEntries = [];
  for (const visit of photos) photoEntries.push([visit.study, [await buildPhoto(visit, iccProfile)]]);
  return [[angiogram, [cine, raw]], ...photoEntries];
}
