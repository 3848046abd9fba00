import { describe, expect, it } from 'vitest';
import { parseIidRequest, type IidParseResult, type IidProblem } from './iid';

const STUDY = '1.2.826.0.1.3680043.8.498.1';
const STUDY2 = '1.2.826.0.1.3680043.8.498.2';

const parse = (query: string) => parseIidRequest(new URLSearchParams(query));

function request(result: IidParseResult) {
  if (result.kind !== 'request') throw new Error(`expected a request, got ${JSON.stringify(result.problems)}`);
  return result;
}

function problems(result: IidParseResult): IidProblem[] {
  if (result.kind !== 'invalid') throw new Error('expected problems');
  return result.problems;
}

const summary = (result: IidParseResult) => problems(result).map((p) => `${p.parameter}:${p.kind}`);

describe('parseIidRequest: STUDY', () => {
  it('reads one study UID', () => {
    const { request: r } = request(parse(`requestType=STUDY&studyUID=${STUDY}`));
    expect(r).toMatchObject({ requestType: 'STUDY', studyUids: [STUDY], accessionNumbers: [], patient: undefined });
  });

  it('reads several study UIDs, comma-separated or repeated, without repeats', () => {
    const { request: r } = request(parse(`requestType=STUDY&studyUID=${STUDY},${STUDY2}&studyUID=${STUDY}`));
    expect(r.requestType === 'STUDY' && r.studyUids).toEqual([STUDY, STUDY2]);
  });

  it('reads accession numbers alone or with study UIDs', () => {
    expect(request(parse('requestType=STUDY&accessionNumber=A1001,A1002')).request).toMatchObject({ accessionNumbers: ['A1001', 'A1002'], studyUids: [] });
    expect(request(parse(`requestType=STUDY&accessionNumber=A1&studyUID=${STUDY}`)).request).toMatchObject({ accessionNumbers: ['A1'], studyUids: [STUDY] });
  });

  it('keeps an optional patientID for the mismatch guard', () => {
    const { request: r } = request(parse(`requestType=STUDY&studyUID=${STUDY}&patientID=R-1%5E%5E%5ELONGVIEW-RAD`));
    expect(r.patient).toMatchObject({ patientId: 'R-1', issuerCandidates: ['LONGVIEW-RAD'] });
  });

  it('needs a study UID or an accession number', () => {
    const found = problems(parse('requestType=STUDY'));
    expect(found).toEqual([{ parameter: 'studyUID', kind: 'missing', message: expect.stringMatching(/"studyUID" or "accessionNumber" is missing/) }]);
    expect(summary(parse('requestType=STUDY&studyUID='))).toEqual(['studyUID:missing']);
  });

  it('names each malformed UID and accession number', () => {
    const found = problems(parse('requestType=STUDY&studyUID=1.2.3,abc,1.02.3&accessionNumber=A*,12345678901234567'));
    expect(found.map((p) => p.message)).toEqual([
      '"studyUID" value "abc" is not a DICOM UID (digits and dots, at most 64 characters).',
      '"studyUID" value "1.02.3" is not a DICOM UID (digits and dots, at most 64 characters).',
      '"accessionNumber" value "A*" contains "*", "?" or "\\", which would match other studies.',
      '"accessionNumber" value "12345678901234567" is longer than 16 characters (DICOM SH).',
    ]);
  });

  it('refuses a UID longer than 64 characters and empty list items', () => {
    expect(summary(parse(`requestType=STUDY&studyUID=1.${'2'.repeat(64)}`))).toEqual(['studyUID:malformed']);
    expect(summary(parse(`requestType=STUDY&studyUID=${STUDY},,${STUDY2}`))).toEqual(['studyUID:malformed']);
  });

  it('refuses PATIENT-only parameters in a STUDY request', () => {
    expect(summary(parse(`requestType=STUDY&studyUID=${STUDY}&mostRecentResults=3&modalitiesInStudy=CT`))).toEqual([
      'mostRecentResults:conflicting',
      'modalitiesInStudy:conflicting',
    ]);
  });
});

