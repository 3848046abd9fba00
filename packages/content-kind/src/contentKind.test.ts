import { describe, expect, it } from 'vitest';
import { contentKindOf, SOP_CLASSES } from './contentKind';
import { sopClassName } from './sopClassName';

describe('contentKindOf', () => {
  it.each([
    ['CT image', '1.2.840.10008.5.1.4.1.1.2', 1, undefined, 'stack'],
    ['enhanced CT, many frames', '1.2.840.10008.5.1.4.1.1.2.1', 120, undefined, 'cine'],
    ['US multi-frame', SOP_CLASSES.ultrasoundMultiFrame, 30, undefined, 'cine'],
    ['US multi-frame stored as H.264', SOP_CLASSES.ultrasoundMultiFrame, 30, '1.2.840.10008.1.2.4.102', 'video'],
    ['one-frame XA', SOP_CLASSES.xRayAngiographic, 1, undefined, 'stack'],
    ['video endoscopic', SOP_CLASSES.videoEndoscopic, 300, '1.2.840.10008.1.2.4.102', 'video'],
    ['VL photographic', SOP_CLASSES.vlPhotographic, 1, '1.2.840.10008.1.2.4.50', 'photo'],
    ['secondary capture', SOP_CLASSES.secondaryCapture, undefined, undefined, 'photo'],
    ['whole slide', SOP_CLASSES.wholeSlideMicroscopy, 400, undefined, 'wsi'],
    ['encapsulated PDF', SOP_CLASSES.encapsulatedPdf, undefined, undefined, 'pdf'],
    ['comprehensive SR', SOP_CLASSES.comprehensiveSr, undefined, undefined, 'sr'],
    ['key objects', SOP_CLASSES.keyObjectSelection, undefined, undefined, 'sr'],
    ['12-lead ECG', SOP_CLASSES.twelveLeadEcg, undefined, undefined, 'ecg'],
    ['general ECG', SOP_CLASSES.generalEcg, undefined, undefined, 'ecg'],
    ['RT structure set', '1.2.840.10008.5.1.4.1.1.481.3', undefined, undefined, 'unsupported'],
    ['raw data', '1.2.840.10008.5.1.4.1.1.66', undefined, undefined, 'unsupported'],
    ['no SOP class', undefined, undefined, undefined, 'unsupported'],
    ['not a storage class', '1.2.3.4', undefined, undefined, 'unsupported'],
  ])('%s → %s', (_label, sopClassUid, numberOfFrames, transferSyntaxUid, expected) => {
    expect(contentKindOf({ sopClassUid, numberOfFrames, transferSyntaxUid })).toBe(expected);
  });
});

describe('sopClassName', () => {
  it('names the classes the "not displayable" card describes, and no others', () => {
    expect(sopClassName('1.2.840.10008.5.1.4.1.1.481.3')).toBe('RT Structure Set Storage');
    expect(sopClassName(SOP_CLASSES.vlPhotographic)).toBe('VL Photographic Image Storage');
    expect(sopClassName('1.2.3.4')).toBeUndefined();
    expect(sopClassName(undefined)).toBeUndefined();
  });
});
