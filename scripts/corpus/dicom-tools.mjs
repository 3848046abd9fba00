// Thin wrappers around the dcmtk / GDCM command-line tools. Transcoding is
// done with these real encoders (not re-implemented in JS) so the corpus
// carries the bitstreams that real modalities and PACS produce.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import dcmjs from 'dcmjs';

const execFileAsync = promisify(execFile);

export async function runTool(command, args) {
  try {
    const { stdout } = await execFileAsync(command, args, { maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const detail = (error.stderr || error.stdout || error.message || '').toString().trim();
    throw new Error(`${command} ${args.join(' ')} failed (exit ${error.code}): ${detail}`);
  }
}

/**
 * Runs `tasks` (functions returning promises) with at most `limit` in
 * flight; the machine has 2 cores, so more parallel encoders only thrash.
 */
export async function runWithConcurrency(tasks, limit = 2) {
  const results = new Array(tasks.length);
  let next = 0;
  async function worker() {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await tasks[index]();
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

/** Transcodes `input` into `output` with one of the supported tools. */
export async function transcode({ tool, args = [] }, input, output) {
  fs.mkdirSync(path.dirname(output), { recursive: true });
  if (tool === 'gdcmconv') return runTool('gdcmconv', [...args, '-i', input, '-o', output]);
  return runTool(tool, [...args, input, output]);
}

/** Transfer Syntax UID from a Part-10 file's meta header (always explicit VR little endian). */
export function readTransferSyntax(file) {
  const bytes = fs.readFileSync(file).subarray(0, 4096);
  let offset = 132; // 128-byte preamble + "DICM"
  while (offset + 8 <= bytes.length && bytes.readUInt16LE(offset) === 0x0002) {
    const element = bytes.readUInt16LE(offset + 2);
    const vr = bytes.toString('latin1', offset + 4, offset + 6);
    const longForm = ['OB', 'OW', 'OF', 'SQ', 'UT', 'UN'].includes(vr);
    const length = longForm ? bytes.readUInt32LE(offset + 8) : bytes.readUInt16LE(offset + 6);
    const valueStart = offset + (longForm ? 12 : 8);
    if (element === 0x0010) return bytes.toString('latin1', valueStart, valueStart + length).replace(/\0+$/, '').trim();
    offset = valueStart + length;
  }
  throw new Error(`${file}: no Transfer Syntax UID in the meta header`);
}

// dcmtk 3.6.7 ships one renderer per codec family: dcmj2pnm has the JPEG
// (+RLE) decoders, dcml2pnm the JPEG-LS (+RLE) ones; options are identical.
const JPEG_LS = new Set(['1.2.840.10008.1.2.4.80', '1.2.840.10008.1.2.4.81']);
export const rendererFor = (file) => (JPEG_LS.has(readTransferSyntax(file)) ? 'dcml2pnm' : 'dcmj2pnm');

/**
 * Renders one frame to an 8-bit binary PGM/PPM with dcmtk. `window` is
 * { center, width } for grayscale or null for colour; `extraArgs` lets the
 * caller pick e.g. the sigmoid VOI function. Returns the command used.
 */
export async function renderWithDcmtk(input, output, { window, frame = 1, extraArgs = [] }) {
  fs.mkdirSync(path.dirname(output), { recursive: true });
  const tool = rendererFor(input);
  const windowArgs = window ? ['+Ww', String(window.center), String(window.width)] : [];
  const args = ['+op', '+F', String(frame), ...windowArgs, ...extraArgs];
  await runTool(tool, [...args, input, output]);
  return `${tool} ${args.join(' ')}`;
}

const IMAGE_TAGS = {
  '0002,0010': 'transferSyntaxUid',
  '0008,0016': 'sopClassUid',
  '0008,0018': 'sopInstanceUid',
  '0028,0002': 'samplesPerPixel',
  '0028,0004': 'photometricInterpretation',
  '0028,0006': 'planarConfiguration',
  '0028,0008': 'numberOfFrames',
  '0028,0010': 'rows',
  '0028,0011': 'columns',
  '0028,0100': 'bitsAllocated',
  '0028,0101': 'bitsStored',
  '0028,0102': 'highBit',
  '0028,0103': 'pixelRepresentation',
  '0028,1050': 'windowCenter',
  '0028,1051': 'windowWidth',
  '0028,1052': 'rescaleIntercept',
  '0028,1053': 'rescaleSlope',
  '0028,1056': 'voiLutFunction',
  '0028,2110': 'lossyImageCompression',
};
const NUMERIC_LIST = new Set(['windowCenter', 'windowWidth']);
const NUMERIC = new Set(['samplesPerPixel', 'planarConfiguration', 'numberOfFrames', 'rows', 'columns', 'bitsAllocated', 'bitsStored', 'highBit', 'pixelRepresentation', 'rescaleIntercept', 'rescaleSlope']);

/**
 * Reads the image-describing attributes back from a written file via
 * dcmdump. Lossy dcmtk encoders may rewrite rescale/window values, so the
 * manifest records what is really in the file rather than what we asked for.
 */
export async function readImageAttributes(file) {
  const args = ['-q', '-M', '-Un', '-s', ...Object.keys(IMAGE_TAGS).flatMap((tag) => ['+P', tag]), file];
  const output = await runTool('dcmdump', args);
  const attributes = {};
  for (const line of output.split('\n')) {
    const match = line.match(/^\((\w{4},\w{4})\) \w\w (?:\[([^\]]*)\]|=?(\S+))/);
    if (!match) continue;
    const name = IMAGE_TAGS[match[1].toLowerCase()];
    const text = match[2] ?? match[3];
    if (!name || name in attributes) continue; // first hit = top-level dataset
    attributes[name] = parseValue(name, text);
  }
  return attributes;
}

function parseValue(name, text) {
  if (NUMERIC_LIST.has(name)) return text.split('\\').map(Number);
  if (NUMERIC.has(name)) return Number(text);
  return text;
}

/**
 * The same read-back in process with dcmjs, for the many one-instance series of the timeline
 * patients: a dcmdump process costs about 11 ms (measured), paid once per series. Parsing
 * stops at Pixel Data.
 */
export function readImageAttributesInProcess(file) {
  const bytes = fs.readFileSync(file);
  const { meta, dict } = dcmjs.data.DicomMessage.readFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength), { untilTag: '7FE00010' });
  const attributes = {};
  for (const [tag, name] of Object.entries(IMAGE_TAGS)) {
    const key = tag.replace(',', '').toUpperCase();
    const values = (key.startsWith('0002') ? meta : dict)[key]?.Value;
    if (values?.length) attributes[name] = parseValue(name, values.join('\\'));
  }
  return attributes;
}
