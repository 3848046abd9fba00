// The hostile patient's third study (issue 27's bad-input list): a small CT of carol's staging
// phantom, a good SEG on it (the control) and, beside it, one SEG per SEG_VARIANTS, the RTSTRUCT
// whose contours name unknown CT instances and the AI report whose finding names a segment the
// control SEG does not have. A test shows that each bad object ends in its own message while the
// CT and the control SEG still display. The writers are the tumor board's (series-segmentation.mjs,
// series-rtstruct.mjs, series-ai-report.mjs); only the CT is smaller (64², 16 slices) to keep
// generation fast. carol's own studies stay as they are.
import { SOP_CLASS } from './dicom-file.mjs';
import { PETCT_STUDIES } from './patients-oncology.mjs';
import { STUDIES } from './patients.mjs';
import { writeAiReport } from './series-ai-report.mjs';
import { defineSeries, instanceFile } from './series-common.mjs';
import { centredGrid, petctSliceZs, petSeriesContent, petVolume, writeCtSeries } from './series-petct.mjs';
import { RTSTRUCT_VARIANTS, writeStructureSet } from './series-rtstruct.mjs';
import { ctReference, SEG_VARIANTS, writeSegmentation } from './series-segmentation.mjs';
import { describeSingleInstance } from './series-tumor-board.mjs';
import { assertValidSr } from './sr-content.mjs';
import { frameOfReferenceUid } from './uids.mjs';

const STUDY = STUDIES.hostileSegmentation;
const BODY_PART = 'ABDOMEN';
/** 16 slices of 64² (7.8125 mm) from z = -210 down: the tumor, its 4.5 mm margin (the 'overlapping' SEG) and the liver. */
export const HOSTILE_SEGMENTATION_CT = { size: 64, slices: 16, firstZ: -210 };

/**
 * carol's staging acquisition with her tumor and, on the tumor's slices, a lymph node at her
 * node's x and y (her own node lies 130 mm higher, outside a 16-slice CT): the SEG writer needs
 * both segments to have voxels. Larger than hers, so that it has more than a few 7.8 mm voxels.
 */
export function hostileSegmentationPetct() {
  const staging = PETCT_STUDIES[0].petct;
  const [tumor, node] = staging.lesions;
  return { ...staging, lesions: [tumor, { ...node, center: [node.center[0], node.center[1], tumor.center[2]], radiusMm: 12 }] };
}

const series = (key, seriesNumber, description, modality, sopClassUid, hostileCase) => defineSeries({
  key, study: STUDY, seriesNumber, description, modality, sopClassUid, bodyPart: BODY_PART, extra: { hostileCase },
});

/** The study's series: the CT, the control SEG, one SEG per variant, the RTSTRUCT and the AI report (keys, UIDs, numbers). */
export function planHostileSegmentationStudy() {
  const forUid = frameOfReferenceUid(STUDY.key);
  const ct = series('hostile-seg-ct', 1, 'CT UNDER HOSTILE SEGS', 'CT', SOP_CLASS.ct, 'control');
  ct.extra.frameOfReferenceUid = forUid;
  const segs = [null, ...SEG_VARIANTS].map((variant, index) => ({
    variant,
    series: series(`hostile-seg-${variant ?? 'control'}`, 300 + index, `SEG ${(variant ?? 'control').toUpperCase().replaceAll('-', ' ')}`, 'SEG', SOP_CLASS.segmentation, variant ? `seg-${variant}` : 'control'),
  }));
  const [rtstructVariant] = RTSTRUCT_VARIANTS;
  const rtstruct = { variant: rtstructVariant, series: series(`hostile-rtstruct-${rtstructVariant}`, 400, 'RTSTRUCT CONTOURS ON UNKNOWN IMAGES', 'RTSTRUCT', SOP_CLASS.rtStructureSet, `rtstruct-${rtstructVariant}`) };
  const sr = { variant: 'missing-segment', series: series('hostile-ai-sr-missing-segment', 500, 'AI REPORT ON A MISSING SEGMENT', 'SR', SOP_CLASS.comprehensiveSr, 'ai-report-missing-segment') };
  return { frameOfReferenceUid: forUid, ct, zs: petctSliceZs(HOSTILE_SEGMENTATION_CT.slices, HOSTILE_SEGMENTATION_CT.firstZ), segs, rtstruct, sr };
}

/**
 * The truth of a PET of the same lesions on the CT's grid, never written: the AI report states a
 * lesion's SUVbw max and takes it from there. The study has no PET series, so the SEG segments
 * carry no uptake (null).
 */
function unwrittenPetTruth(plan, petct, grid) {
  const pt = defineSeries({ key: `${STUDY.key}-pt-unwritten`, study: STUDY, seriesNumber: 3, description: 'PET (not written)', modality: 'PT', sopClassUid: SOP_CLASS.pet, bodyPart: BODY_PART });
  const volume = petVolume({ grid, zs: plan.zs, lesions: petct.lesions, noiseKey: pt.key });
  const probes = petct.lesions.map((lesion) => [`${lesion.name} centre`, lesion.center, lesion.name]);
  return petSeriesContent({ series: pt, petct, volume, probes }).pet;
}

/** Writes the study; [study, series entries] for the manifest. */
export async function buildHostileSegmentationStudy() {
  const plan = planHostileSegmentationStudy();
  const petct = hostileSegmentationPetct();
  const grid = centredGrid(HOSTILE_SEGMENTATION_CT.size);
  const ctEntry = await writeCtSeries({ series: plan.ct, petct, zs: plan.zs, frameOfReferenceUid: plan.frameOfReferenceUid, grid });
  const ct = ctReference(plan, { grid });
  const entries = [ctEntry];

  let control;
  for (const { variant, series: seg } of plan.segs) {
    const file = instanceFile(seg.key, 1);
    const segmentation = writeSegmentation(file.absolute, { series: seg, ct, lesions: petct.lesions, variant });
    control ??= segmentation;
    seg.extra.segmentation = { ...segmentation, segments: segmentation.segments.map((segment) => ({ ...segment, uptake: null })) };
    const method = segmentation.segmentationType === 'FRACTIONAL' ? 'dcmjs (FRACTIONAL, 8 bits per pixel, as generated)' : 'dcmjs (BINARY, 1 bit per pixel, as generated)';
    entries.push(await describeSingleInstance(seg, file, segmentation.sopInstanceUid, method));
  }

  const rtstructFile = instanceFile(plan.rtstruct.series.key, 1);
  const structureSet = writeStructureSet(rtstructFile.absolute, { series: plan.rtstruct.series, ct, lesions: petct.lesions, variant: plan.rtstruct.variant });
  plan.rtstruct.series.extra.structureSet = structureSet;
  entries.push(await describeSingleInstance(plan.rtstruct.series, rtstructFile, structureSet.sopInstanceUid, 'dcmjs (as generated)'));

  // On the control SEG: the finding names its segment 3, which it does not have.
  const srFile = instanceFile(plan.sr.series.key, 1);
  const pet = unwrittenPetTruth(plan, petct, grid);
  const aiReport = writeAiReport(srFile.absolute, { series: plan.sr.series, ct, segmentation: control, pet, variant: plan.sr.variant });
  await assertValidSr(srFile.relative);
  plan.sr.series.extra.aiReport = { ...aiReport, suvSource: `${aiReport.suvSource}, of a PET on the CT's grid that this study does not hold` };
  entries.push(await describeSingleInstance(plan.sr.series, srFile, aiReport.sopInstanceUid, 'dcmjs (as generated)'));

  return [STUDY, entries];
}
