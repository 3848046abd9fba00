import { describe, expect, it } from 'vitest';
import { actionFor, BASIC_PROFILE } from './basicProfile';
import { applyBasicProfile, cleanText, deidentifyDataset, identifyingText, type Dataset } from './deidentify';
import { UidRemapper } from './uidRemapper';

/** Deterministic "random" bytes: 1, 2, 3, … so each new UID differs. */
function countingBytes(): (count: number) => Uint8Array {
  let next = 0;
  return (count) => Uint8Array.from({ length: count }, () => (next += 1) % 256);
}

function context(dataset: Dataset) {
  return { uids: new UidRemapper(countingBytes()), identifying: identifyingText(dataset) };
}

const study = '1.2.3.4.100';
const series = '1.2.3.4.200';
const frameOfReference = '1.2.3.4.300';

function instance(sop: string, referenced: string): Dataset {
  return {
    '00080016': { vr: 'UI', Value: ['1.2.840.10008.5.1.4.1.1.4'] },
    '00080018': { vr: 'UI', Value: [sop] },
    '00080020': { vr: 'DA', Value: ['20240102'] },
    '00080050': { vr: 'SH', Value: ['ACC-77'] },
    '00080060': { vr: 'CS', Value: ['MR'] },
    '00080080': { vr: 'LO', Value: ['General Hospital'] },
    '00080090': { vr: 'PN', Value: [{ Alphabetic: 'WHO^REFERS' }] },
    '0008103E': { vr: 'LO', Value: ['knee for SMITH'] },
    '00081140': {
      vr: 'SQ',
      Value: [
        {
          '00081150': { vr: 'UI', Value: ['1.2.840.10008.5.1.4.1.1.4'] },
          '00081155': { vr: 'UI', Value: [referenced] },
          // An identifying attribute hidden in a kept sequence must go too.
          '00100010': { vr: 'PN', Value: [{ Alphabetic: 'SMITH^JOHN' }] },
        },
      ],
    },
    '00100010': { vr: 'PN', Value: [{ Alphabetic: 'SMITH^JOHN' }] },
    '00100020': { vr: 'LO', Value: ['PID-1'] },
    '00100030': { vr: 'DA', Value: ['19600101'] },
    '00101000': { vr: 'LO', Value: ['OTHER-9'] },
    '00101002': { vr: 'SQ', Value: [{ '00100020': { vr: 'LO', Value: ['OTHER-9'] } }] },
    '0020000D': { vr: 'UI', Value: [study] },
    '0020000E': { vr: 'UI', Value: [series] },
    '00200052': { vr: 'UI', Value: [frameOfReference] },
    '00280010': { vr: 'US', Value: [2] },
    '00290010': { vr: 'LO', Value: ['SIEMENS CSA HEADER'] },
    '00291010': { vr: 'OB', Value: [new ArrayBuffer(4)] },
    '60003000': { vr: 'OW', Value: [new ArrayBuffer(8)] },
    '60000010': { vr: 'US', Value: [2] },
    '7FE00010': { vr: 'OW', Value: [new Uint16Array([1, 2, 3, 4]).buffer] },
  };
}

describe('the Basic Profile table', () => {
  it('has one row per tag, each tag written as 8 upper-case hex digits', () => {
    const tags = BASIC_PROFILE.map((r) => r.tag);
    expect(new Set(tags).size).toBe(tags.length);
    for (const tag of tags) expect(tag).toMatch(/^[0-9A-F]{8}$/);
  });

  it('gives the actions of Table E.1-1 to the attributes that identify a patient', () => {
    expect(actionFor('00100010')).toBe('Z'); // PatientName
    expect(actionFor('00100020')).toBe('Z'); // PatientID
    expect(actionFor('00101000')).toBe('X'); // OtherPatientIDs
    expect(actionFor('00080080')).toBe('Z'); // InstitutionName X/Z/D
    expect(actionFor('0020000d')).toBe('U'); // lower case accepted
    expect(actionFor('00081140')).toBe('U'); // ReferencedImageSequence X/Z/U*
    expect(actionFor('0040A123')).toBe('D'); // PersonName
    expect(actionFor('00080016')).toBe('K'); // SOPClassUID is not in the table
  });

  it('removes private attributes, curves and overlay data by rule, and keeps overlay geometry', () => {
    expect(actionFor('00091001')).toBe('X');
    expect(actionFor('50003000')).toBe('X');
    expect(actionFor('60023000')).toBe('X');
    expect(actionFor('60004000')).toBe('X');
    expect(actionFor('60000010')).toBe('K');
  });
});

