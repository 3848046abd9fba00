import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import dcmjs from 'dcmjs';
import { afterAll, describe, expect, it } from 'vitest';
import { SOP_CLASS } from './dicom-file.mjs';
import { PETCT_STUDIES } from './patients-oncology.mjs';
import { LESION_LABEL, paintLesions, torsoLabels } from './phantoms-petct.mjs';
import { aiReportContent, writeAiReport } from './series-ai-report.mjs';
import { centredGrid, CT_GRID, petSeriesContent, planPetCt, preparePetCt } from './series-petct.mjs';
import { structureSetContent, writeStructureSet } from './series-rtstruct.mjs';
import { ctReference, planTumorBoardSeries, SEG_VARIANTS, segmentationContent, writeSegmentation } from './series-segmentation.mjs';

// The tumor board's SEG, RTSTRUCT and AI SR are written into a temporary folder, read back with
// dcmjs and parsed again by dcmtk (dcmdump, dsrdump), and checked against the generator's truth
// and against what the CT's own pixels and the sphere geometry say, computed here again.

const run = promisify(execFile);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'longview-segmentation-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const study = PETCT_STUDIES[0];
const [tumorLesion, nodeLesion] = study.petct.lesions;
const plan = planPetCt(study);
const ct = ctReference(plan);
const series = planTumorBoardSeries(study);
/** The same CT on a 128² grid: where the hostile variants are compared with their normal SEG, fast. */
const smallCt = ctReference(plan, { grid: centredGrid(128) });

function read(file) {
  const bytes = fs.readFileSync(file);
  const { meta, dict } = dcmjs.data.DicomMessage.readFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  const naturalize = dcmjs.data.DicomMetaDictionary.naturalizeDataset;
  return { meta: naturalize(meta), dataset: naturalize(dict) };
}

/** dcmtk parses the file without a warning; returns what it printed. */
async function dcmtkParses(tool, file, args = []) {
  const { stdout, stderr } = await run(tool, [...args, file]);
  expect(stderr).toBe('');
  return stdout;
}

const fileOf = (name) => path.join(dir, `${name}.dcm`);
const ctUids = new Set(ct.instances.map((instance) => instance.sopInstanceUid));
const instanceByUid = new Map(ct.instances.map((instance) => [instance.sopInstanceUid, instance]));

/** Per frame of a SEG read back, the number of pixels that are set (BINARY: bits; FRACTIONAL: non-zero bytes), and the frames' masks. */
function frameMasks(dataset) {
  const bytes = new Uint8Array(dataset.PixelData[0]);
  const pixels = dataset.Rows * dataset.Columns;
  return Array.from({ length: dataset.NumberOfFrames }, (_, frame) => {
    const mask = new Uint8Array(pixels);
    for (let i = 0; i < pixels; i++) {
      const index = frame * pixels + i;
      mask[i] = dataset.BitsAllocated === 1 ? (bytes[index >> 3] >> (index & 7)) & 1 : bytes[index] === 0 ? 0 : 1;
    }
    return mask;
  });
}
const setCount = (mask) => mask.reduce((sum, bit) => sum + bit, 0);

/** Top-level attributes whose values differ between two datasets read back (binary values by digest). */
function differingAttributes(a, b) {
  const canonical = (value) => JSON.stringify(value, (_, v) => (v instanceof ArrayBuffer ? createHash('sha1').update(new Uint8Array(v)).digest('hex') : v));
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((key) => canonical(a[key]) !== canonical(b[key])).sort();
}

// ------------------------------------------------------------------ SEG

