// Patient C: the transfer-syntax / pixel-format panel. One small series per
// encoding or pixel variant (3 instances each, 256x256 cut from the chest
// phantom), plus the "corrupt middle instance" series.
import fs from 'node:fs';
import dcmjs from 'dcmjs';
import path from 'node:path';
import { corruptFirstFragment } from './corrupt.mjs';
import { SOP_CLASS, TS, writeDicomFile } from './dicom-file.mjs';
import { renderWithDcmtk, runTool, runWithConcurrency, transcode } from './dicom-tools.mjs';
import { decodeHtj2kFrame, encodeHtj2kFrame } from './htj2k.mjs';
import { STUDIES } from './patients.mjs';
import { chestSliceHu } from './phantoms.mjs';
import * as formats from './pixel-formats.mjs';
import { WORK_DIR, defineSeries, describeSeries, identifyingAttributes, instanceFile, sourceFile } from './series-common.mjs';
import { frameOfReferenceUid } from './uids.mjs';

const SIZE = { rows: 256, columns: 256 };
const SPACING = 1.4;
const ORIGIN = [-((SIZE.columns - 1) * SPACING) / 2, -((SIZE.rows - 1) * SPACING) / 2];
const AXIAL = [1, 0, 0, 0, 1, 0];
const SLICE_THICKNESS = 5;
// Instance n of every panel series shows the chest at PANEL_Z[n - 1]; -160
// (instance 2, used for the references) cuts through the lung nodule.
const PANEL_Z = [-100, -160, -220];
const REFERENCE_INSTANCE = 2;
// Where the solid nodule projects in the 256² panel images (rows/columns).
const HOT_SPOT = { row: (-10 - ORIGIN[1]) / SPACING, column: (-75 - ORIGIN[0]) / SPACING, sigma: 10 };

/** Stored pixel formats; `sop` decides SOP class/modality, `plane` whether CT geometry is written. */
const FORMATS = {
  ct16: { build: formats.ctSigned16, sop: 'ct' },
  ct12: { build: formats.ctUnsigned12, sop: 'ct' },
  ctRawHu: { build: formats.ctSignedRawHu, sop: 'ct' },
  ctRescaled: { build: formats.ctRescaled, sop: 'ct' },
  ctSigmoid: { build: formats.ctSigmoid, sop: 'ct' },
  u16: { build: formats.unsigned16HighRange, sop: 'mr' },
  u8: { build: formats.unsigned8, sop: 'sc' },
  mono1: { build: formats.monochrome1, sop: 'sc' },
  rgb: { build: (hu, size) => formats.rgbInterleaved(hu, size, HOT_SPOT), sop: 'sc' },
  rgbPlanar: { build: (hu, size) => formats.rgbPlanar(hu, size, HOT_SPOT), sop: 'sc' },
  palette: { build: formats.paletteColor, sop: 'sc' },
};

const SOP = {
  ct: { sopClassUid: SOP_CLASS.ct, modality: 'CT', plane: true },
  mr: { sopClassUid: SOP_CLASS.mr, modality: 'MR', plane: true },
  // 8-bit and colour images are not allowed in the CT IOD (BitsAllocated 16).
  sc: { sopClassUid: SOP_CLASS.secondaryCapture, modality: 'OT', plane: false },
};

const dcmconv = (...args) => ({ tool: 'dcmconv', args });
const dcmcjpeg = (...args) => ({ tool: 'dcmcjpeg', args });
const dcmcjpls = (...args) => ({ tool: 'dcmcjpls', args });
const gdcmconv = (...args) => ({ tool: 'gdcmconv', args });

/**
 * reference: how the reference image is produced —
 *  'stored'  dcmtk (dcmj2pnm, or dcml2pnm for JPEG-LS) on the stored file,
 *  'source'  dcmj2pnm on the uncompressed source (lossless codecs dcmtk cannot decode),
 *  'gdcm-raw' dcmj2pnm on a `gdcmconv --raw` decompressed copy (lossy JPEG 2000),
 *  'openjph'  dcmj2pnm on an OpenJPH-decoded copy (lossy HTJ2K).
 * "+un" keeps our deterministic SOP Instance UID on lossy dcmtk encodes.
 */
