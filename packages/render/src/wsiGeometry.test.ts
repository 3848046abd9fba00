import { describe, expect, it } from 'vitest';
import type { DicomJson } from '@longview/dicom-meta';
import { formatMagnification, levelForResolution, magnificationOf, tilesIntersecting, wsiPyramidOf } from './wsiGeometry';

const level = (downsample: number) => ({ totalColumns: 8192 / downsample, totalRows: 6144 / downsample, tileColumns: 256, tileRows: 256, downsample });

function instance(uid: string, flavor: string, total: [number, number], extra: DicomJson = {}): DicomJson {
  return {
    '00080018': { vr: 'UI', Value: [uid] },
    '00080008': { vr: 'CS', Value: ['DERIVED', 'PRIMARY', flavor, 'NONE'] },
    '00280010': { vr: 'US', Value: [256] },
    '00280011': { vr: 'US', Value: [256] },
    '00480006': { vr: 'UL', Value: [total[0]] },
    '00480007': { vr: 'UL', Value: [total[1]] },
    ...extra,
  };
}

describe('tilesIntersecting', () => {
  it('counts the tiles a view touches, partial tiles included', () => {
    // Base pixels 300..800 × 0..255 on the base level: columns 1..3, row 0.
    expect(tilesIntersecting(level(1), { x0: 300, x1: 800, y0: 0, y1: 256 })).toEqual({ firstColumn: 1, lastColumn: 3, firstRow: 0, lastRow: 0, count: 3 });
  });
  it('does not take the next tile when the view ends on a tile edge', () => {
    expect(tilesIntersecting(level(1), { x0: 0, x1: 512, y0: 0, y1: 512 }).count).toBe(4);
  });
  it('scales tiles by the level downsample and clips to the grid', () => {
    // Level 4× (2048×1536, 8×6 tiles of 1024 base pixels): a view past every edge takes all.
    expect(tilesIntersecting(level(4), { x0: -5000, x1: 20000, y0: -100, y1: 9000 }).count).toBe(48);
    expect(tilesIntersecting(level(4), { x0: 1000, x1: 1100, y0: 1000, y1: 1100 })).toMatchObject({ firstColumn: 0, lastColumn: 1, firstRow: 0, lastRow: 1, count: 4 });
  });
  it('is empty for a view beside the slide', () => {
    expect(tilesIntersecting(level(1), { x0: 9000, x1: 9500, y0: 0, y1: 100 }).count).toBe(0);
  });
});

describe('levelForResolution', () => {
  const levels = [1, 2, 4, 8, 16, 32].map((downsample) => ({ downsample }));
  it('picks the nearest level, measured linearly, ties to the finer (OpenLayers zDirection 0)', () => {
    expect(levelForResolution(levels, 0.5)).toBe(0);
    expect(levelForResolution(levels, 1.4)).toBe(0);
    expect(levelForResolution(levels, 1.5)).toBe(0);
    expect(levelForResolution(levels, 1.6)).toBe(1);
    expect(levelForResolution(levels, 7.68)).toBe(3);
    expect(levelForResolution(levels, 5.9)).toBe(2);
    expect(levelForResolution(levels, 100)).toBe(5);
  });
});

describe('magnification', () => {
  it('is 40× at 0.25 µm per screen pixel and halves as the view zooms out by two', () => {
    expect(magnificationOf(0.00025)).toBeCloseTo(40);
    expect(magnificationOf(0.0005)).toBeCloseTo(20);
    expect(magnificationOf(0)).toBeUndefined();
  });
  it('reads as a microscope does', () => {
    expect(formatMagnification(40)).toBe('40×');
    expect(formatMagnification(10.4)).toBe('10×');
    expect(formatMagnification(5.2083)).toBe('5.2×');
    expect(formatMagnification(0.625)).toBe('0.63×');
  });
});

describe('wsiPyramidOf', () => {
  it('orders levels finest first, finds label, overview, spacing and optical path', () => {
    const spacing = (mm: number): DicomJson => ({
      '52009229': { vr: 'SQ', Value: [{ '00289110': { vr: 'SQ', Value: [{ '00280030': { vr: 'DS', Value: [mm, mm] } }] } }] },
    });
    const pyramid = wsiPyramidOf([
      instance('low', 'VOLUME', [2048, 1536], { ...spacing(0.001), '00209311': { vr: 'CS', Value: ['TILED_FULL'] } }),
      instance('label', 'LABEL', [600, 300]),
      instance('base', 'VOLUME', [8192, 6144], {
        ...spacing(0.00025),
        '00209311': { vr: 'CS', Value: ['TILED_SPARSE'] },
        '00480105': {
          vr: 'SQ',
          Value: [{
            '00480106': { vr: 'SH', Value: ['1'] },
            '00220016': { vr: 'SQ', Value: [{ '00080104': { vr: 'LO', Value: ['Brightfield illumination'] } }] },
            '00480108': { vr: 'SQ', Value: [{ '00080104': { vr: 'LO', Value: ['Full Spectrum'] } }] },
            '00480112': { vr: 'DS', Value: [40] },
            '00282000': { vr: 'OB', BulkDataURI: 'http://archive/bulk' },
          }],
        },
      }),
      instance('overview', 'OVERVIEW', [960, 320]),
    ]);
    expect(pyramid.levels.map((l) => [l.sopInstanceUid, l.downsample, l.pixelSpacingMm, l.dimensionOrganization])).toEqual([
      ['base', 1, 0.00025, 'TILED_SPARSE'],
      ['low', 4, 0.001, 'TILED_FULL'],
    ]);
    expect(pyramid.label).toEqual({ sopInstanceUid: 'label', columns: 256, rows: 256 });
    expect(pyramid.overview?.sopInstanceUid).toBe('overview');
    expect(pyramid.baseSpacingMm).toBe(0.00025);
    expect(pyramid.opticalPaths).toEqual([{ identifier: '1', description: undefined, illumination: 'Brightfield illumination', illuminationColour: 'Full Spectrum', objectiveLensPower: 40, hasIccProfile: true }]);
  });
  it('reads ImageType sent as one backslash-joined value', () => {
    const single = instance('base', 'VOLUME', [512, 512]);
    single['00080008'] = { vr: 'CS', Value: ['ORIGINAL\\PRIMARY\\VOLUME\\NONE'] };
    expect(wsiPyramidOf([single]).levels).toHaveLength(1);
  });
});
