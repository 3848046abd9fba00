import { describe, expect, it } from 'vitest';
import type { DicomJson } from '@longview/dicom-meta';
import orthancSr from './fixtures/orthanc-comprehensive-sr.json';
import { evidenceLocations, formatMeasurement, keyObjectDescription, readContentItem, readKeyImageSelection, readSrDocument, referencedObjects, reportRows } from './index';

// DICOM JSON builders, so each case reads as the content tree it describes.
const sq = (...entries: DicomJson[]) => ({ vr: 'SQ', Value: entries });
const str = (vr: string, value: unknown) => ({ vr, Value: [value] });
const code = (value: string, scheme: string, meaning: string): DicomJson => ({
  '00080100': str('SH', value),
  '00080102': str('SH', scheme),
  '00080104': str('LO', meaning),
});
function item(relationship: string | undefined, valueType: string, concept: DicomJson | undefined, rest: DicomJson = {}, children: DicomJson[] = []): DicomJson {
  return {
    ...(relationship ? { '0040A010': str('CS', relationship) } : {}),
    '0040A040': str('CS', valueType),
    ...(concept ? { '0040A043': sq(concept) } : {}),
    ...(children.length ? { '0040A730': sq(...children) } : {}),
    ...rest,
  };
}
const num = (meaning: string, value: unknown, unit: DicomJson | undefined, extra: DicomJson = {}) =>
  item('CONTAINS', 'NUM', code('X', '99T', meaning), {
    '0040A300': sq({ '0040A30A': str('DS', value), ...(unit ? { '004008EA': sq(unit) } : {}) }),
    ...extra,
  });
const imageRef = (uid: string, frames: number[] = []): DicomJson => ({
  '00081199': sq({ '00081150': str('UI', '1.2.840.10008.5.1.4.1.1.2'), '00081155': str('UI', uid), ...(frames.length ? { '00081160': { vr: 'IS', Value: frames } } : {}) }),
});

describe('reading a report from Orthanc', () => {
  // The CT chest report of the corpus as Orthanc 1.10 answers WADO-RS metadata (identity removed).
  const document = readSrDocument(orthancSr as DicomJson);
  const rows = reportRows(document.root);
  const row = (label: string) => rows.find((r) => r.label === label);

  it('names the document and its state', () => {
    expect(document).toMatchObject({ kind: 'report', title: 'Diagnostic Imaging Report', templateId: '2000', completion: 'COMPLETE', verification: 'VERIFIED', verifiedBy: 'RADIOLOGIST^RITA' });
  });

  it('gives every item a depth that is its nesting level', () => {
    expect(row('Findings')).toMatchObject({ depth: 1, value: { kind: 'heading' } });
    expect(row('Measurement Group')).toMatchObject({ depth: 2 });
    expect(row('Diameter')).toMatchObject({ depth: 3, id: '1.3.2.3' });
    // The coordinates the diameter was measured on, and the image they lie on, below it.
    const coordinates = rows[rows.indexOf(row('Diameter')!) + 1];
    expect(coordinates).toMatchObject({ depth: 4, relationship: 'INFERRED FROM', value: { kind: 'coordinates', text: 'polyline (20, 30) (32, 30)' } });
    expect(rows[rows.indexOf(coordinates!) + 1]).toMatchObject({ depth: 5, relationship: 'SELECTED FROM', value: { kind: 'reference', objectType: 'IMAGE' } });
  });

  it('keeps measurements exactly as stored, with readable units', () => {
    expect(row('Diameter')?.value).toEqual({ kind: 'measurement', number: '12', unit: 'mm', qualifier: undefined });
    expect(row('Volume')?.value).toMatchObject({ number: '905', unit: 'mm³' });
    expect(row('Attenuation Coefficient')?.value).toMatchObject({ number: '35', unit: 'HU' });
  });

  it('reads text, codes, dates and names', () => {
    expect(row('History')?.value).toEqual({ kind: 'heading' });
    expect(rows.filter((r) => r.label === 'Finding').map((r) => r.value)).toEqual([
      { kind: 'text', text: 'Solid nodule in the right upper lobe.' },
      { kind: 'text', text: 'No pleural effusion. No mediastinal lymphadenopathy.' },
    ]);
    expect(row('Finding Site')?.value).toEqual({ kind: 'text', text: 'Upper lobe of right lung' });
    expect(row('Recommended follow-up date')?.value).toEqual({ kind: 'text', text: '2025-09-10' });
    expect(row('Person Observer Name')?.value).toEqual({ kind: 'text', text: 'RADIOLOGIST, RITA' });
  });

  it('lists the images the report cites once each, in document order', () => {
    expect(referencedObjects(document.root).map((r) => r.sopInstanceUid)).toHaveLength(2);
  });
});