describe('SEG on the 512² CT', () => {
  const truth = writeSegmentation(fileOf('seg'), { series: series.seg, ct, lesions: study.petct.lesions });
  const { meta, dataset } = read(fileOf('seg'));
  const masks = frameMasks(dataset);

  it('is a BINARY Segmentation of the CT, in its frame of reference, by the AI device', async () => {
    expect(meta.MediaStorageSOPClassUID).toBe(SOP_CLASS.segmentation);
    expect(dataset.SOPClassUID).toBe(SOP_CLASS.segmentation);
    expect(dataset.SOPInstanceUID).toBe(truth.sopInstanceUid);
    expect(dataset.Modality).toBe('SEG');
    expect(dataset.StudyInstanceUID).toBe(study.studyInstanceUid);
    expect(dataset.SegmentationType).toBe('BINARY');
    expect([dataset.BitsAllocated, dataset.BitsStored, dataset.HighBit]).toEqual([1, 1, 0]);
    expect([dataset.Rows, dataset.Columns]).toEqual([512, 512]);
    expect(dataset.FrameOfReferenceUID).toBe(plan.frameOfReferenceUid);
    expect([dataset.Manufacturer, dataset.ManufacturerModelName, dataset.SoftwareVersions]).toEqual(['Acme Oncology AI', 'NodeFinder PET/CT', '3.2.1']);
    expect(dataset.ReferencedSeriesSequence[0].SeriesInstanceUID).toBe(plan.ct.seriesInstanceUid);
    const shared = dataset.SharedFunctionalGroupsSequence[0];
    expect(shared.PixelMeasuresSequence[0].PixelSpacing.map(Number)).toEqual([CT_GRID.spacing, CT_GRID.spacing]);
    expect(Number(shared.PixelMeasuresSequence[0].SliceThickness)).toBe(3);
    expect(shared.PlaneOrientationSequence[0].ImageOrientationPatient.map(Number)).toEqual([1, 0, 0, 0, 1, 0]);
    const dump = await dcmtkParses('dcmdump', fileOf('seg'), ['+P', '0008,0016', '+P', '0028,0008', '+P', '0062,0001']);
    expect(dump).toContain('=SegmentationStorage');
    expect(dump).toContain(`IS [${truth.numberOfFrames}]`);
    expect(dump).toContain('CS [BINARY]');
  });

  it('has the two segments: Tumor (manual) and Lymph node (AI), with their codes and colours', () => {
    const [tumor, node] = dataset.SegmentSequence;
    expect(dataset.SegmentSequence).toHaveLength(2);
    expect([tumor.SegmentNumber, tumor.SegmentLabel, tumor.SegmentAlgorithmType, tumor.SegmentAlgorithmName]).toEqual([1, 'Tumor', 'MANUAL', undefined]);
    expect([node.SegmentNumber, node.SegmentLabel, node.SegmentAlgorithmType, node.SegmentAlgorithmName]).toEqual([2, 'Lymph node', 'AUTOMATIC', 'NodeFinder lymph node detector']);
    expect(tumor.SegmentedPropertyTypeCodeSequence[0]).toMatchObject({ CodeValue: '108369006', CodingSchemeDesignator: 'SCT' });
    expect(node.SegmentedPropertyTypeCodeSequence[0]).toMatchObject({ CodeValue: '59441001', CodingSchemeDesignator: 'SCT', CodeMeaning: 'Lymph node' });
    expect(node.SegmentedPropertyCategoryCodeSequence[0]).toMatchObject({ CodeValue: '91723000', CodingSchemeDesignator: 'SCT' });
    // The truth names the device only where the file says an algorithm made the segment.
    expect(truth.segments.map((segment) => segment.device?.name ?? null)).toEqual([null, 'NodeFinder']);
    expect(truth.segments[1].device.softwareVersions).toBe(dataset.SoftwareVersions);
    dataset.SegmentSequence.forEach((item, index) => {
      const segment = truth.segments[index];
      expect(item.RecommendedDisplayCIELabValue).toEqual(segment.cielab);
      // The scaled ints are CIELab of the sRGB colour the viewer must show: back within one level.
      const rgb = dcmjs.data.Colors.dicomlab2RGB8(item.RecommendedDisplayCIELabValue);
      rgb.forEach((channel, c) => expect(Math.abs(channel - segment.rgb8[c])).toBeLessThanOrEqual(1));
      expect(item.RecommendedDisplayCIELabValue.every((value) => Number.isInteger(value) && value >= 0 && value <= 65535)).toBe(true);
    });
  });

  it('has one frame per slice a segment crosses, each set-bit count as the truth says', () => {
    expect(dataset.NumberOfFrames).toBe(truth.numberOfFrames);
    expect(dataset.PerFrameFunctionalGroupsSequence).toHaveLength(truth.numberOfFrames);
    expect(truth.segments.reduce((sum, segment) => sum + segment.frames.length, 0)).toBe(truth.numberOfFrames);
    for (const segment of truth.segments) {
      expect(segment.frames.map((frame) => frame.instanceNumber)).toEqual(
        Array.from({ length: segment.lastInstanceNumber - segment.firstInstanceNumber + 1 }, (_, i) => segment.firstInstanceNumber + i));
      for (const frame of segment.frames) {
        const item = dataset.PerFrameFunctionalGroupsSequence[frame.frameNumber - 1];
        expect(item.SegmentIdentificationSequence[0].ReferencedSegmentNumber).toBe(segment.segmentNumber);
        expect(setCount(masks[frame.frameNumber - 1])).toBe(frame.voxelCount);
      }
      const bits = segment.frames.reduce((sum, frame) => sum + setCount(masks[frame.frameNumber - 1]), 0);
      expect(bits).toBe(segment.voxelCount);
      expect(segment.volumeMl).toBeCloseTo((segment.voxelCount * CT_GRID.spacing ** 2 * 3) / 1000, 12);
    }
    expect(masks.reduce((sum, mask) => sum + setCount(mask), 0)).toBe(truth.segments.reduce((sum, segment) => sum + segment.voxelCount, 0));
  });

  it('puts each frame on its CT instance: the referenced SOP Instance UID and the position match the plan', () => {
    const referenced = dataset.ReferencedSeriesSequence[0].ReferencedInstanceSequence.map((item) => item.ReferencedSOPInstanceUID);
    dataset.PerFrameFunctionalGroupsSequence.forEach((item) => {
      const source = item.DerivationImageSequence[0].SourceImageSequence[0];
      expect(source.ReferencedSOPClassUID).toBe(SOP_CLASS.ct);
      const instance = instanceByUid.get(source.ReferencedSOPInstanceUID);
      expect(instance).toBeDefined();
      expect(item.PlanePositionSequence[0].ImagePositionPatient.map(Number)).toEqual(instance.position);
      expect(instance.position[2]).toBe(plan.zs[instance.instanceNumber - 1]);
      expect(referenced).toContain(source.ReferencedSOPInstanceUID);
    });
  });

  it('sets exactly the voxels the CT painted as the lesion, at the centre slice, the sphere volume within 3 %', () => {
    for (const [segment, lesion] of [[truth.segments[0], tumorLesion], [truth.segments[1], nodeLesion]]) {
      expect(segment.centerInstanceNumber).toBe(plan.zs.indexOf(lesion.center[2]) + 1);
      expect(segment.centerInstanceNumber).toBe((segment.firstInstanceNumber + segment.lastInstanceNumber) / 2);
      expect(segment.centerSopInstanceUid).toBe(ct.instances[segment.centerInstanceNumber - 1].sopInstanceUid);
      for (const frame of segment.frames) {
        const labels = paintLesions(torsoLabels(frame.imagePositionPatient[2], CT_GRID), frame.imagePositionPatient[2], CT_GRID, study.petct.lesions);
        const label = LESION_LABEL + study.petct.lesions.indexOf(lesion);
        const mask = masks[frame.frameNumber - 1];
        let mismatches = 0;
        for (let i = 0; i < mask.length; i++) if (mask[i] !== (labels[i] === label ? 1 : 0)) mismatches += 1;
        expect(mismatches).toBe(0);
      }
      const sphereMl = ((4 / 3) * Math.PI * lesion.radiusMm ** 3) / 1000;
      expect(Math.abs(segment.volumeMl / sphereMl - 1)).toBeLessThan(0.03);
    }
  });
});

