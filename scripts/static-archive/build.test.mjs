// The builder end to end on three small Part-10 files written here (dcmtk must be installed, as
// for the corpus): what lands in the tree, and that an unchanged input is not rebuilt.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDicomFile } from '../corpus/dicom-file.mjs';
import { buildStaticArchive } from './build.mjs';
import { FRAME_BOUNDARY, STAMP_FILE } from './layout.mjs';

const STUDY = '2.25.1';
const RGB_SERIES = '2.25.1.1';
const GRAY_SERIES = '2.25.1.2';
const PDF_SERIES = '2.25.1.3';
const RGB_SOP = '2.25.1.1.1';
const GRAY_SOP = '2.25.1.2.1';
const PDF_SOP = '2.25.1.3.1';
const PDF = Buffer.from(`%PDF-1.4\n${'%'.repeat(2000)}\n%%EOF\n`);
const ICC_PROFILE = new Uint8Array(2000).map((_, i) => i % 251);
const RGB_PIXELS = new Uint8Array(2 * 4 * 2 * 3).map((_, i) => i);

let work;
let archive;
let instances;
const readTree = (relative) => fs.readFileSync(path.join(archive.root, relative));
const readJson = (relative) => JSON.parse(gunzipSync(readTree(relative)).toString('utf8'));

