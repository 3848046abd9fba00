import { describe, expect, it } from 'vitest';
import type { DicomJson } from '@longview/dicom-meta';
import { iccProfileNote, isSameSite, lateralityName, photoSiteOf, type PhotoSite } from './photoSite';

function photo({ laterality, bodyPart, region, colorSpace, icc }: { laterality?: string; bodyPart?: string; region?: [string, string, string]; colorSpace?: string; icc?: boolean }): DicomJson {
  const json: DicomJson = {};
  if (laterality) json['00200062'] = { vr: 'CS', Value: [laterality] };
  if (bodyPart) json['00180015'] = { vr: 'CS', Value: [bodyPart] };
  if (region) {
    const [value, scheme, meaning] = region;
    json['00082218'] = { vr: 'SQ', Value: [{ '00080100': { vr: 'SH', Value: [value] }, '00080102': { vr: 'SH', Value: [scheme] }, '00080104': { vr: 'LO', Value: [meaning] } }] };
  }
  if (colorSpace) json['00282002'] = { vr: 'CS', Value: [colorSpace] };
  if (icc) json['00282000'] = { vr: 'OB', BulkDataURI: 'http://archive/bulk/00282000' };
  return json;
}

const FOREARM: [string, string, string] = ['14975008', 'SCT', 'Forearm'];
const HAND: [string, string, string] = ['85562004', 'SCT', 'Hand'];
const site = (json: DicomJson): PhotoSite => photoSiteOf(json);

describe('photoSiteOf', () => {
  it('reads laterality, body part and the anatomic region code and meaning', () => {
    expect(site(photo({ laterality: 'L', bodyPart: 'SKIN', region: FOREARM }))).toEqual({
      laterality: 'L',
      bodyPart: 'SKIN',
      anatomicRegion: 'Forearm',
      anatomicRegionCode: 'SCT 14975008',
    });
    expect(site(photo({}))).toEqual({ laterality: undefined, bodyPart: undefined, anatomicRegion: undefined, anatomicRegionCode: undefined });
  });
});

describe('isSameSite', () => {
  const leftForearm = site(photo({ laterality: 'L', bodyPart: 'SKIN', region: FOREARM }));
  it('matches the same side and region', () => {
    expect(isSameSite(leftForearm, site(photo({ laterality: 'L', bodyPart: 'SKIN', region: ['14975008', 'SCT', 'Lower arm'] })))).toBe(true);
  });
  it('never matches the other side, another region, or a region against none', () => {
    expect(isSameSite(leftForearm, site(photo({ laterality: 'R', bodyPart: 'SKIN', region: FOREARM })))).toBe(false);
    expect(isSameSite(leftForearm, site(photo({ laterality: 'L', bodyPart: 'SKIN', region: HAND })))).toBe(false);
    expect(isSameSite(leftForearm, site(photo({ laterality: 'L', bodyPart: 'SKIN' })))).toBe(false);
  });
  it('falls back to the body part when neither names a region, and matches nothing when no place is named', () => {
    expect(isSameSite(site(photo({ laterality: 'R', bodyPart: 'KNEE' })), site(photo({ laterality: 'R', bodyPart: 'KNEE' })))).toBe(true);
    expect(isSameSite(site(photo({})), site(photo({})))).toBe(false);
  });
});

describe('iccProfileNote', () => {
  it('says nothing without a profile, "as is" for sRGB, "not applied" for any other', () => {
    expect(iccProfileNote(photo({}))).toBeUndefined();
    expect(iccProfileNote(photo({ icc: true, colorSpace: 'SRGB' }))).toBe('ICC profile: sRGB, shown as is (display is sRGB)');
    expect(iccProfileNote(photo({ icc: true, colorSpace: 'ADOBERGB' }))).toBe('ICC profile ADOBERGB: not applied, colours shown as stored');
    expect(iccProfileNote(photo({ icc: true }))).toBe('ICC profile: not applied, colours shown as stored');
  });
});

describe('lateralityName', () => {
  it('names the DICOM codes and passes others through', () => {
    expect(lateralityName('L')).toBe('Left');
    expect(lateralityName('R')).toBe('Right');
    expect(lateralityName(undefined)).toBeUndefined();
  });
});