describe('hostile SEGs differ from the normal one exactly as named', () => {
  const options = { series: series.seg, ct: smallCt, lesions: study.petct.lesions };
  const normalTruth = writeSegmentation(fileOf('seg-small'), options);
  const normal = read(fileOf('seg-small')).dataset;
  const written = Object.fromEntries(SEG_VARIANTS.map((variant) => {
    const truth = writeSegmentation(fileOf(`seg-${variant}`), { ...options, variant });
    return [variant, { truth, dataset: read(fileOf(`seg-${variant}`)).dataset }];
  }));

  it.each(SEG_VARIANTS)('%s parses with dcmtk', async (variant) => {
    await dcmtkParses('dcmdump', fileOf(`seg-${variant}`), ['-q']);
  });

  it('missing-referenced-series: references a series and instances that exist nowhere', () => {
    const { truth, dataset } = written['missing-referenced-series'];
    expect(differingAttributes(normal, dataset)).toEqual(['PerFrameFunctionalGroupsSequence', 'ReferencedSeriesSequence']);
    expect(truth.referencedSeriesExists).toBe(false);
    const referencedSeries = dataset.ReferencedSeriesSequence[0];
    expect(referencedSeries.SeriesInstanceUID).toBe(truth.referencedSeriesInstanceUid);
    expect(referencedSeries.SeriesInstanceUID).not.toBe(plan.ct.seriesInstanceUid);
    expect(referencedSeries.SeriesInstanceUID).not.toBe(plan.pt.seriesInstanceUid);
    for (const item of referencedSeries.ReferencedInstanceSequence) expect(ctUids.has(item.ReferencedSOPInstanceUID)).toBe(false);
    dataset.PerFrameFunctionalGroupsSequence.forEach((item, index) => {
      expect(ctUids.has(item.DerivationImageSequence[0].SourceImageSequence[0].ReferencedSOPInstanceUID)).toBe(false);
      expect(item.PlanePositionSequence).toEqual(normal.PerFrameFunctionalGroupsSequence[index].PlanePositionSequence);
    });
  });

  it('other-frame-of-reference: only the FrameOfReferenceUID differs', () => {
    const { truth, dataset } = written['other-frame-of-reference'];
    expect(differingAttributes(normal, dataset)).toEqual(['FrameOfReferenceUID']);
    expect(dataset.FrameOfReferenceUID).not.toBe(plan.frameOfReferenceUid);
    expect(truth.frameOfReferenceUid).toBe(dataset.FrameOfReferenceUID);
  });

  it('other-dimensions: 256² frames of another spacing, on the same CT instances', () => {
    const { truth, dataset } = written['other-dimensions'];
    expect(differingAttributes(normal, dataset)).toEqual(['Columns', 'PerFrameFunctionalGroupsSequence', 'PixelData', 'Rows', 'SharedFunctionalGroupsSequence']);
    expect([dataset.Rows, dataset.Columns]).toEqual([256, 256]);
    expect([normal.Rows, normal.Columns]).toEqual([128, 128]);
    expect(Number(dataset.SharedFunctionalGroupsSequence[0].PixelMeasuresSequence[0].PixelSpacing[0])).toBe(500 / 256);
    const masks = frameMasks(dataset);
    for (const segment of truth.segments) {
      expect(segment.frames.reduce((sum, frame) => sum + setCount(masks[frame.frameNumber - 1]), 0)).toBe(segment.voxelCount);
      for (const frame of segment.frames) expect(ctUids.has(frame.referencedSopInstanceUid)).toBe(true);
      expect(segment.volumeMl).toBeCloseTo((segment.voxelCount * (500 / 256) ** 2 * 3) / 1000, 12);
    }
    // On its own grid the tumor is still the sphere, within 3 %.
    const [tumor] = truth.segments;
    expect(Math.abs(tumor.volumeMl / (((4 / 3) * Math.PI * tumorLesion.radiusMm ** 3) / 1000) - 1)).toBeLessThan(0.03);
  });

  it('fractional: 8-bit PROBABILITY frames, 255 where the binary SEG has a bit, 0 elsewhere', () => {
    const { truth, dataset } = written.fractional;
    expect(differingAttributes(normal, dataset)).toEqual(['BitsAllocated', 'BitsStored', 'HighBit', 'MaximumFractionalValue', 'PixelData', 'SegmentationFractionalType', 'SegmentationType']);
    expect([dataset.SegmentationType, dataset.SegmentationFractionalType, dataset.MaximumFractionalValue, dataset.BitsAllocated]).toEqual(['FRACTIONAL', 'PROBABILITY', 255, 8]);
    expect(truth.segmentationType).toBe('FRACTIONAL');
    const bytes = new Uint8Array(dataset.PixelData[0]);
    expect(bytes.every((value) => value === 0 || value === 255)).toBe(true);
    const binary = frameMasks(normal);
    frameMasks(dataset).forEach((mask, frame) => expect(Buffer.from(mask).equals(Buffer.from(binary[frame]))).toBe(true));
  });

  it('overlapping: a third segment that holds every tumor voxel too', () => {
    const { truth, dataset } = written.overlapping;
    // The margin reaches slices the tumor does not: the referenced CT instances grow with it.
    expect(differingAttributes(normal, dataset)).toEqual(['NumberOfFrames', 'PerFrameFunctionalGroupsSequence', 'PixelData', 'ReferencedSeriesSequence', 'SegmentSequence']);
    expect(dataset.SegmentSequence.slice(0, 2)).toEqual(normal.SegmentSequence);
    expect(dataset.SegmentSequence[2]).toMatchObject({ SegmentNumber: 3, SegmentLabel: 'Tumor margin', SegmentAlgorithmType: 'AUTOMATIC' });
    const masks = frameMasks(dataset);
    let shared = 0;
    const [tumor, , margin] = truth.segments;
    for (const frame of tumor.frames) {
      const outer = margin.frames.find((candidate) => candidate.instanceNumber === frame.instanceNumber);
      const [a, b] = [masks[frame.frameNumber - 1], masks[outer.frameNumber - 1]];
      for (let i = 0; i < a.length; i++) shared += a[i] & b[i];
    }
    expect(shared).toBe(tumor.voxelCount);
    expect(truth.overlapVoxelCount).toBe(tumor.voxelCount);
    expect(normalTruth.overlapVoxelCount).toBe(0);
  });

  it('writes the same bytes twice', () => {
    writeSegmentation(fileOf('seg-small-again'), options);
    expect(fs.readFileSync(fileOf('seg-small-again')).equals(fs.readFileSync(fileOf('seg-small')))).toBe(true);
  });

  it('refuses a variant it does not know', () => {
    expect(() => segmentationContent({ ...options, variant: 'upside-down' })).toThrow(/unknown SEG variant/);
  });
});

