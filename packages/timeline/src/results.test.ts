import { describe, expect, it } from 'vitest';
import { studyResultsInWords, studyResultsOf } from './results';

describe('studyResultsOf', () => {
  it('finds the tumor board results of a PET/CT study among its image modalities, in a fixed order', () => {
    expect(studyResultsOf(['SR', 'CT', 'PT', 'RTSTRUCT', 'SEG']).map((kind) => kind.modality)).toEqual(['SEG', 'RTSTRUCT', 'SR']);
  });

  it('keeps the key-image star and the SR badge of saved results', () => {
    expect(studyResultsOf(['CT', 'KO', 'SR']).map((kind) => kind.short)).toEqual(['SR', '★']);
  });

  it('is empty for a study of images only', () => {
    expect(studyResultsOf(['CT', 'PT'])).toEqual([]);
    expect(studyResultsInWords(['CT'])).toBe('');
  });
});

describe('studyResultsInWords', () => {
  it('joins the kinds as a sentence', () => {
    expect(studyResultsInWords(['SEG'])).toBe('segmentations');
    expect(studyResultsInWords(['SEG', 'RTSTRUCT', 'KO'])).toBe('segmentations, structure sets and key images');
  });
});