export const PANEL_SERIES = [
  { key: 'ts-implicit-le', number: 101, description: 'TS Implicit VR Little Endian', format: 'ct16', encode: dcmconv('+ti'), reference: 'stored' },
  { key: 'ts-explicit-le', number: 102, description: 'TS Explicit VR Little Endian', format: 'ct16', encode: null, reference: 'stored' },
  { key: 'ts-explicit-be', number: 103, description: 'TS Explicit VR Big Endian (retired)', format: 'ct16', encode: dcmconv('+tb'), reference: 'stored' },
  { key: 'ts-deflated-le', number: 104, description: 'TS Deflated Explicit VR Little Endian', format: 'ct16', encode: dcmconv('+td'), reference: 'stored' },
  { key: 'ts-rle', number: 105, description: 'TS RLE Lossless', format: 'ct16', encode: { tool: 'dcmcrle', args: [] }, verifyLossless: true, reference: 'stored' },
  { key: 'ts-jpeg-baseline', number: 106, description: 'TS JPEG Baseline 8-bit', format: 'u8', encode: dcmcjpeg('+eb', '+q', '90', '+un'), reference: 'stored' },
  { key: 'ts-jpeg-extended', number: 107, description: 'TS JPEG Extended 12-bit', format: 'ct12', encode: dcmcjpeg('+ee', '+q', '90', '+un'), reference: 'stored' },
  { key: 'ts-jpeg-lossless', number: 108, description: 'TS JPEG Lossless P14', format: 'ct16', encode: dcmcjpeg('+el'), verifyLossless: true, reference: 'stored' },
  { key: 'ts-jpeg-lossless-sv1', number: 109, description: 'TS JPEG Lossless SV1', format: 'ct16', encode: dcmcjpeg('+e1'), verifyLossless: true, reference: 'stored' },
  { key: 'ts-jpegls-lossless', number: 110, description: 'TS JPEG-LS Lossless', format: 'ct16', encode: dcmcjpls('+el'), verifyLossless: true, reference: 'stored' },
  { key: 'ts-jpegls-near-lossless', number: 111, description: 'TS JPEG-LS Near-Lossless NEAR=2', format: 'ct12', encode: dcmcjpls('+en', '+md', '2', '+un'), reference: 'stored' },
  { key: 'ts-j2k-lossless', number: 112, description: 'TS JPEG 2000 Lossless', format: 'ct16', encode: gdcmconv('--j2k'), verifyLossless: true, reference: 'source' },
  { key: 'ts-j2k-lossy', number: 113, description: 'TS JPEG 2000 Lossy 10:1', format: 'ct16', encode: gdcmconv('--j2k', '--lossy', '-r', '10'), reference: 'gdcm-raw' },
  { key: 'px-monochrome1', number: 201, description: 'PX MONOCHROME1 12-bit', format: 'mono1', encode: null, reference: 'stored' },
  { key: 'px-rgb', number: 202, description: 'PX RGB interleaved', format: 'rgb', encode: null, reference: 'stored' },
  { key: 'px-rgb-planar', number: 203, description: 'PX RGB planar', format: 'rgbPlanar', encode: null, reference: 'stored' },
  { key: 'px-ybr-full-422', number: 204, description: 'PX YBR_FULL_422 JPEG Baseline', format: 'rgb', encode: dcmcjpeg('+eb', '+q', '90', '+un'), reference: 'stored' },
  { key: 'px-palette-color', number: 205, description: 'PX PALETTE COLOR 8-bit', format: 'palette', encode: null, reference: 'stored' },
  { key: 'px-unsigned-8', number: 206, description: 'PX Unsigned 8-bit', format: 'u8', encode: null, reference: 'stored' },
  { key: 'px-unsigned-16', number: 207, description: 'PX Unsigned 16-bit high range', format: 'u16', encode: null, reference: 'stored' },
  { key: 'px-signed-16', number: 208, description: 'PX Signed 16-bit negative values', format: 'ctRawHu', encode: null, reference: 'stored' },
  { key: 'px-rescale-slope-2', number: 209, description: 'PX Rescale slope 2 intercept -1000', format: 'ctRescaled', encode: null, reference: 'stored' },
  { key: 'px-voi-sigmoid', number: 210, description: 'PX VOI LUT Function SIGMOID', format: 'ctSigmoid', encode: null, reference: 'stored', renderArgs: ['+Wfs'] },
];

