import { describe, expect, it } from 'vitest';
import { classifySpecialty, type StudyTraits } from './specialty';

const traits = (fields: Partial<StudyTraits>): StudyTraits => ({ modalities: [], sopClassUids: [], bodyParts: [], department: undefined, ...fields });

describe('classifySpecialty', () => {
  // [modalities, body parts, department, SOP classes, expected lane]
  const table: Array<[string[], string[], string | undefined, string[], string]> = [
    [['CT'], ['CHEST'], 'radiology', [], 'radiology'],
    [['CR'], ['CHEST'], 'radiology', [], 'radiology'],
    [['MR'], ['HEAD'], 'radiology', [], 'radiology'],
    [['MR'], ['HEART'], 'cardiology', [], 'cardiology'],
    [['MR'], ['HEART'], 'radiology', [], 'cardiology'], // a cardiac MR in the PACS is still cardiology
    [['US'], ['HEART'], 'radiology', [], 'cardiology'],
    [['US'], ['ABDOMEN'], 'radiology', [], 'radiology'],
    [['US'], [], 'cardiology', [], 'cardiology'],
    [['XA'], ['HEART'], 'cardiology', [], 'cardiology'],
    [['XA'], [], 'cardiology', [], 'cardiology'],
    [['XA'], ['LEG'], 'radiology', [], 'radiology'],
    [['ECG'], [], undefined, [], 'cardiology'],
    [['SM'], ['BREAST'], 'pathology', [], 'pathology'],
    [['SM'], [], 'radiology', [], 'pathology'],
    [['XC'], ['SKIN'], 'pathology', [], 'dermatology'], // a wound photo in the pathology archive
    [['XC'], ['EYE'], undefined, [], 'ophthalmology'],
    [['XC'], [], 'dermatology', [], 'dermatology'],
    [['XC'], [], undefined, [], 'other'],
    [[], ['SKIN'], undefined, ['1.2.840.10008.5.1.4.1.1.77.1.4'], 'dermatology'],
    [['OP'], ['EYE'], 'clinics', [], 'ophthalmology'],
    [['OPT'], [], undefined, [], 'ophthalmology'],
    [['ES'], ['COLON'], 'clinics', [], 'endoscopy'],
    [['DOC'], [], 'pathology', [], 'documents'],
    [['SR'], [], 'radiology', [], 'documents'],
    [['CT', 'SR', 'KO'], ['CHEST'], 'radiology', [], 'radiology'], // images with their report: the images decide
    [[], [], undefined, ['1.2.840.10008.5.1.4.1.1.104.1'], 'documents'],
    [['OT'], [], 'endoscopy', [], 'endoscopy'],
    [['OT'], [], 'clinics', [], 'other'],
    [[], [], undefined, [], 'other'],
  ];

  it.each(table)('%j %j from %s %j → %s', (modalities, bodyParts, department, sopClassUids, expected) => {
    expect(classifySpecialty(traits({ modalities, bodyParts, department, sopClassUids }))).toBe(expected);
  });

  it('is case-insensitive about modality, body part and department', () => {
    expect(classifySpecialty(traits({ modalities: ['xc'], bodyParts: ['skin'], department: 'Pathology' }))).toBe('dermatology');
    expect(classifySpecialty(traits({ modalities: ['us'], bodyParts: ['Coronary Artery'] }))).toBe('cardiology');
  });
});
