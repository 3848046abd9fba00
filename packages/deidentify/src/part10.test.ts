import dcmjs from 'dcmjs';
import { describe, expect, it } from 'vitest';
import { deidentifyPart10 } from './part10';
import { UidRemapper } from './uidRemapper';

function part10(transferSyntax: string): Uint8Array {
  const file = new dcmjs.data.DicomDict({
    '00020001': { vr: 'OB', Value: [new Uint8Array([0, 1]).buffer] },
    '00020002': { vr: 'UI', Value: ['1.2.840.10008.5.1.4.1.1.7'] },
    '00020003': { vr: 'UI', Value: ['1.2.3.9'] },
    '00020010': { vr: 'UI', Value: [transferSyntax] },
    '00020016': { vr: 'AE', Value: ['HOSPITAL_PACS'] },
  });
  file.dict = {
    '00080016': { vr: 'UI', Value: ['1.2.840.10008.5.1.4.1.1.7'] },
    '00080018': { vr: 'UI', Value: ['1.2.3.9'] },
    '00100010': { vr: 'PN', Value: [{ Alphabetic: 'SMITH^JOHN' }] },
    '00100020': { vr: 'LO', Value: ['PID-1'] },
    '0020000D': { vr: 'UI', Value: ['1.2.3.1'] },
    '0020000E': { vr: 'UI', Value: ['1.2.3.2'] },
    '00280010': { vr: 'US', Value: [2] },
    '00280011': { vr: 'US', Value: [2] },
    '00280100': { vr: 'US', Value: [8] },
    '7FE00010': { vr: 'OB', Value: [new Uint8Array([10, 20, 30, 40]).buffer] },
  };
  return new Uint8Array(file.write());
}

describe('deidentifyPart10', () => {
  it('writes a file whose identity is gone, whose UIDs are new, and whose pixels are the same bytes', () => {
    const uids = new UidRemapper();
    const result = deidentifyPart10(part10('1.2.840.10008.1.2.1'), uids);
    const read = dcmjs.data.DicomMessage.readFile(result.bytes.buffer as ArrayBuffer);
    // dcmjs reads a zero-length value back as [] or [''].
    expect((read.dict['00100010']?.Value ?? []).join('')).toBe('');
    expect((read.dict['00100020']?.Value ?? []).join('')).toBe('');
    expect(read.dict['00100020']).toBeDefined();
    expect(read.dict['00120062']?.Value).toEqual(['YES']);
    expect(read.dict['00080018']?.Value).toEqual([uids.remap('1.2.3.9')]);
    expect(read.meta['00020003']?.Value).toEqual([uids.remap('1.2.3.9')]);
    expect(read.meta['00020016']).toBeUndefined();
    expect(result.sopInstanceUid).toBe(uids.remap('1.2.3.9'));
    expect(result.seriesInstanceUid).toBe(uids.remap('1.2.3.2'));
    expect([...new Uint8Array(read.dict['7FE00010']?.Value?.[0] as ArrayBuffer)]).toEqual([10, 20, 30, 40]);
    // Nothing of the original identity survives anywhere in the bytes.
    const text = new TextDecoder('latin1').decode(result.bytes);
    for (const phi of ['SMITH', 'PID-1', 'HOSPITAL_PACS', '1.2.3.9', '1.2.3.1']) expect(text).not.toContain(phi);
  });

  it('refuses bytes that are not DICOM with a typed error', () => {
    expect(() => deidentifyPart10(new Uint8Array([1, 2, 3]), new UidRemapper())).toThrow(/De-identification failed/);
  });
});