/**
 * HTJ2K series: encoded with OpenJPH. Orthanc 1.10.1 stores them but cannot serve their
 * frames (it does not know the 4.20x syntaxes), so the viewer decodes them from the whole
 * stored instance; they are archived like every other series.
 */
export const HTJ2K_SERIES = [
  { key: 'ts-htj2k-lossless', number: 114, description: 'TS HTJ2K Lossless', format: 'ct16', htj2k: TS.htj2kLossless, reference: 'source' },
  { key: 'ts-htj2k-lossless-rpcl', number: 115, description: 'TS HTJ2K Lossless RPCL', format: 'ct16', htj2k: TS.htj2kLosslessRpcl, reference: 'source' },
  { key: 'ts-htj2k-lossy', number: 116, description: 'TS HTJ2K Lossy', format: 'ct16', htj2k: TS.htj2k, reference: 'openjph' },
];

export const CORRUPT_SERIES = { key: 'corrupt-middle', number: 301, description: 'CORRUPT MIDDLE', format: 'ct16', encode: dcmcjpls('+el'), corruptInstanceNumber: 5, instanceCount: 10 };

const huCache = new Map();
function panelHu(z) {
  if (!huCache.has(z)) {
    huCache.set(z, chestSliceHu({ z, ...SIZE, spacing: SPACING, origin: ORIGIN, noiseSeed: `panel-${z}` }));
  }
  return huCache.get(z);
}

function panelSeries(spec, study = STUDIES.tsPanel) {
  const sop = SOP[FORMATS[spec.format].sop];
  return defineSeries({
    key: spec.key, study, seriesNumber: spec.number, description: spec.description,
    modality: sop.modality, sopClassUid: sop.sopClassUid, bodyPart: 'CHEST',
  });
}

/** Full attribute set (incl. PixelData) of one uncompressed panel instance. */
export function panelInstance(series, spec, instanceNumber, z) {
  const { build, sop } = FORMATS[spec.format];
  const source = build(panelHu(z), SIZE);
  const planeAttributes = SOP[sop].plane
    ? {
        FrameOfReferenceUID: frameOfReferenceUid(`panel-${series.study.key}`),
        PositionReferenceIndicator: '',
        ImagePositionPatient: [ORIGIN[0], ORIGIN[1], z],
        ImageOrientationPatient: AXIAL,
        SliceLocation: z,
        PixelSpacing: [SPACING, SPACING],
        SliceThickness: SLICE_THICKNESS,
      }
    : { ConversionType: 'WSD' };
  return {
    attributes: {
      ...identifyingAttributes(series, instanceNumber),
      ImageType: ['ORIGINAL', 'PRIMARY', 'AXIAL'],
      ...planeAttributes,
      ...source.attributes,
      PixelData: source.pixelData,
    },
    imagePositionPatient: SOP[sop].plane ? [ORIGIN[0], ORIGIN[1], z] : null,
    referenceWindow: source.referenceWindow,
    pixels: source.pixelData.value,
  };
}

function geometryOf(spec) {
  return SOP[FORMATS[spec.format].sop].plane
    ? { imageOrientationPatient: AXIAL, pixelSpacing: [SPACING, SPACING], sliceThickness: SLICE_THICKNESS }
    : {};
}

/** Writes one instance in its target encoding; returns the paths involved. */
async function writeEncodedInstance(series, spec, instanceNumber, z) {
  const instance = panelInstance(series, spec, instanceNumber, z);
  const file = instanceFile(series.key, instanceNumber);
  const source = sourceFile(series.key, instanceNumber);
  if (spec.htj2k) {
    writeDicomFile(source, { attributes: instance.attributes });
    const frame = await writeHtj2kInstance(file.absolute, instance, spec.htj2k);
    return { instance, file, source, frame };
  }
  if (spec.encode) {
    writeDicomFile(source, { attributes: instance.attributes });
    await transcode(spec.encode, source, file.absolute);
    if (spec.encode.tool === 'gdcmconv' && spec.encode.args.includes('--lossy')) {
      // gdcmconv always assigns a random new SOP Instance UID on lossy
      // encodes; put the deterministic one back (dcmodify also fixes the meta header).
      await runTool('dcmodify', ['-nb', '-m', `(0008,0018)=${instance.attributes.SOPInstanceUID}`, file.absolute]);
    }
  } else {
    writeDicomFile(file.absolute, { attributes: instance.attributes });
  }
  return { instance, file, source };
}

