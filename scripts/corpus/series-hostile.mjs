// Patient "hostile": broken and hostile input, one case per series, so that a test can show
// that each one ends in its own clear message while the other series of the same study still
// render. Every file is structurally valid DICOM (the archive accepts it); the damage is in
// the pixel data, the pixel description or the text. docs/decisions/0007-hostile-input.md
// lists the expected behaviour of each case.
import fs from 'node:fs';
import path from 'node:path';
import dcmjs from 'dcmjs';
import { corruptFirstFragment, truncateFirstFragment } from './corrupt.mjs';
import { SOP_CLASS, TS, writeDicomFile } from './dicom-file.mjs';
import { transcode } from './dicom-tools.mjs';
import { PETCT_STUDIES } from './patients-oncology.mjs';
import { STUDIES } from './patients.mjs';
import { panelInstance } from './series-panel.mjs';
import { defineSeries, describeSeries, instanceFile, sourceFile } from './series-common.mjs';
import { writeHostilePetSeries } from './series-petct.mjs';

const SC = { modality: 'OT', sopClassUid: '1.2.840.10008.5.1.4.1.1.7' };
const CT = { modality: 'CT', sopClassUid: '1.2.840.10008.5.1.4.1.1.2' };
const PT = { modality: 'PT', sopClassUid: SOP_CLASS.pet };
const Z = [-100, -160];
// A payload in every text attribute the UI may show. If any of them ran, the e2e hook would
// count an alert dialog or a console.error('PWNED').
const PAYLOAD = {
  script: "<script>console.error('PWNED')</script>",
  img: "<img src=x onerror=\"console.error('PWNED')\">",
  svg: '<svg onload=alert(1)>',
};
// BodyPartExamined is study-wide in the manifest (one body part per study), so the payload is
// on every series of the hostile-input study. CS allows 16 characters (dcmjs enforces it).
const HOSTILE_BODY_PART = '<i>CHEST</i>';

/**
 * key, series number, description, the hostile case (manifest `hostileCase`), the pixel format
 * of the panel (series-panel.mjs) and how the written instance is damaged.
 */
export const HOSTILE_SERIES = [
  { key: 'hostile-control', number: 1, description: 'CONTROL Zoë Ångström 胸部 Ünïcödé', hostileCase: 'control', format: 'ct16', sop: CT },
  { key: 'hostile-truncated', number: 2, description: 'TRUNCATED JPEG-LS STREAM', hostileCase: 'truncated-stream', format: 'ct16', sop: CT, damage: 'truncate' },
  { key: 'hostile-corrupt-jpeg', number: 3, description: 'CORRUPT JPEG LOSSLESS FRAME', hostileCase: 'corrupt-stream', format: 'ct16', sop: CT, damage: 'garbage' },
  { key: 'hostile-native-as-jpeg', number: 4, description: 'RAW PIXELS LABELLED JPEG BASELINE', hostileCase: 'wrong-transfer-syntax', format: 'u8', sop: SC, damage: 'native-as-jpeg' },
  { key: 'hostile-jpeg-as-native', number: 5, description: 'JPEG BYTES LABELLED EXPLICIT VR LE', hostileCase: 'wrong-transfer-syntax', format: 'u8', sop: SC, damage: 'jpeg-as-native' },
  { key: 'hostile-absurd-dimensions', number: 6, description: 'ROWS COLUMNS 65535 TINY PIXEL DATA', hostileCase: 'absurd-dimensions', format: 'ct16', sop: CT, damage: 'absurd-dimensions' },
  { key: 'hostile-missing-tags', number: 7, description: 'NO ROWS BITSALLOCATED PHOTOMETRIC', hostileCase: 'missing-tags', format: 'u8', sop: SC, damage: 'missing-tags' },
  { key: 'hostile-html-text', number: 8, description: `${PAYLOAD.script} SERIES`, hostileCase: 'html-text', format: 'ct16', sop: CT, damage: 'html-text' },
  // PET series that lack what SUV needs (series-petct.mjs: 8 × 64², carol's staging phantom):
  // the pixels display in the stored units, and SUV is refused with its reason.
  { key: 'hostile-pet-no-weight', number: 9, description: 'PET NO PATIENT WEIGHT', hostileCase: 'pet-no-weight', sop: PT, pet: 'no-weight' },
  { key: 'hostile-pet-no-decay', number: 10, description: 'PET NO RADIOPHARMACEUTICAL NO DECAY CORRECTION', hostileCase: 'pet-no-decay', sop: PT, pet: 'no-decay' },
  { key: 'hostile-pet-counts', number: 11, description: 'PET UNITS CNTS', hostileCase: 'pet-counts', sop: PT, pet: 'counts' },
];