// ------------------------------------------------------------------ RTSTRUCT

describe('RTSTRUCT on the 512² CT', () => {
  const truth = writeStructureSet(fileOf('rtstruct'), { series: series.rtstruct, ct, lesions: study.petct.lesions });
  const { dataset } = read(fileOf('rtstruct'));

  it('has GTV and Liver, of types GTV and ORGAN, in the CT frame of reference', async () => {
    expect(dataset.SOPClassUID).toBe(SOP_CLASS.rtStructureSet);
    expect(dataset.Modality).toBe('RTSTRUCT');
    expect(dataset.StructureSetROISequence.map((roi) => [roi.ROINumber, roi.ROIName, roi.ReferencedFrameOfReferenceUID]))
      .toEqual([[1, 'GTV', plan.frameOfReferenceUid], [2, 'Liver', plan.frameOfReferenceUid]]);
    expect(dataset.RTROIObservationsSequence.map((item) => [item.ReferencedROINumber, item.RTROIInterpretedType])).toEqual([[1, 'GTV'], [2, 'ORGAN']]);
    expect(dataset.ROIContourSequence.map((item) => item.ROIDisplayColor)).toEqual(truth.rois.map((roi) => roi.displayColor));
    const frame = dataset.ReferencedFrameOfReferenceSequence[0];
    expect(frame.FrameOfReferenceUID).toBe(plan.frameOfReferenceUid);
    const study0 = frame.RTReferencedStudySequence[0];
    expect(study0.ReferencedSOPInstanceUID).toBe(study.studyInstanceUid);
    expect(study0.RTReferencedSeriesSequence[0].SeriesInstanceUID).toBe(plan.ct.seriesInstanceUid);
    const dump = await dcmtkParses('dcmdump', fileOf('rtstruct'), ['+P', '3006,0026', '+P', '3006,00a4']);
    expect(dump).toContain('[GTV]');
    expect(dump).toContain('[ORGAN]');
  });

  it('stores each contour as the truth says: closed planar, on the CT instance of its slice', () => {
    const listed = new Set(dataset.ReferencedFrameOfReferenceSequence[0].RTReferencedStudySequence[0].RTReferencedSeriesSequence[0].ContourImageSequence.map((item) => item.ReferencedSOPInstanceUID));
    truth.rois.forEach((roi, r) => {
      const contours = dataset.ROIContourSequence[r].ContourSequence;
      expect(dataset.ROIContourSequence[r].ReferencedROINumber).toBe(roi.roiNumber);
      expect(contours).toHaveLength(roi.contours.length);
      contours.forEach((item, c) => {
        const contour = roi.contours[c];
        expect(item.ContourGeometricType).toBe('CLOSED_PLANAR');
        expect(item.NumberOfContourPoints).toBe(contour.points.length);
        expect(item.ContourData.map(Number)).toEqual(contour.points.flat());
        const uid = item.ContourImageSequence[0].ReferencedSOPInstanceUID;
        expect(uid).toBe(contour.referencedSopInstanceUid);
        expect(instanceByUid.get(uid).position[2]).toBe(contour.z);
        expect(contour.points.every((point) => point[2] === contour.z)).toBe(true);
        expect(listed.has(uid)).toBe(true);
      });
      // The summary a test reads instead of the contours: one slice, one CT instance, per contour.
      const instanceNumbers = contours.map((item) => instanceByUid.get(item.ContourImageSequence[0].ReferencedSOPInstanceUID).instanceNumber);
      expect(new Set(instanceNumbers).size).toBe(roi.sliceCount);
      expect([roi.firstInstanceNumber, roi.lastInstanceNumber]).toEqual([Math.min(...instanceNumbers), Math.max(...instanceNumbers)]);
    });
    expect(truth.contourImageCount).toBe(listed.size);
  });

  it('outlines the tumor sphere on the 11 slices it crosses, and the liver ellipse', () => {
    const [gtv, liver] = truth.rois;
    expect(gtv.contours.map((contour) => contour.z)).toEqual(plan.zs.filter((z) => Math.abs(z - tumorLesion.center[2]) < tumorLesion.radiusMm));
    expect(gtv.contours).toHaveLength(11);
    for (const contour of gtv.contours) {
      const radius = Math.sqrt(tumorLesion.radiusMm ** 2 - (contour.z - tumorLesion.center[2]) ** 2);
      for (const [x, y] of contour.points) expect(Math.abs(Math.hypot(x - tumorLesion.center[0], y - tumorLesion.center[1]) - radius)).toBeLessThan(1e-5);
    }
    // The phantom's liver: from z = −165 down, centre (−65, 5), full size (80 × 70 mm, 0.2 rad) below z = −195.
    expect(liver.contours[0].z).toBe(-168);
    expect(liver.contours.at(-1).z).toBe(plan.zs.at(-1));
    const full = liver.contours.find((contour) => contour.z === -234);
    for (const [x, y] of full.points) {
      const [dx, dy] = [x + 65, y - 5];
      const [u, v] = [Math.cos(0.2) * dx + Math.sin(0.2) * dy, -Math.sin(0.2) * dx + Math.cos(0.2) * dy];
      expect(Math.abs((u / 80) ** 2 + (v / 70) ** 2 - 1)).toBeLessThan(1e-5);
    }
  });

  it('unknown-instances: the same contours, on instances that exist nowhere', async () => {
    const hostile = writeStructureSet(fileOf('rtstruct-unknown'), { series: series.rtstruct, ct, lesions: study.petct.lesions, variant: 'unknown-instances' });
    const { dataset: other } = read(fileOf('rtstruct-unknown'));
    await dcmtkParses('dcmdump', fileOf('rtstruct-unknown'), ['-q']);
    expect(differingAttributes(dataset, other)).toEqual(['ROIContourSequence', 'ReferencedFrameOfReferenceSequence']);
    expect(hostile.referencesKnownInstances).toBe(false);
    other.ROIContourSequence.forEach((roi, r) => roi.ContourSequence.forEach((item, c) => {
      expect(ctUids.has(item.ContourImageSequence[0].ReferencedSOPInstanceUID)).toBe(false);
      expect(item.ContourData).toEqual(dataset.ROIContourSequence[r].ContourSequence[c].ContourData);
    }));
    const listed = other.ReferencedFrameOfReferenceSequence[0].RTReferencedStudySequence[0].RTReferencedSeriesSequence[0];
    expect(listed.SeriesInstanceUID).toBe(plan.ct.seriesInstanceUid);
    for (const item of listed.ContourImageSequence) expect(ctUids.has(item.ReferencedSOPInstanceUID)).toBe(false);
    expect(() => structureSetContent({ series: series.rtstruct, ct, lesions: study.petct.lesions, variant: 'nope' })).toThrow(/unknown RTSTRUCT variant/);
  });
});