const common = {
  StudyInstanceUID: STUDY,
  StudyDate: '20240102',
  StudyTime: '101500',
  AccessionNumber: 'CLIN-1',
  PatientName: 'DOE^JANE',
  PatientID: 'K-1',
  IssuerOfPatientID: 'LONGVIEW-CLIN',
  PatientBirthDate: '19700101',
  PatientSex: 'F',
  StudyID: 'S1',
  StudyDescription: 'ES COLONOSCOPY',
  ReferringPhysicianName: 'CLINIC^CLARA',
  InstanceNumber: 1,
};

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'static-archive-'));
  const rgbFile = path.join(work, 'rgb.dcm');
  const grayFile = path.join(work, 'gray.dcm');
  const pdfFile = path.join(work, 'report.dcm');
  writeDicomFile(rgbFile, {
    attributes: {
      ...common,
      SOPClassUID: '1.2.840.10008.5.1.4.1.1.77.1.1',
      SOPInstanceUID: RGB_SOP,
      SeriesInstanceUID: RGB_SERIES,
      SeriesNumber: 1,
      Modality: 'ES',
      BodyPartExamined: 'COLON',
      Rows: 2,
      Columns: 4,
      NumberOfFrames: 2,
      SamplesPerPixel: 3,
      PhotometricInterpretation: 'RGB',
      PlanarConfiguration: 0,
      BitsAllocated: 8,
      BitsStored: 8,
      HighBit: 7,
      PixelRepresentation: 0,
      ICCProfile: { vr: 'OB', value: ICC_PROFILE },
      PixelData: { vr: 'OB', value: RGB_PIXELS },
    },
  });
  writeDicomFile(grayFile, {
    attributes: {
      ...common,
      SOPClassUID: '1.2.840.10008.5.1.4.1.1.7',
      SOPInstanceUID: GRAY_SOP,
      SeriesInstanceUID: GRAY_SERIES,
      SeriesNumber: 2,
      Modality: 'OT',
      Rows: 2,
      Columns: 2,
      SamplesPerPixel: 1,
      PhotometricInterpretation: 'MONOCHROME2',
      BitsAllocated: 16,
      BitsStored: 12,
      HighBit: 11,
      PixelRepresentation: 0,
      WindowCenter: 2048,
      WindowWidth: 4096,
      PixelData: { vr: 'OW', value: new Uint8Array([0, 0, 0, 4, 0, 8, 255, 15]) },
    },
  });
  writeDicomFile(pdfFile, {
    attributes: {
      ...common,
      SOPClassUID: '1.2.840.10008.5.1.4.1.1.104.1',
      SOPInstanceUID: PDF_SOP,
      SeriesInstanceUID: PDF_SERIES,
      SeriesNumber: 3,
      Modality: 'DOC',
      MIMETypeOfEncapsulatedDocument: 'application/pdf',
      EncapsulatedDocument: { vr: 'OB', value: PDF },
    },
  });
  archive = { id: 'clinics', root: path.join(work, 'tree') };
  instances = [
    { sopInstanceUid: RGB_SOP, sha256: 'a', path: rgbFile },
    { sopInstanceUid: GRAY_SOP, sha256: 'b', path: grayFile },
    { sopInstanceUid: PDF_SOP, sha256: 'c', path: pdfFile },
  ];
});

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('buildStaticArchive', () => {
  it('writes the tree, then skips an unchanged input and rebuilds a changed one', async () => {
    expect((await buildStaticArchive(archive, instances)).event).toBe('built');
    expect(JSON.parse(readTree(STAMP_FILE)).instances).toBe(3);
    expect((await buildStaticArchive(archive, instances)).event).toBe('unchanged');
    const changed = instances.map((instance, i) => (i === 0 ? { ...instance, sha256: 'd' } : instance));
    expect((await buildStaticArchive(archive, changed)).event).toBe('built');
    expect(fs.readdirSync(work).filter((name) => name.startsWith('tree.'))).toEqual([]); // no temp or old trees left
  });

  it('answers the study search with the study, its counts and modalities', () => {
    const [study] = readJson('studies/index.json.gz');
    expect(study['0020000D'].Value).toEqual([STUDY]);
    expect(study['00100021'].Value).toEqual(['LONGVIEW-CLIN']);
    expect(study['00080061'].Value).toEqual(['ES', 'OT', 'DOC']);
    expect(study['00201206'].Value).toEqual([3]);
    expect(study['00201208'].Value).toEqual([3]);
    expect(readJson(`studies/${STUDY}/index.json.gz`)).toEqual([study]);
    expect(readJson(`studies/${STUDY}/series/index.json.gz`).map((s) => s['0020000E'].Value[0])).toEqual([RGB_SERIES, GRAY_SERIES, PDF_SERIES]);
    expect(readJson(`studies/${STUDY}/instances/index.json.gz`).map((i) => i['00080018'].Value[0])).toEqual([RGB_SOP, GRAY_SOP, PDF_SOP]);
  });

  const instanceDir = `studies/${STUDY}/series/${RGB_SERIES}/instances/${RGB_SOP}`;

  it('writes metadata with bulk data URIs relative to it and the stored syntax', () => {
    const [metadata] = readJson(`${instanceDir}/metadata.gz`);
    expect(metadata['00083002'].Value).toEqual(['1.2.840.10008.1.2.1']);
    expect(Object.keys(metadata).some((tag) => tag.startsWith('0002'))).toBe(false);
    const iccUri = metadata['00282000'].BulkDataURI;
    // Resolved against the metadata URL, as PS3.18 reads a relative reference.
    const base = new URL(`http://archive/root/${instanceDir}/metadata`);
    expect(new URL(iccUri, base).pathname).toBe(`/root/${instanceDir}/bulkdata/00282000`);
    expect([...readTree(`${instanceDir}/bulkdata/00282000`)]).toEqual([...ICC_PROFILE]);
    expect(new URL(metadata['7FE00010'].BulkDataURI, base).pathname).toBe(`/root/${instanceDir}/frames/1,2`);

    const [inSeries] = readJson(`studies/${STUDY}/series/${RGB_SERIES}/metadata.gz`);
    const seriesBase = new URL(`http://archive/root/studies/${STUDY}/series/${RGB_SERIES}/metadata`);
    expect(new URL(inSeries['00282000'].BulkDataURI, seriesBase).pathname).toBe(`/root/${instanceDir}/bulkdata/00282000`);
  });

  it('writes each frame as a gzipped one-part multipart body of its bytes', () => {
    const frameLength = 2 * 4 * 3;
    for (const frame of [1, 2]) {
      const body = gunzipSync(readTree(`${instanceDir}/frames/${frame}.gz`));
      const head = `--${FRAME_BOUNDARY}\r\nContent-Type: application/octet-stream; transfer-syntax=1.2.840.10008.1.2.1\r\n\r\n`;
      expect(body.subarray(0, head.length).toString('latin1')).toBe(head);
      const pixels = body.subarray(head.length, body.indexOf(`\r\n--${FRAME_BOUNDARY}--`));
      expect([...pixels]).toEqual([...RGB_PIXELS.subarray((frame - 1) * frameLength, frame * frameLength)]);
    }
  });

  it('writes a JPEG thumbnail and the Part-10 file', () => {
    expect([...readTree(`${instanceDir}/rendered`).subarray(0, 2)]).toEqual([0xff, 0xd8]);
    expect(readTree(`${instanceDir}/index.dcm`).equals(fs.readFileSync(instances[0].path))).toBe(true);
  });

  it('keeps an instance without pixels: metadata, its document as bulk data, no frames, no thumbnail', () => {
    const pdfDir = `studies/${STUDY}/series/${PDF_SERIES}/instances/${PDF_SOP}`;
    const [metadata] = readJson(`${pdfDir}/metadata.gz`);
    expect(metadata['7FE00010']).toBeUndefined();
    const base = new URL(`http://archive/root/${pdfDir}/metadata`);
    expect(new URL(metadata['00420011'].BulkDataURI, base).pathname).toBe(`/root/${pdfDir}/bulkdata/00420011`);
    expect(readTree(`${pdfDir}/bulkdata/00420011`).subarray(0, PDF.length).equals(PDF)).toBe(true);
    expect(fs.readdirSync(path.join(archive.root, pdfDir)).sort()).toEqual(['bulkdata', 'index.dcm', 'metadata.gz']);
  });
});