describe('content items', () => {
  it('keeps a decimal as written and shows a qualifier where the value is missing', () => {
    const root = readContentItem(
      item(undefined, 'CONTAINER', code('R', '99T', 'Root'), {}, [
        num('Ejection fraction', '0.550', code('%', 'UCUM', 'percent')),
        num('Ratio', 1.25, code('1', 'UCUM', 'no units')),
        item('CONTAINS', 'NUM', code('X', '99T', 'Gradient'), { '0040A301': sq(code('114006', 'DCM', 'Measurement failure')) }),
        num('Length', 3, code('{px}', '99LOCAL', 'pixels')),
      ]),
    );
    const [ef, ratio, failed, pixels] = reportRows(root);
    expect(ef?.value).toMatchObject({ number: '0.550', unit: '%' });
    expect(ratio?.value).toMatchObject({ number: '1.25', unit: '' });
    expect(failed?.value).toEqual({ kind: 'measurement', number: undefined, unit: '', qualifier: 'Measurement failure' });
    expect(pixels?.value).toMatchObject({ unit: 'pixels' });
    if (root.children[2]?.valueType !== 'NUM') throw new Error('expected NUM');
    expect(formatMeasurement(root.children[2].measurement)).toBe('Measurement failure');
  });

  it('reads image references with frames, and survives unknown or broken items', () => {
    const root = readContentItem(
      item(undefined, 'CONTAINER', code('R', '99T', 'Root'), {}, [
        item('CONTAINS', 'IMAGE', undefined, imageRef('1.2.3', [2, 5])),
        item('CONTAINS', 'IMAGE', undefined, {}),
        item('CONTAINS', 'HOLOGRAM', code('H', '99T', 'Odd')),
        { '0040A010': str('CS', 'CONTAINS') },
      ]),
    );
    const rows = reportRows(root);
    expect(rows[0]?.value).toEqual({ kind: 'reference', objectType: 'IMAGE', reference: { sopClassUid: '1.2.840.10008.5.1.4.1.1.2', sopInstanceUid: '1.2.3', frames: [2, 5] } });
    expect(rows[1]?.value).toEqual({ kind: 'text', text: 'reference missing' });
    expect(rows[2]?.value).toEqual({ kind: 'text', text: '(HOLOGRAM item)' });
    expect(rows[3]?.value).toEqual({ kind: 'text', text: '(untyped item)' });
  });

  it('stops at a depth no real report reaches', () => {
    let deepest: DicomJson = item('CONTAINS', 'TEXT', code('T', '99T', 'Leaf'), { '0040A160': str('UT', 'x') });
    for (let i = 0; i < 200; i++) deepest = item('CONTAINS', 'CONTAINER', code('C', '99T', 'Level'), {}, [deepest]);
    const rows = reportRows(readContentItem(item(undefined, 'CONTAINER', code('R', '99T', 'Root'), {}, [deepest])));
    expect(rows.length).toBeLessThanOrEqual(65);
  });
});