async function writeHtj2kInstance(filePath, instance, transferSyntaxUid) {
  // Same attributes minus the native Pixel Data, which the codestream replaces.
  const attributes = { ...instance.attributes };
  delete attributes.PixelData;
  const frame = await encodeHtj2kFrame(instance.pixels, {
    rows: attributes.Rows, columns: attributes.Columns, bitsStored: attributes.BitsStored, signed: attributes.PixelRepresentation === 1,
  }, transferSyntaxUid);
  const lossy = transferSyntaxUid === TS.htj2k;
  const lossyAttributes = lossy
    ? { LossyImageCompression: '01', LossyImageCompressionRatio: instance.pixels.byteLength / frame.length, LossyImageCompressionMethod: 'ISO_15444_15' }
    : {};
  writeDicomFile(filePath, { transferSyntaxUid, attributes: { ...attributes, ...lossyAttributes }, frames: [frame] });
  if (!lossy) await assertHtj2kRoundTrip(frame, instance.pixels);
  return frame;
}

// A lossless codestream must decode to exactly the source samples.
async function assertHtj2kRoundTrip(frame, pixels) {
  const decoded = await decodeHtj2kFrame(frame);
  const original = new Uint8Array(pixels.buffer, pixels.byteOffset, pixels.byteLength);
  if (!Buffer.from(decoded).equals(Buffer.from(original))) throw new Error('HTJ2K lossless round trip differs from the source');
}

/**
 * Decodes a losslessly encoded instance with GDCM (an independent decoder
 * from the dcmtk encoder that wrote it) and compares the samples with the
 * source: catches a tool silently doing something lossy.
 */
async function assertLosslessTranscode(spec, written) {
  const decoded = path.join(WORK_DIR, 'decoded', `${spec.key}-verify.dcm`);
  fs.mkdirSync(path.dirname(decoded), { recursive: true });
  await runTool('gdcmconv', ['--raw', '-i', written.file.absolute, '-o', decoded]);
  const samples = readPixelData(decoded);
  const original = Buffer.from(written.instance.pixels.buffer, written.instance.pixels.byteOffset, written.instance.pixels.byteLength);
  if (!samples.equals(original)) throw new Error(`${spec.key}: decoded pixels differ from the source although the encoding is lossless`);
}

function readPixelData(file) {
  const bytes = fs.readFileSync(file);
  const { dict } = dcmjs.data.DicomMessage.readFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  return Buffer.from(dict['7FE00010'].Value[0]);
}

/** Produces the file that dcmtk renders for the reference, per the series' reference method. */
async function referenceInput(spec, written) {
  switch (spec.reference) {
    case 'stored':
      return { input: written.file.absolute, method: 'on the stored file' };
    case 'source':
      return { input: written.source, method: 'on the uncompressed source the lossless encoder was fed (dcmtk cannot decode this syntax)' };
    case 'gdcm-raw': {
      const decoded = path.join(WORK_DIR, 'decoded', `${spec.key}.dcm`);
      fs.mkdirSync(path.dirname(decoded), { recursive: true });
      await runTool('gdcmconv', ['--raw', '-i', written.file.absolute, '-o', decoded]);
      return { input: decoded, method: 'on a `gdcmconv --raw` decompressed copy of the stored file' };
    }
    case 'openjph': {
      const decoded = path.join(WORK_DIR, 'decoded', `${spec.key}.dcm`);
      await writeOpenJphDecodedCopy(written, decoded);
      return { input: decoded, method: 'on an uncompressed copy whose pixels were decoded from the stored HTJ2K codestream by OpenJPH (@cornerstonejs/codec-openjph)' };
    }
    default:
      throw new Error(`Unknown reference method ${spec.reference}`);
  }
}

async function writeOpenJphDecodedCopy(written, decodedPath) {
  const { attributes } = written.instance;
  // written.frame holds exactly the codestream bytes stored in the file.
  const decoded = await decodeHtj2kFrame(written.frame);
  const typed = attributes.PixelRepresentation === 1 ? new Int16Array(decoded.buffer) : new Uint16Array(decoded.buffer);
  writeDicomFile(decodedPath, { attributes: { ...attributes, PixelData: { vr: 'OW', value: typed } } });
}

