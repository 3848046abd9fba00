import { describe, expect, it } from 'vitest';
import { encodeSharedSession, type SharedCase, type SharedCell } from '@longview/shared-view';
import { boardCellOfLink, boardCellToOpen, boardLinkOf } from './earlyBoard';
import { imageAtIndex } from './earlyOpen';

const stackCell = (seriesUid: string, image: number, study: SharedCell['study'] = 'current'): SharedCell => ({ study, seriesUid, image });

const boardCase = (cells: SharedCase['cells'], extra: Partial<SharedCase> = {}): SharedCase => ({
  archiveId: 'radiology',
  studyUid: '1.2.3',
  prior: { archiveId: 'cardiology', studyUid: '1.2.9' },
  layout: { rows: 1, columns: Math.max(1, cells.length) },
  cells,
  ...extra,
});

describe('boardLinkOf', () => {
  it('reads the shared view a board link carries', () => {
    expect(boardLinkOf({ pathname: '/board', search: '', hash: '#1.abc' })).toBe('1.abc');
  });

  it('leaves other pages, and a board page with nothing shared, alone', () => {
    expect(boardLinkOf({ pathname: '/board', search: '', hash: '' })).toBeUndefined();
    expect(boardLinkOf({ pathname: '/board', search: '', hash: '#' })).toBeUndefined();
    expect(boardLinkOf({ pathname: '/board', search: '?x=1', hash: '#1.abc' })).toBeUndefined();
    expect(boardLinkOf({ pathname: '/live/abc', search: '', hash: '#1.abc' })).toBeUndefined();
  });
});

describe('boardCellToOpen', () => {
  it('opens the first cell that shows something, at the image the link names', () => {
    const session = { cases: [boardCase([null, stackCell('1.2.3.4', 100), stackCell('1.2.3.5', 3)])], activeCase: 0 };
    expect(boardCellToOpen(session)).toEqual({ archiveId: 'radiology', study: '1.2.3', series: '1.2.3.4', image: 100 });
  });

  it('prefers the maximised cell, then the active cell, of the active case', () => {
    const cells = [stackCell('1.2.3.4', 1), stackCell('1.2.3.5', 2), stackCell('1.2.3.6', 3)];
    expect(boardCellToOpen({ cases: [boardCase(cells, { activeCell: 1, maximisedCell: 2 })], activeCase: 0 })?.series).toBe('1.2.3.6');
    expect(boardCellToOpen({ cases: [boardCase(cells, { activeCell: 1 })], activeCase: 0 })?.series).toBe('1.2.3.5');
    expect(boardCellToOpen({ cases: [boardCase([stackCell('9.9', 0)]), boardCase(cells)], activeCase: 1 })?.series).toBe('1.2.3.4');
  });

  it('opens a prior cell in the prior\'s archive', () => {
    expect(boardCellToOpen({ cases: [boardCase([stackCell('1.2.9.1', 7, 'prior')])], activeCase: 0 })).toEqual({ archiveId: 'cardiology', study: '1.2.9', series: '1.2.9.1', image: 7 });
    expect(boardCellToOpen({ cases: [boardCase([stackCell('1.2.9.1', 7, 'prior')], { prior: undefined })], activeCase: 0 })).toBeUndefined();
  });

  it('opens nothing early for a cell whose first image is another request: MPR, slide, fusion, MIP, one instance', () => {
    const base = stackCell('1.2.3.4', 0);
    for (const cell of [
      { ...base, mpr: { center: [0, 0, 0] as const, slabMm: 0, blend: 'mip' as const } },
      { ...base, slide: { center: [10, 10] as const, resolution: 1 } },
      { ...base, fusion: { petSeriesUid: '1.2.3.7', opacity: 0.5, colormap: 'hot-iron' as const } },
      { ...base, mip: true },
      { ...base, sopInstanceUid: '1.2.3.4.1' },
    ]) {
      expect(boardCellToOpen({ cases: [boardCase([cell])], activeCase: 0 })).toBeUndefined();
    }
  });
});

describe('boardCellOfLink', () => {
  it('reads a link as the app reads it, and refuses a damaged one', async () => {
    const link = encodeSharedSession({ cases: [boardCase([stackCell('1.2.3.4', 12)])], activeCase: 0 });
    expect(await boardCellOfLink(link)).toEqual({ archiveId: 'radiology', study: '1.2.3', series: '1.2.3.4', image: 12 });
    expect(await boardCellOfLink(`${link.slice(0, -4)}AAAA`)).toBeUndefined();
    expect(await boardCellOfLink('not a link')).toBeUndefined();
  });
});

describe('imageAtIndex', () => {
  const instance = (sopInstanceUid: string, numberOfFrames?: number) => ({ sopInstanceUid, numberOfFrames }) as Parameters<typeof imageAtIndex>[0][number];

  it('counts one image per frame, in the stack\'s order', () => {
    const ordered = [instance('a'), instance('b', 3), instance('c')];
    expect(imageAtIndex(ordered, 0)).toEqual({ sopInstanceUid: 'a', frame: 1 });
    expect(imageAtIndex(ordered, 1)).toEqual({ sopInstanceUid: 'b', frame: 1 });
    expect(imageAtIndex(ordered, 3)).toEqual({ sopInstanceUid: 'b', frame: 3 });
    expect(imageAtIndex(ordered, 4)).toEqual({ sopInstanceUid: 'c', frame: 1 });
  });

  it('finds nothing past the end', () => {
    expect(imageAtIndex([instance('a')], 1)).toBeUndefined();
  });
});