describe('key object selection', () => {
  const kos: DicomJson = {
    '00080016': str('UI', '1.2.840.10008.5.1.4.1.1.88.59'),
    ...item(undefined, 'CONTAINER', code('113000', 'DCM', 'Of Interest'), {}, [
      item('CONTAINS', 'TEXT', code('113012', 'DCM', 'Key Object Description'), { '0040A160': str('UT', 'Nodule: first and last image') }),
      item('CONTAINS', 'IMAGE', undefined, imageRef('1.2.3.1')),
      item('CONTAINS', 'IMAGE', undefined, imageRef('1.2.3.3')),
      item('CONTAINS', 'IMAGE', undefined, imageRef('1.2.3.1')),
    ]),
  };

  it('is a key-object document titled by its root concept, with its references and description', () => {
    const document = readSrDocument(kos);
    expect(document.kind).toBe('key-objects');
    expect(document.title).toBe('Of Interest');
    expect(keyObjectDescription(document.root)).toBe('Nodule: first and last image');
    expect(referencedObjects(document.root).map((r) => r.sopInstanceUid)).toEqual(['1.2.3.1', '1.2.3.3']);
  });

  it('locates each reference in its series through the evidence sequence', () => {
    const withEvidence: DicomJson = {
      ...kos,
      '0040A375': sq({
        '0020000D': str('UI', '1.2.9'),
        '00081115': sq({ '0020000E': str('UI', '1.2.9.1'), '00081199': sq({ '00081155': str('UI', '1.2.3.1') }, { '00081155': str('UI', '1.2.3.3') }) }),
      }),
    };
    const selection = readKeyImageSelection(withEvidence);
    expect(selection).toMatchObject({ title: 'Of Interest', isRejection: false, description: 'Nodule: first and last image' });
    expect(selection.references.map((r) => [r.sopInstanceUid, r.seriesInstanceUid, r.studyInstanceUid])).toEqual([
      ['1.2.3.1', '1.2.9.1', '1.2.9'],
      ['1.2.3.3', '1.2.9.1', '1.2.9'],
    ]);
  });

  it('names its observer, itself and the versions it replaces', () => {
    const versioned: DicomJson = {
      ...kos,
      '00080018': str('UI', '2.25.77'),
      '0020000E': str('UI', '2.25.70'),
      '0040A360': sq({
        '0020000D': str('UI', '1.2.9'),
        '00081115': sq({ '0020000E': str('UI', '2.25.70'), '00081199': sq({ '00081150': str('UI', '1.2.840.10008.5.1.4.1.1.88.59'), '00081155': str('UI', '2.25.76') }) }),
      }),
      '0040A730': sq(
        item('HAS OBS CONTEXT', 'PNAME', code('121008', 'DCM', 'Person Observer Name'), { '0040A123': { vr: 'PN', Value: [{ Alphabetic: 'Okafor^Ngozi' }] } }),
        ...(kos['0040A730']?.Value as DicomJson[]),
      ),
    };
    const selection = readKeyImageSelection(versioned);
    expect(selection).toMatchObject({ sopInstanceUid: '2.25.77', seriesInstanceUid: '2.25.70', observerName: 'Okafor^Ngozi', predecessors: ['2.25.76'] });
    expect(readKeyImageSelection(kos)).toMatchObject({ observerName: undefined, predecessors: [] });
  });

  it('knows a rejection note is not a selection of key images', () => {
    const rejection: DicomJson = { ...kos, '0040A043': sq(code('113001', 'DCM', 'Rejected for Quality Reasons')) };
    expect(readKeyImageSelection(rejection).isRejection).toBe(true);
  });
});

describe('evidence', () => {
  const seq = (...values: DicomJson[]) => ({ vr: 'SQ', Value: values });
  const uid = (value: string) => ({ vr: 'UI', Value: [value] });
  const studyEvidence = (study: string, series: string, sop: string): DicomJson => ({
    '0020000D': uid(study),
    '00081115': seq({ '0020000E': uid(series), '00081199': seq({ '00081155': uid(sop) }) }),
  });

  it('locates the instances of both evidence lists: the procedure’s images and the other objects cited (a SEG an AI finding is on)', () => {
    const report: DicomJson = {
      '0040A375': seq(studyEvidence('1.2', '1.2.2', '1.2.2.1')),
      '0040A385': seq(studyEvidence('1.2', '1.2.300', '1.2.300.1')),
    };
    const locations = evidenceLocations(report);
    expect(locations.get('1.2.2.1')).toEqual({ studyInstanceUid: '1.2', seriesInstanceUid: '1.2.2' });
    expect(locations.get('1.2.300.1')).toEqual({ studyInstanceUid: '1.2', seriesInstanceUid: '1.2.300' });
  });
});
