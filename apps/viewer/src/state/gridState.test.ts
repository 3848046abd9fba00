import { describe, expect, it } from 'vitest';
import { readGridParams, withLayout, writeGridParams, type GridState } from './gridState';

describe('grid URL state', () => {
  it('round-trips a current + prior layout with UIDs only', () => {
    const state: GridState = {
      layout: { rows: 1, columns: 2 },
      cells: [{ study: 'current', seriesUid: '1.2.3' }, { study: 'prior', seriesUid: '1.2.4' }],
      prior: { archiveId: 'radiology', studyUid: '1.2.9' },
    };
    const params = new URLSearchParams(writeGridParams(state));
    expect(params.toString()).toBe('layout=1x2&cells=c%3A1.2.3%2Cp%3A1.2.4&prior=radiology%3A1.2.9');
    expect(readGridParams(params)).toEqual(state);
  });

  it('keeps the short ?series= form for one current series, and reads it back', () => {
    const single: GridState = { layout: { rows: 1, columns: 1 }, cells: [{ study: 'current', seriesUid: '1.2.3' }], prior: undefined };
    expect(writeGridParams(single)).toEqual({ series: '1.2.3' });
    expect(readGridParams(new URLSearchParams('series=1.2.3'))).toEqual(single);
  });

  it('keeps single images and empty cells', () => {
    const state: GridState = { layout: { rows: 2, columns: 2 }, cells: [{ study: 'current', seriesUid: '1.5', sopInstanceUid: '1.5.2' }, undefined, undefined, { study: 'current', seriesUid: '1.5', sopInstanceUid: '1.5.1' }], prior: undefined };
    expect(readGridParams(new URLSearchParams(writeGridParams(state)))).toEqual(state);
  });

  it('keeps a PET/CT fusion and a PET MIP cell', () => {
    const state: GridState = {
      layout: { rows: 2, columns: 2 },
      cells: [
        { study: 'current', seriesUid: '1.6' },
        { study: 'current', seriesUid: '1.7' },
        { study: 'current', seriesUid: '1.6', display: 'fusion', fusedSeriesUid: '1.7' },
        { study: 'current', seriesUid: '1.7', display: 'mip' },
      ],
      prior: undefined,
    };
    expect(writeGridParams(state).cells).toBe('c:1.6,c:1.7,f:1.6:1.7,m:1.7');
    expect(readGridParams(new URLSearchParams(writeGridParams(state)))).toEqual(state);
    const single: GridState = { layout: { rows: 1, columns: 1 }, cells: [{ study: 'current', seriesUid: '1.7', display: 'mip' }], prior: undefined };
    expect(readGridParams(new URLSearchParams(writeGridParams(single)))).toEqual(single);
    // A fusion names both series; anything else is dropped.
    expect(readGridParams(new URLSearchParams('layout=1x2&cells=f:1.6,m:1.7:1.8'))?.cells).toEqual([undefined, undefined]);
  });

  it('drops what is malformed instead of guessing', () => {
    expect(readGridParams(new URLSearchParams('layout=9x9&cells=c:1.2'))).toBeUndefined();
    expect(readGridParams(new URLSearchParams('series=<script>'))).toBeUndefined();
    expect(readGridParams(new URLSearchParams('layout=1x2&cells=c:1.2,x:1.3'))?.cells).toEqual([{ study: 'current', seriesUid: '1.2' }, undefined]);
    // A prior cell with no (valid) prior study named is left empty.
    expect(readGridParams(new URLSearchParams('layout=1x2&cells=c:1.2,p:1.3&prior=radiology:LONGVIEW'))?.cells[1]).toBeUndefined();
  });

  it('changes layout keeping cells in order', () => {
    const state: GridState = { layout: { rows: 1, columns: 2 }, cells: [{ study: 'current', seriesUid: '1' }, { study: 'prior', seriesUid: '2' }], prior: { archiveId: 'a', studyUid: '9' } };
    expect(withLayout(state, { rows: 2, columns: 2 }).cells).toEqual([{ study: 'current', seriesUid: '1' }, { study: 'prior', seriesUid: '2' }, undefined, undefined]);
    expect(withLayout(state, { rows: 1, columns: 1 }).cells).toEqual([{ study: 'current', seriesUid: '1' }]);
  });
});
