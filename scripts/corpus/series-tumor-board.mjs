// carol's PET/CT studies as the tumor board reads them (issue 27): per study the CT and PET
// (series-petct.mjs), then what was drawn and found on them: the SEG (series-segmentation.mjs),
// the RTSTRUCT (series-rtstruct.mjs) and the AI's TID 1500 report (series-ai-report.mjs). Each
// one's truth goes into its manifest entry (`segmentation`, `structureSet`, `aiReport`), so tests
// compute what they expect without the viewer. Only the good objects: the hostile variants are
// written into a study of the hostile patient (series-hostile-segmentation.mjs). This sits above series-petct.mjs, not inside it, because the writers import
// its grids: calling them from there would be an import cycle. An AI's SEG and report stored in a
// study of their own (patients-oncology.mjs AI_RESULTS_STUDY) are written here too.
import { readImageAttributesInProcess } from './dicom-tools.mjs';
import { writeAiReport } from './series-ai-report.mjs';
import { SOP_CLASS } from './dicom-file.mjs';
import { defineSeries, describeSeries, instanceFile } from './series-common.mjs';
import { writeCtAndPet } from './series-petct.mjs';
import { writeStructureSet } from './series-rtstruct.mjs';
import { ctReference, planTumorBoardSeries, writeSegmentation } from './series-segmentation.mjs';
import { assertValidSr } from './sr-content.mjs';

const UPTAKE_RULE = 'PET voxels whose centre lies inside the segment\'s sphere, on the PET\'s own grid (no resampling)';

const isSameSphere = (lesion, sphere) => lesion.radiusMm === sphere.radiusMm && lesion.center.every((value, axis) => value === sphere.center[axis]);

/**
 * SUVbw over a segment, from the PET truth (petct-truth.mjs `pet`): each segment is a lesion's
 * sphere voxelised on the CT grid, so its uptake is that lesion's, over the PET voxels inside the
 * same sphere. A viewer that samples the PET at the SEG's CT voxels meets partial volume at the
 * edge: its max matches, its mean is lower. Null where no lesion has the segment's sphere (the
 * hostile 'Tumor margin') or the PET has no SUV: nothing true to report.
 */
export function segmentUptake(segment, pet) {
  const lesion = pet.lesions.find((candidate) => isSameSphere(candidate, segment.sphere));
  if (!lesion || lesion.suvbwMax === null) return null;
  return { lesion: lesion.name, suvbwMax: lesion.suvbwMax, suvbwMean: lesion.suvbwMean, petVoxelCount: lesion.voxelCount, rule: UPTAKE_RULE };
}

/** The SEG's truth (segmentationContent) with each segment's uptake beside its voxels. */
export function segmentationWithUptake(segmentation, pet) {
  return { ...segmentation, segments: segmentation.segments.map((segment) => ({ ...segment, uptake: segmentUptake(segment, pet) })) };
}

/** The manifest entry of a one-instance series just written to `file`, its truth in `series.extra`. */
export function describeSingleInstance(series, file, sopInstanceUid, method) {
  const instance = { sopInstanceUid, instanceNumber: 1, file: file.relative };
  return describeSeries(series, [instance], { encoding: { method }, readAttributes: readImageAttributesInProcess });
}

/**
 * The SEG, RTSTRUCT and AI report of a PET/CT study whose CT and PET are written (`plan` from
 * planPetCt, `pet` the PET entry's truth); their manifest entries.
 */
async function writeTumorBoardSeries(study, plan, pet) {
  const series = planTumorBoardSeries(study);
  const ct = ctReference(plan);
  const { lesions } = study.petct;

  const rtstructFile = instanceFile(series.rtstruct.key, 1);
  const structureSet = writeStructureSet(rtstructFile.absolute, { series: series.rtstruct, ct, lesions });
  series.rtstruct.extra.structureSet = structureSet;
  const [segEntry, srEntry] = await writeSegAndAiReport(series, ct, lesions, pet);
  return [segEntry, await describeSingleInstance(series.rtstruct, rtstructFile, structureSet.sopInstanceUid, 'dcmjs (as generated)'), srEntry];
}

/**
 * The SEG of `lesions` on the CT `ct` and the AI's TID 1500 report on it, into `series.seg` and
 * `series.sr` (`pet` the PET entry's truth, for the uptake); their manifest entries.
 */
async function writeSegAndAiReport(series, ct, lesions, pet) {
  const segFile = instanceFile(series.seg.key, 1);
  const segmentation = writeSegmentation(segFile.absolute, { series: series.seg, ct, lesions });
  series.seg.extra.segmentation = segmentationWithUptake(segmentation, pet);

  const srFile = instanceFile(series.sr.key, 1);
  const aiReport = writeAiReport(srFile.absolute, { series: series.sr, ct, segmentation, pet });
  await assertValidSr(srFile.relative);
  series.sr.extra.aiReport = aiReport;

  return [
    await describeSingleInstance(series.seg, segFile, segmentation.sopInstanceUid, 'dcmjs (BINARY, 1 bit per pixel, as generated)'),
    await describeSingleInstance(series.sr, srFile, aiReport.sopInstanceUid, 'dcmjs (as generated)'),
  ];
}

/**
 * The series of an AI's results study (patients-oncology.mjs AI_RESULTS_STUDY): its SEG and its
 * TID 1500 report, in the results study, not in the PET/CT study they describe.
 */
export function planAiResultsSeries(study) {
  const derived = (suffix, seriesNumber, description, modality, sopClassUid) => defineSeries({
    key: `${study.key}-${suffix}`, study, seriesNumber, description, modality, sopClassUid, bodyPart: 'WHOLEBODY',
  });
  return {
    seg: derived('seg', 1, 'AI SEG NODEFINDER', 'SEG', SOP_CLASS.segmentation),
    sr: derived('ai-sr', 2, 'AI LYMPH NODE REPORT', 'SR', SOP_CLASS.comprehensiveSr),
  };
}

/**
 * The AI's SEG and report on the CT of `plan` (the study it describes, `pet` its PET truth),
 * written into `study`, a study of their own; their manifest entries.
 */
async function writeAiResultsSeries(study, plan, pet) {
  return writeSegAndAiReport(planAiResultsSeries(study), ctReference(plan), study.resultsFor.petct.lesions, pet);
}

/**
 * Every PET/CT study, then every AI results study on one of them (`resultsStudies`, each with its
 * `resultsFor`): [[study, [ct, pt, seg, rtstruct, sr entries]], ..., [results study, [seg, sr]]].
 */
export async function buildPetCtStudies(studies, resultsStudies = []) {
  const built = [];
  const written = new Map();
  for (const study of studies) {
    const { plan, ct, pt } = await writeCtAndPet(study);
    written.set(study.key, { plan, pet: pt.pet });
    built.push([study, [ct, pt, ...(await writeTumorBoardSeries(study, plan, pt.pet))]]);
  }
  for (const study of resultsStudies) {
    const described = written.get(study.resultsFor.key);
    if (!described) throw new Error(`${study.key}: the study it describes (${study.resultsFor.key}) is not among the PET/CT studies`);
    built.push([study, await writeAiResultsSeries(study, described.plan, described.pet)]);
  }
  return built;
}
