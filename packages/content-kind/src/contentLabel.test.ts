import { describe, expect, it } from 'vitest';
import { contentKindOf, SOP_CLASSES } from './contentKind';
import { contentLabelOf } from './contentLabel';

const labelOf = (sopClassUid: string, transferSyntaxUid?: string, keyImageCount?: number) => {
  const traits = { sopClassUid, transferSyntaxUid, numberOfFrames: undefined };
  return contentLabelOf(contentKindOf(traits), traits, { keyImageCount });
};

describe('contentLabelOf', () => {
  it('names documents and waveforms as a reader calls them', () => {
    expect(labelOf(SOP_CLASSES.comprehensiveSr)).toBe('SR report');
    expect(labelOf(SOP_CLASSES.keyObjectSelection, undefined, 3)).toBe('Key images (3)');
    expect(labelOf(SOP_CLASSES.keyObjectSelection)).toBe('Key images');
    expect(labelOf(SOP_CLASSES.encapsulatedPdf)).toBe('PDF');
    expect(labelOf(SOP_CLASSES.twelveLeadEcg)).toBe('ECG 12-lead');
    expect(labelOf(SOP_CLASSES.generalEcg)).toBe('ECG');
  });

  it('names a video by its codec, and what no viewport shows by its class', () => {
    expect(labelOf(SOP_CLASSES.videoEndoscopic, '1.2.840.10008.1.2.4.100')).toBe('Video · MPEG-2');
    expect(labelOf(SOP_CLASSES.videoEndoscopic, '1.2.840.10008.1.2.4.102')).toBe('Video · H.264');
    expect(labelOf(SOP_CLASSES.videoEndoscopic, '1.2.840.10008.1.2.4.107')).toBe('Video · HEVC');
    expect(labelOf(SOP_CLASSES.wholeSlideMicroscopy)).toBe('Whole slide');
    expect(labelOf('1.2.840.10008.5.1.4.1.1.66')).toBe('Raw Data');
    expect(labelOf('1.2.3.4')).toBe('Not displayable');
  });
});