describe('deidentifyDataset', () => {
  const original = instance('1.2.3.4.501', '1.2.3.4.502');
  const out = deidentifyDataset(original, context(original));

  it('empties (Z), removes (X) and keeps (K) as the table says', () => {
    expect(out['00100010']).toEqual({ vr: 'PN', Value: [] });
    expect(out['00100020']).toEqual({ vr: 'LO', Value: [] });
    expect(out['00100030']).toEqual({ vr: 'DA', Value: [] });
    expect(out['00080050']).toEqual({ vr: 'SH', Value: [] });
    expect(out['00080080']).toEqual({ vr: 'LO', Value: [] });
    expect(out['00080090']).toEqual({ vr: 'PN', Value: [] });
    expect(out['0008103E']).toBeUndefined();
    expect(out['00101000']).toBeUndefined();
    expect(out['00101002']).toBeUndefined();
    expect(out['00290010']).toBeUndefined();
    expect(out['00291010']).toBeUndefined();
    expect(out['60003000']).toBeUndefined();
    expect(out['00080060']).toEqual({ vr: 'CS', Value: ['MR'] });
    expect(out['00080016']).toEqual(original['00080016']);
  });

  it('leaves pixel data as the very same bytes', () => {
    expect(out['7FE00010']).toBe(original['7FE00010']);
  });

  it('replaces the UIDs of the table, inside sequences too, and keeps class UIDs', () => {
    const [item] = out['00081140']?.Value as Dataset[];
    expect(out['0020000D']?.Value?.[0]).toMatch(/^2\.25\.\d+$/);
    expect(out['0020000D']?.Value?.[0]).not.toBe(study);
    expect(item?.['00081155']?.Value?.[0]).toMatch(/^2\.25\./);
    expect(item?.['00081150']?.Value?.[0]).toBe('1.2.840.10008.5.1.4.1.1.4');
    expect(item?.['00100010']).toEqual({ vr: 'PN', Value: [] });
  });

  it('records what was done: PatientIdentityRemoved and the profile code', () => {
    expect(out['00120062']).toEqual({ vr: 'CS', Value: ['YES'] });
    const [code] = out['00120064']?.Value as Dataset[];
    expect(code?.['00080100']?.Value).toEqual(['113100']);
    expect(code?.['00080102']?.Value).toEqual(['DCM']);
    expect(out['00280303']?.Value).toEqual(['REMOVED']);
  });

  it('does not change its input', () => {
    expect(original['00100010']?.Value).toEqual([{ Alphabetic: 'SMITH^JOHN' }]);
    expect(original['0020000D']?.Value).toEqual([study]);
  });

  it('puts a dummy value (D) of the right VR', () => {
    const withPerson: Dataset = { '0040A123': { vr: 'PN', Value: [{ Alphabetic: 'DOE^JANE' }] }, '00120040': { vr: 'LO', Value: ['S-1'] } };
    const result = applyBasicProfile(withPerson, context(withPerson));
    expect(result['0040A123']?.Value).toEqual([{ Alphabetic: 'ANONYMOUS' }]);
    expect(result['00120040']?.Value).toEqual(['ANONYMIZED']);
  });
});

describe('UID remapping across an export', () => {
  it('gives the same new UID to the same original in every file, and distinct ones otherwise', () => {
    const uids = new UidRemapper(countingBytes());
    const a = instance('1.2.3.4.501', '1.2.3.4.502');
    const b = instance('1.2.3.4.502', '1.2.3.4.501');
    const outA = deidentifyDataset(a, { uids, identifying: [] });
    const outB = deidentifyDataset(b, { uids, identifying: [] });
    for (const tag of ['0020000D', '0020000E', '00200052']) expect(outA[tag]?.Value).toEqual(outB[tag]?.Value);
    expect(outA['00080018']?.Value).not.toEqual(outB['00080018']?.Value);
    // A's reference to B is B's new SOP Instance UID, and the other way round.
    const refOf = (d: Dataset) => (d['00081140']?.Value as Dataset[])[0]?.['00081155']?.Value?.[0];
    expect(refOf(outA)).toBe(outB['00080018']?.Value?.[0]);
    expect(refOf(outB)).toBe(outA['00080018']?.Value?.[0]);
    expect(uids.size).toBe(5); // study, series, frame of reference, two instances
  });

  it('does not hand out the same new UID twice even when the random source repeats', () => {
    let calls = 0;
    const uids = new UidRemapper((count) => new Uint8Array(count).fill(calls++ < 2 ? 7 : calls));
    expect(uids.remap('1.1')).not.toBe(uids.remap('1.2'));
  });

  it('ignores the trailing padding of a UID value', () => {
    const uids = new UidRemapper(countingBytes());
    expect(uids.remap('1.2.3\0')).toBe(uids.remap('1.2.3'));
  });
});

describe('cleanText (C)', () => {
  it('takes the identifying strings out of free text, longest first and in any case', () => {
    const terms = identifyingText(instance('1', '2'));
    expect(terms).toEqual(expect.arrayContaining(['SMITH^JOHN', 'SMITH', 'JOHN', 'PID-1', 'ACC-77', 'OTHER-9']));
    expect(cleanText('Knee of john smith, PID-1, acc ACC-77', terms)).toBe('Knee of , , acc');
  });
});
