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
