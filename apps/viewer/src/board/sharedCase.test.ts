import { describe, expect, it } from 'vitest';
import type { SharedCase } from '@longview/shared-view';
import { readGridParams } from '../state/gridState';
import { gridOfCase, sessionWithCurrentCase, sharedCaseOf, viewerPathOfCase, type ReadingSnapshot } from './sharedCase';

const SYNC = { scroll: true, window: false, zoom: false, referenceLines: true };

const reading: ReadingSnapshot = {
  archiveId: 'radiology',
  studyUid: '1.2.3',
  grid: {
    layout: { rows: 1, columns: 2 },
    cells: [{ study: 'current', seriesUid: '1.2.3.1' }, { study: 'prior', seriesUid: '1.2.9.1' }],
    prior: { archiveId: 'radiology', studyUid: '1.2.9' },
  },
  captures: [{ image: 40, window: { center: 40, width: 400 }, zoom: 2, pan: [0.1, -0.2], rotation: 90 }, undefined],
  activeCell: 1,
  maximisedCell: undefined,
  sync: SYNC,
};

describe('shared case of a reading', () => {
  it('joins the grid with each cell’s own view; a cell still opening is shared at its first image', () => {
    expect(sharedCaseOf(reading)).toEqual({
      archiveId: 'radiology',
      studyUid: '1.2.3',
      prior: { archiveId: 'radiology', studyUid: '1.2.9' },
      layout: { rows: 1, columns: 2 },
      cells: [
        { study: 'current', seriesUid: '1.2.3.1', image: 40, window: { center: 40, width: 400 }, zoom: 2, pan: [0.1, -0.2], rotation: 90 },
        { study: 'prior', seriesUid: '1.2.9.1', image: 0 },
      ],
      activeCell: 1,
      sync: SYNC,
    });
  });

  it('shares a fusion with its PET, opacity and colour map, and a MIP, and arranges them again', () => {
    const petCt: ReadingSnapshot = {
      ...reading,
      grid: {
        layout: { rows: 1, columns: 3 },
        cells: [
          { study: 'current', seriesUid: '1.2.3.1', display: 'fusion', fusedSeriesUid: '1.2.3.2' },
          { study: 'current', seriesUid: '1.2.3.2', display: 'mip' },
          { study: 'current', seriesUid: '1.2.3.1', display: 'fusion', fusedSeriesUid: '1.2.3.2' },
        ],
        prior: undefined,
      },
      captures: [{ image: 12, fusion: { petSeriesUid: '1.2.3.2', opacity: 0.3, colormap: 'rainbow' } }, { image: 0 }, undefined],
    };
    const shared = sharedCaseOf(petCt);
    expect(shared.cells).toEqual([
      { study: 'current', seriesUid: '1.2.3.1', image: 12, fusion: { petSeriesUid: '1.2.3.2', opacity: 0.3, colormap: 'rainbow' } },
      { study: 'current', seriesUid: '1.2.3.2', image: 0, mip: true },
      // Still opening: shared with the fusion's defaults.
      { study: 'current', seriesUid: '1.2.3.1', image: 0, fusion: { petSeriesUid: '1.2.3.2', opacity: 0.5, colormap: 'hot-iron' } },
    ]);
    expect(gridOfCase(shared)).toEqual(petCt.grid);
  });

  it('leaves out a prior no cell shows, and keeps empty cells as null', () => {
    const shared = sharedCaseOf({ ...reading, grid: { ...reading.grid, cells: [{ study: 'current', seriesUid: '1.2.3.1' }, undefined] }, maximisedCell: 0 });
    expect(shared.prior).toBeUndefined();
    expect(shared.cells[1]).toBeNull();
    expect(shared.maximisedCell).toBe(0);
  });

  it('opens at the viewer address whose grid parameters read back to the same grid', () => {
    const shared = sharedCaseOf(reading);
    const path = viewerPathOfCase(shared);
    expect(path).toBe('/viewer/radiology/1.2.3?layout=1x2&cells=c%3A1.2.3.1%2Cp%3A1.2.9.1&prior=radiology%3A1.2.9');
    expect(readGridParams(new URL(path, 'http://x').searchParams)).toEqual(gridOfCase(shared));
  });
});

describe('session to share', () => {
  const other: SharedCase = { archiveId: 'cardiology', studyUid: '9.8', layout: { rows: 1, columns: 1 }, cells: [{ study: 'current', seriesUid: '9.8.1', image: 3 }] };

  it('puts the case on screen into its place on the agenda and makes it the active case', () => {
    const current = sharedCaseOf(reading);
    const stale = { ...current, cells: [null, null] };
    expect(sessionWithCurrentCase({ cases: [other, stale], activeCase: 0 }, current)).toEqual({ cases: [other, current], activeCase: 1 });
  });

  it('shares just the case on screen when there is no agenda or it is not on it', () => {
    const current = sharedCaseOf(reading);
    expect(sessionWithCurrentCase(undefined, current)).toEqual({ cases: [current], activeCase: 0 });
    expect(sessionWithCurrentCase({ cases: [other], activeCase: 0 }, current)).toEqual({ cases: [current], activeCase: 0 });
  });
});