// ------------------------------------------------------------------ AI SR

/** The content items of a container read back, by concept code value. */
const childrenOf = (container) => container.ContentSequence ?? [];
const byConcept = (items, codeValue) => items.filter((entry) => entry.ConceptNameCodeSequence?.[0]?.CodeValue === codeValue);

function measurementGroupOf(dataset) {
  const [measurements] = byConcept(childrenOf(dataset), '126010');
  const [group] = byConcept(childrenOf(measurements), '125007');
  return childrenOf(group);
}

describe('AI report (TID 1500)', () => {
  const segmentation = segmentationContent({ series: series.seg, ct, lesions: study.petct.lesions }).segmentation;
  const { volume, probes } = preparePetCt(study);
  const { pet } = petSeriesContent({ series: plan.pt, petct: study.petct, volume, probes, ctSeries: plan.ct });
  const truth = writeAiReport(fileOf('ai-sr'), { series: series.sr, ct, segmentation, pet });
  const { dataset } = read(fileOf('ai-sr'));
  const group = measurementGroupOf(dataset);
  const node = segmentation.segments.find((segment) => segment.label === 'Lymph node');

  it('is a Comprehensive SR of TID 1500 whose observer is the AI device', async () => {
    expect(dataset.SOPClassUID).toBe(SOP_CLASS.comprehensiveSr);
    expect(dataset.ContentTemplateSequence[0]).toMatchObject({ MappingResource: 'DCMR', TemplateIdentifier: '1500' });
    expect(dataset.ConceptNameCodeSequence[0].CodeValue).toBe('126000');
    const context = Object.fromEntries(childrenOf(dataset).filter((entry) => entry.RelationshipType === 'HAS OBS CONTEXT')
      .map((entry) => [entry.ConceptNameCodeSequence[0].CodeMeaning, entry.TextValue ?? entry.UID ?? entry.ConceptCodeSequence[0].CodeMeaning]));
    expect(context).toEqual({
      'Observer Type': 'Device', 'Device Observer UID': truth.device.deviceObserverUid, 'Device Observer Name': 'NodeFinder',
      'Device Observer Manufacturer': 'Acme Oncology AI', 'Device Observer Model Name': 'NodeFinder PET/CT',
    });
    expect(dataset.Manufacturer).toBe('Acme Oncology AI');
    // dsrdump checks the content tree against the Comprehensive SR IOD's relationship rules.
    const tree = await dcmtkParses('dsrdump', fileOf('ai-sr'));
    expect(tree).toContain('<contains IMAGE:(,,"Referenced Segment")=(SG image,,2)>');
  });

  it('references the Lymph node segment of the SEG and gives its volume and SUVbw max', () => {
    const [finding] = truth.findings;
    const [segmentRef] = byConcept(group, '121191');
    expect(segmentRef.ValueType).toBe('IMAGE');
    expect(segmentRef.ReferencedSOPSequence[0]).toMatchObject({
      ReferencedSOPClassUID: SOP_CLASS.segmentation, ReferencedSOPInstanceUID: segmentation.sopInstanceUid, ReferencedSegmentNumber: 2,
    });
    expect(byConcept(group, '121071')[0].ConceptCodeSequence[0].CodeMeaning).toBe('Lymph node');
    const value = (codeValue) => {
      const [entry] = byConcept(group, codeValue);
      const [measured] = entry.MeasuredValueSequence;
      return { value: Number(measured.NumericValue), unit: measured.MeasurementUnitsCodeSequence[0] };
    };
    const volumeMl = value('118565006');
    expect(volumeMl.value).toBe(finding.volumeMl);
    expect(volumeMl.unit).toMatchObject({ CodeValue: 'ml', CodingSchemeDesignator: 'UCUM' });
    expect(volumeMl.value).toBeCloseTo((node.voxelCount * CT_GRID.spacing ** 2 * 3) / 1000, 6);
    const suv = value('126401');
    expect(suv.unit).toMatchObject({ CodeValue: '{SUVbw}g/ml', CodingSchemeDesignator: 'UCUM' });
    expect(suv.value).toBe(finding.suvbwMax);
    // The PET truth's own numbers: the node's uniform activity × the SUVbw factor, within the 16-bit quantisation.
    expect(Math.abs(suv.value / (nodeLesion.activityBqml * pet.suvbwPerBqml) - 1)).toBeLessThan(1e-4);
    const [derivation] = byConcept(childrenOf(byConcept(group, '126401')[0]), '121401');
    expect(derivation.ConceptCodeSequence[0].CodeMeaning).toBe('Maximum');
    expect(byConcept(group, '111001')[0].TextValue).toBe('NodeFinder lymph node detector');
  });

  it('missing-segment: the finding references a segment number the SEG does not have', async () => {
    const hostile = writeAiReport(fileOf('ai-sr-missing'), { series: series.sr, ct, segmentation, pet, variant: 'missing-segment' });
    const { dataset: other } = read(fileOf('ai-sr-missing'));
    await dcmtkParses('dsrdump', fileOf('ai-sr-missing'));
    expect(differingAttributes(dataset, other)).toEqual(['ContentSequence']);
    const [segmentRef] = byConcept(measurementGroupOf(other), '121191');
    const number = segmentRef.ReferencedSOPSequence[0].ReferencedSegmentNumber;
    expect(number).toBe(3);
    expect(hostile.findings[0].referencedSegmentNumber).toBe(3);
    expect(hostile.referencedSegmentExists).toBe(false);
    const segNumbers = read(fileOf('seg')).dataset.SegmentSequence.map((segment) => segment.SegmentNumber);
    expect(segNumbers).not.toContain(number);
    expect(segmentRef.ReferencedSOPSequence[0].ReferencedSOPInstanceUID).toBe(segmentation.sopInstanceUid);
    expect(() => aiReportContent({ series: series.sr, ct, segmentation, pet, variant: 'nope' })).toThrow(/unknown AI report variant/);
  });
});

