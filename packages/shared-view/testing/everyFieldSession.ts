import type { SharedSession } from '../src/types';

/**
 * Test fixtures only (imported by *.test.ts, outside src/ so nothing shipped can): a tumor board agenda
 * that uses every field of the model, with values already at the link's precision so that a
 * round trip must give it back unchanged.
 */

const STUDY = '2.25.118220443118907622347651357402557519745';
const PRIOR_STUDY = '2.25.291005553386409717418196155932838116431';
const series = (n: number) => `2.25.30184570981240572315436208844217${String(n).padStart(3, '0')}`;

export function everyFieldSession(): SharedSession {
  return {
    cases: [
      {
        archiveId: 'oncology',
        studyUid: STUDY,
        prior: { archiveId: 'legacy_pacs-2', studyUid: PRIOR_STUDY },
        layout: { rows: 3, columns: 3 },
        cells: [
          {
            study: 'current',
            seriesUid: series(1),
            image: 117,
            window: { center: 40, width: 400 },
            invert: false,
            zoom: 1.875,
            pan: [0.1234, -0.05],
            rotation: 90,
            flipHorizontal: true,
            flipVertical: false,
            annotations: [
              { kind: 'length', image: 117, points: [[-45.32, 12.7, -230.5], [-20.1, 30.55, -230.5]] },
              { kind: 'angle', image: 117, points: [[1, 2, -230.5], [10.25, 2, -230.5], [10.25, 20.01, -230.5]] },
              { kind: 'ellipse', image: 118, points: [[0, 10, -229.25], [0, -10, -229.25], [-15, 0, -229.25], [15, 0, -229.25]] },
              { kind: 'rectangle', image: 119, points: [[-5, -5, -228], [5, -5, -228], [-5, 5, -228], [5, 5, -228]] },
              { kind: 'rectangle', image: 119, points: [[-8.5, -3.25, -228], [8.5, 3.25, -228]] },
              { kind: 'probe', image: 0, points: [[150.01, -199.99, -350]] },
              { kind: 'arrow', image: 117, points: [[30, 40, -230.5], [42.5, 51.75, -230.5]], label: 'Index lesion — 2 cm ↑ since 03/2023' },
              { kind: 'arrow', image: 120, points: [[0, 0, -226.75], [1, 1, -226.75]] },
            ],
          },
          {
            study: 'prior',
            seriesUid: series(2),
            sopInstanceUid: '1.2.840.113619.2.55.3.2831164355.1.7',
            image: 0,
            window: { center: -600.5, width: 1500.25 },
            invert: true,
            zoom: 0.5,
            pan: [0, 0],
            rotation: 270,
            flipVertical: true,
          },
          {
            study: 'current',
            seriesUid: series(3),
            image: 12,
            mpr: { center: [-0.25, 100.5, -300.75], slabMm: 10, blend: 'mip' },
            rotation: 0,
          },
          { study: 'current', seriesUid: series(4), image: 12, mpr: { center: [1, 2, 3], slabMm: 0, blend: 'minip' }, slide: { center: [81_920.25, 40_960.5], resolution: 0.2503 } },
          { study: 'current', seriesUid: series(5), image: 12, mpr: { center: [1, 2, 3], slabMm: 500, blend: 'average' } },
          { study: 'current', seriesUid: series(6), image: 99_999, cine: { isPlaying: true, framesPerSecond: 29.97 } },
          { study: 'current', seriesUid: series(7), image: 3, cine: { isPlaying: false, framesPerSecond: 240 }, annotations: [] },
          null,
          { study: 'prior', seriesUid: series(9), image: 44, zoom: 100 },
        ],
        activeCell: 4,
        maximisedCell: 8,
        sync: { scroll: true, window: false, zoom: true, referenceLines: false },
      },
      {
        archiveId: 'oncology',
        studyUid: '1.2.3.4.5.6.7.8.9',
        layout: { rows: 1, columns: 2 },
        cells: [
          { study: 'current', seriesUid: '1.2.3.4.5.6.7.8.9.1', image: 5 },
          { study: 'current', seriesUid: '1.2.3.4.5.6.7.8.9.2', image: 6 },
        ],
        activeCell: 0,
        sync: { scroll: false, window: true, zoom: false, referenceLines: true },
        segmentations: [
          { sopInstanceUid: '1.2.3.4.5.6.7.8.9.300.1', opacity: 0.35, hidden: [2, 3] },
          { sopInstanceUid: '1.2.3.4.5.6.7.8.9.400.1', opacity: 1, hidden: [] },
        ],
        selectedSegment: { sopInstanceUid: '1.2.3.4.5.6.7.8.9.300.1', segmentNumber: 1 },
      },
      {
        archiveId: 'breast',
        studyUid: '1.2.3.4.5.6.7.8.10',
        layout: { rows: 4, columns: 4 },
        cells: Array.from({ length: 16 }, (_, i) => (i % 5 === 0 ? { study: 'current' as const, seriesUid: `1.2.3.4.5.6.7.8.10.${i}`, image: i } : null)),
      },
    ],
    activeCase: 1,
  };
}