describe('parseIidRequest: PATIENT', () => {
  it('reads patientID in CX form with all filters', () => {
    const result = request(
      parse(
        'requestType=PATIENT&patientID=R-100234%5E%5E%5E%262.16.840.1.113883.3.9999.1%26ISO&mostRecentResults=3' +
          '&lowerDateTime=2019-01-01T00:00:00Z&upperDateTime=2023-12-31&modalitiesInStudy=ct,MR',
      ),
    );
    expect(result.request).toEqual({
      requestType: 'PATIENT',
      patient: {
        patientId: 'R-100234',
        assigningAuthority: { namespaceId: undefined, universalId: '2.16.840.1.113883.3.9999.1', universalIdType: 'ISO' },
        issuerCandidates: ['2.16.840.1.113883.3.9999.1'],
      },
      filters: { mostRecent: 3, lowerDate: '2019-01-01T00:00:00Z', upperDate: '2023-12-31', modalities: ['CT', 'MR'] },
      presentation: { viewerType: undefined, diagnosticQuality: undefined, keyImagesOnly: undefined },
    });
    expect(result.notices).toEqual([]);
  });

  it('needs patientID, with an assigning authority', () => {
    expect(problems(parse('requestType=PATIENT'))).toEqual([
      { parameter: 'patientID', kind: 'missing', message: '"patientID" is missing; requestType=PATIENT needs the patient as ID^^^Issuer.' },
    ]);
    expect(problems(parse('requestType=PATIENT&patientID=R-100234'))[0]?.message).toMatch(/names no assigning authority/);
  });

  it('passes on the CX error naming patientID, without the ID', () => {
    const [found] = problems(parse('requestType=PATIENT&patientID=R-99%5CQ%5C%5E%5E%5EX'));
    expect(found?.parameter).toBe('patientID');
    expect(found?.message).toMatch(/^"patientID" is not an HL7 CX identifier: it ID has an escape sequence \\Q\\/);
    expect(found?.message).not.toContain('R-99');
  });

  it('checks mostRecentResults', () => {
    for (const bad of ['0', '-1', '2.5', 'three', '10001']) {
      expect(summary(parse(`requestType=PATIENT&patientID=1%5E%5E%5EA&mostRecentResults=${bad}`))).toEqual(['mostRecentResults:malformed']);
    }
  });

  it('checks dates for form and for real calendar days', () => {
    for (const bad of ['2021-02-30', '20210304', '2021-13-01', '2021-03-04T25:00', 'yesterday']) {
      expect(summary(parse(`requestType=PATIENT&patientID=1%5E%5E%5EA&lowerDateTime=${bad}`))).toEqual(['lowerDateTime:malformed']);
    }
    expect(request(parse('requestType=PATIENT&patientID=1%5E%5E%5EA&upperDateTime=2021-03-04T10:30+01:00')).request).toMatchObject({
      filters: { upperDate: '2021-03-04T10:30+01:00' },
    });
  });

  it('refuses a lower bound after the upper bound', () => {
    expect(summary(parse('requestType=PATIENT&patientID=1%5E%5E%5EA&lowerDateTime=2022-01-01&upperDateTime=2021-01-01'))).toEqual([
      'lowerDateTime:conflicting',
    ]);
  });

  it('checks modality codes', () => {
    expect(problems(parse('requestType=PATIENT&patientID=1%5E%5E%5EA&modalitiesInStudy=CT,C%20T'))[0]?.message).toBe(
      '"modalitiesInStudy" value "C T" is not a DICOM modality code (such as CT, MR, US).',
    );
  });

  it('refuses STUDY-only parameters in a PATIENT request', () => {
    expect(summary(parse(`requestType=PATIENT&patientID=1%5E%5E%5EA&studyUID=${STUDY}&accessionNumber=A1`))).toEqual([
      'studyUID:conflicting',
      'accessionNumber:conflicting',
    ]);
  });
});

describe('parseIidRequest: common parameters', () => {
  it('needs a known requestType', () => {
    expect(summary(parse(`studyUID=${STUDY}`))).toEqual(['requestType:missing']);
    expect(problems(parse('requestType=SERIES'))[0]?.message).toBe('"requestType" must be STUDY or PATIENT (upper case), not "SERIES".');
    expect(summary(parse(`requestType=study&studyUID=${STUDY}`))).toEqual(['requestType:unknown']);
    expect(summary(parse('requestType='))).toEqual(['requestType:missing']);
  });

  it('refuses a single-valued parameter given twice', () => {
    expect(summary(parse('requestType=PATIENT&requestType=STUDY'))).toEqual(['requestType:repeated']);
    expect(summary(parse('requestType=PATIENT&patientID=1%5E%5E%5EA&patientID=2%5E%5E%5EA'))).toEqual(['patientID:repeated']);
  });

  it('reads viewerType, diagnosticQuality and keyImagesOnly and reports what is not honoured', () => {
    const result = request(parse(`requestType=STUDY&studyUID=${STUDY}&viewerType=VENDOR_X&diagnosticQuality=true&keyImagesOnly=true`));
    expect(result.request.presentation).toEqual({ viewerType: 'VENDOR_X', diagnosticQuality: true, keyImagesOnly: true });
    expect(result.notices).toEqual([
      'viewerType "VENDOR_X" is not offered; Longview\'s browser viewer (IHE_BIR) is shown.',
      'keyImagesOnly was asked; Longview shows every image of the study (key image selections are not read yet).',
    ]);
    expect(request(parse(`requestType=STUDY&studyUID=${STUDY}&viewerType=IHE_BIR`)).notices).toEqual([]);
  });

  it('refuses booleans other than true/false and odd viewer types', () => {
    expect(summary(parse(`requestType=STUDY&studyUID=${STUDY}&diagnosticQuality=yes&keyImagesOnly=1&viewerType=a%20b`))).toEqual([
      'viewerType:malformed',
      'diagnosticQuality:malformed',
      'keyImagesOnly:malformed',
    ]);
  });

  it('flags a known parameter in the wrong case, and notes other unknown parameters', () => {
    expect(problems(parse(`requestType=STUDY&studyuid=${STUDY}`))).toEqual([
      { parameter: 'studyuid', kind: 'unknown', message: '"studyuid" is not an IID parameter; parameter names are case-sensitive: did you mean "studyUID"?' },
      { parameter: 'studyUID', kind: 'missing', message: '"studyUID" or "accessionNumber" is missing; requestType=STUDY needs at least one of them.' },
    ]);
    expect(request(parse(`requestType=STUDY&studyUID=${STUDY}&session=7`)).notices).toEqual([
      'The parameter "session" is not part of IHE IID and was ignored.',
    ]);
  });

  it('reports every problem at once', () => {
    expect(summary(parse('requestType=PATIENT&patientID=&mostRecentResults=x&lowerDateTime=bad&modalitiesInStudy=%3F'))).toEqual([
      'patientID:missing',
      'mostRecentResults:malformed',
      'lowerDateTime:malformed',
      'modalitiesInStudy:malformed',
    ]);
  });
});
