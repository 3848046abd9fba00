import { describe, expect, it } from 'vitest';
import type { SeriesSummary } from '@longview/dicomweb';
import { cellChoicesOf } from './cellChoices';

const series = (uid: string, seriesNumber: number | undefined, seriesDescription: string | undefined, modality = 'MR') =>
  ({ seriesInstanceUid: uid, seriesNumber, seriesDescription, modality }) as SeriesSummary;

describe('cellChoicesOf', () => {
  it('names a current/prior pair by role and the prior by its date', () => {
    const choices = cellChoicesOf(
      [
        { study: 'current', seriesUid: '1.1' },
        { study: 'prior', seriesUid: '2.1' },
      ],
      [series('1.1', 2, 'Axial')],
      [series('2.1', 2, 'Axial')],
      '20221017',
    );
    expect(choices).toEqual([
      { label: 'Current', isPrior: false },
      { label: 'Prior 2022-10-17', isPrior: true },
    ]);
  });

  it('names the cells of a study shown four times by their series, and says which cell is empty', () => {
    const list = [series('1.1', 1, 'T2'), series('1.2', 2, 'FLAIR'), series('1.3', 3, undefined, 'MR')];
    const choices = cellChoicesOf(
      [{ study: 'current', seriesUid: '1.1' }, { study: 'current', seriesUid: '1.2' }, { study: 'current', seriesUid: '1.3' }, undefined],
      list,
      undefined,
      undefined,
    );
    expect(choices.map((choice) => choice.label)).toEqual(['#1 T2', '#2 FLAIR', '#3 MR', 'Cell 4 (empty)']);
  });

  it('keeps "Prior" in front of each prior series when the prior fills several cells', () => {
    const choices = cellChoicesOf(
      [
        { study: 'prior', seriesUid: '2.1' },
        { study: 'prior', seriesUid: '2.2' },
      ],
      [],
      [series('2.1', 1, 'T1'), series('2.2', 2, 'T2')],
      '20200101',
    );
    expect(choices.map((choice) => choice.label)).toEqual(['Prior 2020-01-01 #1 T1', 'Prior 2020-01-01 #2 T2']);
  });
});
