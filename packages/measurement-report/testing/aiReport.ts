// The AI's TID 1500 report on the tumor board's SEG as the corpus writes it
// (scripts/corpus/series-ai-report.mjs), read back as the viewer meets it: the Part-10 file as
// DICOM JSON, with the writer's truth and the SEG's beside it. Test support only.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DicomJson } from '@longview/dicom-meta';
import { PETCT_STUDIES } from '../../../scripts/corpus/patients-oncology.mjs';
import { writeAiReport } from '../../../scripts/corpus/series-ai-report.mjs';
import { centredGrid, petSeriesContent, preparePetCt } from '../../../scripts/corpus/series-petct.mjs';
import { ctReference, planTumorBoardSeries, segmentationContent } from '../../../scripts/corpus/series-segmentation.mjs';
import { dicomJsonOfPart10 } from '../src/readPart10';

const study = PETCT_STUDIES[0] as (typeof PETCT_STUDIES)[number];
const { plan, volume, probes } = preparePetCt(study);
const { pet } = petSeriesContent({ series: plan.pt, petct: study.petct, volume, probes });
// The CT on a 128² grid over the corpus's field: the SEG (and so the volume) is smaller, the report the same.
const ct = ctReference(plan, { grid: centredGrid(128) });
const series = planTumorBoardSeries(study);
/** The SEG's truth the report's finding references. */
export const segmentation = segmentationContent({ series: series.seg, ct, lesions: study.petct.lesions }).segmentation;

/** The report the writer wrote (variant null: the tumor board's own; 'missing-segment': its finding names a segment the SEG lacks), and its truth. */
export function aiReportFile(variant: 'missing-segment' | null = null): { metadata: DicomJson; truth: ReturnType<typeof writeAiReport> } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'longview-ai-report-'));
  try {
    const file = path.join(dir, 'report.dcm');
    const truth = writeAiReport(file, { series: series.sr, ct, segmentation, pet, variant });
    const bytes = fs.readFileSync(file);
    return { metadata: dicomJsonOfPart10(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer), truth };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