/** Builds one panel series; returns its manifest entry and reference requests. */
async function buildPanelSeries(spec, { study = STUDIES.tsPanel, zPositions = PANEL_Z, referenceInstance = REFERENCE_INSTANCE } = {}) {
  const series = panelSeries(spec, study);
  const written = [];
  for (let n = 1; n <= zPositions.length; n++) written.push(await writeEncodedInstance(series, spec, n, zPositions[n - 1]));

  if (spec.verifyLossless) await assertLosslessTranscode(spec, written[0]);

  const instances = written.map((w, i) => ({
    sopInstanceUid: w.instance.attributes.SOPInstanceUID,
    instanceNumber: i + 1,
    file: w.file.relative,
    imagePositionPatient: w.instance.imagePositionPatient,
  }));
  const encoding = spec.htj2k
    ? { method: 'OpenJPH (@cornerstonejs/codec-openjph) HTJ2KEncoder', transferSyntaxUid: spec.htj2k }
    : { method: spec.encode ? `${spec.encode.tool} ${spec.encode.args.join(' ')}`.trim() : 'dcmjs (uncompressed, as generated)' };
  const entry = await describeSeries(series, instances, { geometry: geometryOf(spec), encoding });

  const references = [];
  if (referenceInstance) {
    const target = written[referenceInstance - 1];
    const { input, method } = await referenceInput(spec, target);
    references.push({
      name: spec.key, series, instanceNumber: referenceInstance, sopInstanceUid: target.instance.attributes.SOPInstanceUID,
      frame: 1, window: target.instance.referenceWindow, renderArgs: spec.renderArgs ?? [], input, inputDescription: method,
    });
  }
  return { entry, references, written };
}

export async function buildPanelStudySeries() {
  // Two at a time: most of the work is in the external encoders.
  const results = await runWithConcurrency(PANEL_SERIES.map((spec) => () => buildPanelSeries(spec)), 2);
  return { entries: results.map((r) => r.entry), references: results.flatMap((r) => r.references) };
}

export async function buildHtj2kSeries() {
  const results = [];
  for (const spec of HTJ2K_SERIES) results.push(await buildPanelSeries(spec));
  return { entries: results.map((r) => r.entry), references: results.flatMap((r) => r.references) };
}

export async function buildCorruptSeries() {
  const spec = CORRUPT_SERIES;
  const zPositions = Array.from({ length: spec.instanceCount }, (_, i) => -60 - 20 * i);
  const { entry } = await buildPanelSeries(spec, { zPositions, referenceInstance: null });
  const damaged = entry.instances.find((instance) => instance.instanceNumber === spec.corruptInstanceNumber);
  const corruption = corruptFirstFragment(path.join(instanceFile(spec.key, spec.corruptInstanceNumber).absolute));
  await assertUndecodable(instanceFile(spec.key, spec.corruptInstanceNumber).absolute);
  // Digest/size were computed before the damage: recompute for the damaged file.
  const recomputed = await describeSeries(panelSeries(spec), entry.instances.map(withoutDigest), {
    geometry: geometryOf(spec), encoding: entry.encoding, corruptInstanceNumbers: [spec.corruptInstanceNumber],
  });
  recomputed.corruption = {
    instanceNumber: spec.corruptInstanceNumber,
    sopInstanceUid: damaged.sopInstanceUid,
    description: 'JPEG-LS fragment keeps its SOF/SOS headers, entropy-coded data replaced by 512 garbage bytes, no EOI',
    ...corruption,
  };
  return recomputed;
}

const withoutDigest = ({ sopInstanceUid, instanceNumber, file, imagePositionPatient }) => ({ sopInstanceUid, instanceNumber, file, imagePositionPatient });

async function assertUndecodable(file) {
  try {
    await renderWithDcmtk(file, path.join(WORK_DIR, 'corrupt-check.pgm'), { window: { center: 0, width: 2000 } });
  } catch {
    return;
  }
  throw new Error(`${file} was meant to be undecodable but dcmtk rendered it`);
}

/** Small CT series reused for the HTML-text patient (patient D). */
export async function buildHtmlTextSeries() {
  const spec = { key: 'html-text-axial', number: 1, description: '<script>alert("series")</script> & "quotes"', format: 'ct16', encode: null, reference: 'stored' };
  const { entry } = await buildPanelSeries(spec, { study: STUDIES.htmlText, zPositions: [-100, -160], referenceInstance: null });
  return entry;
}