describe('the restaging study (smaller lesions)', () => {
  const restaging = PETCT_STUDIES[1];
  const restagingPlan = planPetCt(restaging);
  const restagingCt = ctReference(restagingPlan);
  const restagingSeries = planTumorBoardSeries(restaging);

  it('has both segments, their volumes near the spheres, the GTV on the slices the tumor crosses', () => {
    const { segmentation } = segmentationContent({ series: restagingSeries.seg, ct: restagingCt, lesions: restaging.petct.lesions });
    const [tumor, node] = restaging.petct.lesions;
    expect(segmentation.segments.map((segment) => segment.label)).toEqual(['Tumor', 'Lymph node']);
    expect(segmentation.frameOfReferenceUid).toBe(restagingPlan.frameOfReferenceUid);
    expect(segmentation.segments[1].frames.map((frame) => frame.instanceNumber)).toEqual([35, 36, 37]);
    const sphereMl = ((4 / 3) * Math.PI * tumor.radiusMm ** 3) / 1000;
    expect(Math.abs(segmentation.segments[0].volumeMl / sphereMl - 1)).toBeLessThan(0.03);
    expect(segmentation.segments[1].centerInstanceNumber).toBe(restagingPlan.zs.indexOf(node.center[2]) + 1);
    const { structureSet } = structureSetContent({ series: restagingSeries.rtstruct, ct: restagingCt, lesions: restaging.petct.lesions });
    expect(structureSet.rois[0].contours.map((contour) => contour.z)).toEqual(restagingPlan.zs.filter((z) => Math.abs(z - tumor.center[2]) < tumor.radiusMm));
  });
});
