import type { MeasurementKind, SharedAnnotation, SharedCell, SharedSession, WorldPoint } from '../src/types';

/**
 * A realistic board for measuring link length (bench/ uses it for "a 3 × 3 layout with 20
 * annotations"; it lives outside src/ so that nothing shipped can): 2.25.<decimal> UIDs as the
 * corpus makes them (uids.mjs), CT-like windows, zoom and pan off their defaults, and
 * measurements at believable patient coordinates with 0.01 mm detail, so the compressed size is
 * that of a real board, not of repeated zeros. Deterministic (a fixed seed), so two bench runs
 * measure the same thing. Not for tests of behaviour: those build their own fixtures.
 */

/** Park–Miller: tiny, seedable, good enough to keep digits from compressing unrealistically well. */
function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 48_271) % 2_147_483_647;
    return state / 2_147_483_647;
  };
}

/** A 2.25 UID of a random 128-bit value (PS3.5 B.2), the form the corpus generator uses. */
function uuidDerivedUid(random: () => number): string {
  let value = 0n;
  for (let i = 0; i < 4; i++) value = (value << 32n) | BigInt(Math.floor(random() * 2 ** 32));
  return `2.25.${value.toString(10)}`;
}

const KINDS: readonly MeasurementKind[] = ['length', 'angle', 'ellipse', 'rectangle', 'probe', 'arrow'];
const POINTS_OF: Record<MeasurementKind, number> = { length: 2, angle: 3, ellipse: 4, rectangle: 4, probe: 1, arrow: 2 };

export function demoSessionOf(options: { layout: { rows: number; columns: number }; annotations: number }): SharedSession {
  const random = seededRandom(20_240_611);
  const between = (low: number, high: number) => low + (high - low) * random();
  const cellCount = options.layout.rows * options.layout.columns;
  const cells: SharedCell[] = Array.from({ length: cellCount }, (_, i) => ({
    study: 'current',
    seriesUid: uuidDerivedUid(random),
    image: Math.floor(between(0, 240)),
    window: i % 2 === 0 ? { center: 40, width: 400 } : { center: -600, width: 1500 },
    zoom: Number(between(1, 3).toPrecision(4)),
    pan: [Number(between(-0.2, 0.2).toPrecision(4)), Number(between(-0.2, 0.2).toPrecision(4))],
  }));
  const annotationsOf: SharedAnnotation[][] = cells.map(() => []);
  for (let n = 0; n < options.annotations; n++) {
    const kind = KINDS[n % KINDS.length] as MeasurementKind;
    const image = Math.floor(between(0, 240));
    // An axial CT slice: in-plane handles within a few centimetres of each other, z from the slice.
    const z = Math.round((-350 + image * 1.25) * 100) / 100;
    const x0 = between(-180, 180);
    const y0 = between(-150, 150);
    const points: WorldPoint[] = Array.from({ length: POINTS_OF[kind] }, () => [
      Math.round((x0 + between(-30, 30)) * 100) / 100,
      Math.round((y0 + between(-30, 30)) * 100) / 100,
      z,
    ]);
    annotationsOf[n % cellCount]?.push({ kind, image, points, ...(kind === 'arrow' ? { label: `lesion ${n + 1}` } : {}) });
  }
  return {
    cases: [
      {
        archiveId: 'oncology',
        studyUid: uuidDerivedUid(random),
        layout: options.layout,
        cells: cells.map((cell, i) => ((annotationsOf[i] ?? []).length > 0 ? { ...cell, annotations: annotationsOf[i] } : cell)),
        activeCell: 0,
      },
    ],
    activeCase: 0,
  };
}
