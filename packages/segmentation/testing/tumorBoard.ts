// The tumor board's SEG and RTSTRUCT as the corpus writes them (scripts/corpus), read back as the
// viewer will meet them: Part-10 bytes, with the writer's truth beside them and the CT they were
// drawn on as an ImageSeriesGeometry. Test support only (never imported by shipping code).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PETCT_STUDIES } from '../../../scripts/corpus/patients-oncology.mjs';
import { ctSliceHu, LESION_LABEL, paintLesions, petSliceBqml, torsoLabels } from '../../../scripts/corpus/phantoms-petct.mjs';
import { centredGrid, planPetCt } from '../../../scripts/corpus/series-petct.mjs';
import { writeStructureSet } from '../../../scripts/corpus/series-rtstruct.mjs';
import { ctReference, planTumorBoardSeries, writeSegmentation } from '../../../scripts/corpus/series-segmentation.mjs';
import type { ImageSeriesGeometry, ValueVolume } from '../src/index';

// The writers are plain JavaScript: where TypeScript cannot infer what they return (arrays built
// by map and flatMap), these say it, as the writers' comments describe it.
type Point = [number, number, number];
interface Lesion {
  name: string;
  center: Point;
  radiusMm: number;
  activityBqml: number;
  ctHu: number;
}
interface CtInstance {
  instanceNumber: number;
  sopInstanceUid: string;
  position: Point;
}
export type CtReference = Omit<ReturnType<typeof ctReference>, 'instances'> & { instances: CtInstance[] };
interface WrittenContour {
  instanceNumber: number;
  referencedSopInstanceUid: string;
  z: number;
  points: Point[];
}
type StructureSetTruth = Omit<ReturnType<typeof writeStructureSet>, 'rois'> & {
  rois: (Omit<ReturnType<typeof writeStructureSet>['rois'][number], 'contours'> & { contours: WrittenContour[] })[];
};

export const study = PETCT_STUDIES[0] as (typeof PETCT_STUDIES)[number];
export const lesions = study.petct.lesions as readonly Lesion[];
export const plan = planPetCt(study) as ReturnType<typeof planPetCt> & { zs: number[] };
const series = planTumorBoardSeries(study);

/** The CT as the corpus writes it (512²), and on a 128² grid over the same field: where most cases run, fast. */
export const ct512 = ctReference(plan) as CtReference;
export const ct128 = ctReference(plan, { grid: centredGrid(128) }) as CtReference;

/** The CT a SEG or RTSTRUCT was drawn on, as the viewer describes a study's series. */
export function imageSeriesOf(ct: CtReference): ImageSeriesGeometry {
  return {
    seriesInstanceUid: ct.seriesInstanceUid,
    frameOfReferenceUid: ct.frameOfReferenceUid,
    rows: ct.grid.size,
    columns: ct.grid.size,
    instances: ct.instances.map((instance) => ({
      sopInstanceUid: instance.sopInstanceUid,
      imagePositionPatient: [instance.position[0], instance.position[1], instance.position[2]] as const,
    })),
  };
}

/** The other series of the study the viewer would list beside the CT (the PET: same frame of reference, other grid). */
export const petSeries: ImageSeriesGeometry = {
  seriesInstanceUid: plan.pt.seriesInstanceUid,
  frameOfReferenceUid: plan.frameOfReferenceUid,
  rows: 128,
  columns: 128,
  instances: [],
};

/** What a writer wrote to a file, as the bytes a viewer receives; the file is gone afterwards. */
function part10Of(write: (file: string) => void): ArrayBuffer {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'longview-segmentation-package-'));
  try {
    const file = path.join(dir, 'object.dcm');
    write(file);
    const bytes = fs.readFileSync(file);
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A SEG file and its truth: the tumor board's own (variant null) or one of SEG_VARIANTS. */
export function segFile(ct: CtReference, variant: string | null = null) {
  let truth: ReturnType<typeof writeSegmentation> | undefined;
  const part10 = part10Of((file) => {
    truth = writeSegmentation(file, { series: series.seg, ct, lesions, variant });
  });
  return { part10, truth: truth as ReturnType<typeof writeSegmentation> };
}

/** An RTSTRUCT file and its truth: the tumor board's own (variant null) or 'unknown-instances'. */
export function structureSetFile(ct: CtReference, variant: string | null = null) {
  let truth: StructureSetTruth | undefined;
  const part10 = part10Of((file) => {
    truth = writeStructureSet(file, { series: series.rtstruct, ct, lesions, variant });
  });
  return { part10, truth: truth as StructureSetTruth };
}

/**
 * The phantom's values on the CT's grid, one slice per CT instance, and per slice its labels: the
 * CT in HU (noisy inside the body, so max and mean differ) or the PET in Bq/ml (lesions exactly
 * uniform), painted by the code that painted the corpus's own pixels (phantoms-petct.mjs).
 */
export function phantomVolume(ct: CtReference, modality: 'CT' | 'PT') {
  const labelsBySop = new Map<string, Uint8Array>();
  const slices = new Map<string, Float64Array | Float32Array>();
  for (const instance of ct.instances) {
    const z = instance.position[2];
    const labels = paintLesions(torsoLabels(z, ct.grid), z, ct.grid, lesions) as Uint8Array;
    labelsBySop.set(instance.sopInstanceUid, labels);
    slices.set(instance.sopInstanceUid, modality === 'CT' ? ctSliceHu(labels, lesions, instance.instanceNumber) : petSliceBqml(labels, lesions, instance.instanceNumber));
  }
  const volume: ValueVolume = { frameOfReferenceUid: ct.frameOfReferenceUid, rows: ct.grid.size, columns: ct.grid.size, slices };
  return { volume, labelsBySop };
}

/** The label the phantom paints a lesion's voxels with (its index among the study's lesions). */
export const lesionLabel = (name: string) => LESION_LABEL + lesions.findIndex((lesion) => lesion.name === name);