export const HOSTILE_JIS_SERIES = {
  key: 'hostile-jis', number: 1, description: '胸部 ＣＴ 山田', hostileCase: 'charset-iso-2022-ir-87', format: 'ct16', sop: CT,
};

let jisTable;
/** Unicode character → its two JIS X 0208 bytes, built from the platform's ISO-2022-JP decoder. */
function jisCodes() {
  if (jisTable) return jisTable;
  jisTable = new Map();
  const decoder = new TextDecoder('iso-2022-jp');
  for (let row = 0x21; row <= 0x7e; row++) {
    for (let cell = 0x21; cell <= 0x7e; cell++) {
      const char = decoder.decode(Uint8Array.from([0x1b, 0x24, 0x42, row, cell, 0x1b, 0x28, 0x42]));
      if (char.length === 1 && char !== '\ufffd' && !jisTable.has(char)) jisTable.set(char, String.fromCharCode(row, cell));
    }
  }
  return jisTable;
}

/**
 * PS3.5 6.1.2.5.3 / H.3.1: with "\ISO 2022 IR 87" a value starts in ASCII; each run of kanji /
 * kana is wrapped in ESC $ B ... ESC ( B, and a PN component delimiter (^ =) resets to ASCII.
 * The result is 7-bit, so dcmjs writes the bytes unchanged.
 */
export function encodeIso2022Ir87(text) {
  const table = jisCodes();
  let out = '';
  let inJis = false;
  for (const char of text) {
    const code = char.charCodeAt(0) < 0x80 ? null : table.get(char);
    if (char.charCodeAt(0) >= 0x80 && code === undefined) throw new Error(`"${char}" is not in JIS X 0208`);
    if (code && !inJis) out += '\x1b$B';
    if (!code && inJis) out += '\x1b(B';
    inJis = Boolean(code);
    out += code ?? char;
  }
  return inJis ? `${out}\x1b(B` : out;
}

function hostileSeries(spec, study) {
  return defineSeries({
    key: spec.key, study, seriesNumber: spec.number, description: spec.description,
    modality: spec.sop.modality, sopClassUid: spec.sop.sopClassUid,
    bodyPart: study === STUDIES.hostileInput ? HOSTILE_BODY_PART : 'CHEST',
    extra: { hostileCase: spec.hostileCase },
  });
}

/** The study's character set, and its text attributes encoded in it. */
function characterSetAttributes(series) {
  const { study } = series;
  const charset = study.characterSet.split('\\');
  if (!charset.includes('ISO 2022 IR 87')) return { SpecificCharacterSet: charset.length === 1 ? charset[0] : charset };
  return {
    SpecificCharacterSet: charset,
    StudyDescription: encodeIso2022Ir87(study.studyDescription),
    SeriesDescription: encodeIso2022Ir87(series.description),
    ReferringPhysicianName: encodeIso2022Ir87(study.referringPhysicianName),
  };
}

/** Text payloads in every other text attribute a viewer commonly shows. */
const HTML_TEXT_ATTRIBUTES = {
  InstitutionName: PAYLOAD.script,
  InstitutionalDepartmentName: PAYLOAD.img,
  StationName: PAYLOAD.svg,
  Manufacturer: PAYLOAD.img,
  ManufacturerModelName: PAYLOAD.script,
  ProtocolName: PAYLOAD.img,
  OperatorsName: 'OPERATOR^<b>BOLD</b>',
  PerformingPhysicianName: 'PERFORMER^<i>ITALIC</i>',
  ImageComments: PAYLOAD.script,
};

function readFirstFragment(file) {
  const bytes = fs.readFileSync(file);
  const { dict } = dcmjs.data.DicomMessage.readFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  return new Uint8Array(dict['7FE00010'].Value[0]);
}

/** Writes instance n of a hostile series, damaged as its spec says. */
async function writeHostileInstance(series, spec, n) {
  const instance = panelInstance(series, { format: spec.format }, n, Z[n - 1]);
  const attributes = { ...instance.attributes, ...characterSetAttributes(series) };
  const file = instanceFile(series.key, n);
  const source = sourceFile(series.key, n);
  switch (spec.damage) {
    case undefined:
      writeDicomFile(file.absolute, { attributes });
      break;
    case 'truncate':
      writeDicomFile(source, { attributes });
      await transcode({ tool: 'dcmcjpls', args: ['+el'] }, source, file.absolute);
      truncateFirstFragment(file.absolute, 0.3);
      break;
    case 'garbage':
      writeDicomFile(source, { attributes });
      await transcode({ tool: 'dcmcjpeg', args: ['+e1'] }, source, file.absolute);
      corruptFirstFragment(file.absolute);
      break;
    case 'native-as-jpeg': {
      // The native samples stored as the one fragment of a JPEG Baseline file: no SOI marker.
      const { PixelData, ...rest } = attributes;
      const raw = PixelData.value;
      writeDicomFile(file.absolute, { transferSyntaxUid: TS.jpegBaseline, attributes: rest, frames: [new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength)] });
      break;
    }
    case 'jpeg-as-native': {
      // A real JPEG Baseline codestream stored as native (defined-length) Pixel Data.
      writeDicomFile(source, { attributes });
      const jpeg = path.join(path.dirname(source), `jpeg-${n}.dcm`);
      await transcode({ tool: 'dcmcjpeg', args: ['+eb', '+q', '90', '+un'] }, source, jpeg);
      const codestream = readFirstFragment(jpeg);
      writeDicomFile(file.absolute, { attributes: { ...attributes, PixelData: { vr: 'OB', value: codestream } } });
      break;
    }
    case 'absurd-dimensions':
      writeDicomFile(file.absolute, { attributes: { ...attributes, Rows: 65535, Columns: 65535, PixelData: { vr: 'OW', value: new Uint16Array(256) } } });
      break;
    case 'missing-tags': {
      const rest = { ...attributes };
      for (const keyword of ['Rows', 'BitsAllocated', 'PhotometricInterpretation']) delete rest[keyword];
      writeDicomFile(file.absolute, { attributes: rest });
      break;
    }
    case 'html-text':
      writeDicomFile(file.absolute, { attributes: { ...attributes, ...HTML_TEXT_ATTRIBUTES } });
      break;
    default:
      throw new Error(`Unknown damage ${spec.damage}`);
  }
  return { sopInstanceUid: attributes.SOPInstanceUID, instanceNumber: n, file: file.relative, imagePositionPatient: instance.imagePositionPatient };
}

async function buildHostileSeries(spec, study) {
  const series = hostileSeries(spec, study);
  if (spec.pet) return writeHostilePetSeries(series, spec.pet, PETCT_STUDIES[0].petct, characterSetAttributes(series));
  const instances = [];
  for (let n = 1; n <= Z.length; n++) instances.push(await writeHostileInstance(series, spec, n));
  return describeSeries(series, instances, { encoding: { method: spec.damage ? `hostile: ${spec.damage}` : 'dcmjs (uncompressed, as generated)' } });
}

/** Both hostile studies' series: [[study, series[]], ...] for the manifest. */
export async function buildHostileStudies() {
  const input = [];
  for (const spec of HOSTILE_SERIES) input.push(await buildHostileSeries(spec, STUDIES.hostileInput));
  const jis = await buildHostileSeries(HOSTILE_JIS_SERIES, STUDIES.hostileJis);
  return [[STUDIES.hostileInput, input], [STUDIES.hostileJis, [jis]]];
}
