// The AI's result on carol's PET/CT (issue 27): a Comprehensive SR of TID 1500 (Measurement
// Report) by the device that found the lymph node (series-segmentation.mjs AI_DEVICE), with
// one TID 1411 measurement group whose finding references the SEG's "Lymph node" segment and
// gives its volume (the segment's voxels × the CT voxel volume) and SUVbw max (the PET truth's,
// petct-truth.mjs). Also the hostile variant whose finding references a segment number the SEG
// does not have. Pure but for writeAiReport.
import { dsValue, SOP_CLASS, writeDicomFile } from './dicom-file.mjs';
import { identifyingAttributes } from './series-common.mjs';
import { AI_DEVICE } from './series-segmentation.mjs';
import { code, codeItem, container, evidence, imageRef, item, num, text, TID1500_CONCEPT, UCUM, uidRef } from './sr-content.mjs';
import { deterministicUid } from './uids.mjs';

/** The hostile report of issue 27's bad-input list; null is the tumor board's own. */
export const AI_REPORT_VARIANTS = ['missing-segment'];
/** The segment the AI reports on. */
const REPORTED_SEGMENT = 'Lymph node';

const CONCEPT = {
  ...TID1500_CONCEPT,
  device: code('121007', 'DCM', 'Device'),
  deviceObserverUid: code('121012', 'DCM', 'Device Observer UID'),
  deviceObserverName: code('121013', 'DCM', 'Device Observer Name'),
  deviceObserverManufacturer: code('121014', 'DCM', 'Device Observer Manufacturer'),
  deviceObserverModelName: code('121015', 'DCM', 'Device Observer Model Name'),
  petWholeBody: code('44139-4', 'LN', 'PET whole body'),
  referencedSegment: code('121191', 'DCM', 'Referenced Segment'),
  sourceSeries: code('121232', 'DCM', 'Source series for segmentation'),
  algorithmName: code('111001', 'DCM', 'Algorithm Name'),
  algorithmVersion: code('111003', 'DCM', 'Algorithm Version'),
  volume: code('118565006', 'SCT', 'Volume'),
  suvbw: code('126401', 'DCM', 'SUVbw'),
  maximum: code('56851009', 'SCT', 'Maximum'),
};
const UNITS = { ml: UCUM('ml', 'milliliter'), suvbw: UCUM('{SUVbw}g/ml', 'Standardized Uptake Value body weight') };

/** TID 1002/1004: the observer is the device, named as in the SEG's equipment. */
const deviceObserverContext = () => [
  codeItem('HAS OBS CONTEXT', CONCEPT.observerType, CONCEPT.device),
  uidRef('HAS OBS CONTEXT', CONCEPT.deviceObserverUid, AI_DEVICE.deviceObserverUid),
  text('HAS OBS CONTEXT', CONCEPT.deviceObserverName, AI_DEVICE.name),
  text('HAS OBS CONTEXT', CONCEPT.deviceObserverManufacturer, AI_DEVICE.manufacturer),
  text('HAS OBS CONTEXT', CONCEPT.deviceObserverModelName, AI_DEVICE.manufacturerModelName),
];

/** TID 1411: the finding, its segment (an IMAGE item whose reference carries the segment number), the algorithm and the values. */
function measurementGroup(finding, segmentation) {
  const referencedSegment = item('CONTAINS', 'IMAGE', CONCEPT.referencedSegment, {
    ReferencedSOPSequence: [{
      ReferencedSOPClassUID: SOP_CLASS.segmentation, ReferencedSOPInstanceUID: segmentation.sopInstanceUid, ReferencedSegmentNumber: finding.referencedSegmentNumber,
    }],
  });
  return container('CONTAINS', CONCEPT.measurementGroup, [
    text('HAS OBS CONTEXT', CONCEPT.trackingIdentifier, finding.trackingIdentifier),
    uidRef('HAS OBS CONTEXT', CONCEPT.trackingUid, finding.trackingUid),
    codeItem('CONTAINS', CONCEPT.finding, finding.finding),
    referencedSegment,
    uidRef('CONTAINS', CONCEPT.sourceSeries, segmentation.referencedSeriesInstanceUid),
    // TID 4019 Algorithm Identification.
    text('HAS CONCEPT MOD', CONCEPT.algorithmName, finding.algorithmName),
    text('HAS CONCEPT MOD', CONCEPT.algorithmVersion, finding.algorithmVersion),
    num('CONTAINS', CONCEPT.volume, finding.volumeMl, UNITS.ml),
    num('CONTAINS', CONCEPT.suvbw, finding.suvbwMax, UNITS.suvbw, [codeItem('HAS CONCEPT MOD', CONCEPT.derivation, CONCEPT.maximum)]),
  ]);
}

/**
 * The SR's attributes and truth, without writing. `segmentation` is the SEG's truth
 * (series-segmentation.mjs segmentationContent) the finding references; `pet` is the PET
 * series' truth (petct-truth.mjs petTruth, the manifest's `series.pet`) whose lesion of the
 * segment's name gives SUVbw max; `ct` from ctReference. The truth (`aiReport`) is what the
 * manifest will hold.
 */
export function aiReportContent({ series, ct, segmentation, pet, variant = null }) {
  if (variant !== null && !AI_REPORT_VARIANTS.includes(variant)) throw new Error(`unknown AI report variant "${variant}"`);
  const segment = segmentation.segments.find((candidate) => candidate.label === REPORTED_SEGMENT);
  if (!segment) throw new Error(`the SEG has no "${REPORTED_SEGMENT}" segment`);
  const lesion = pet.lesions.find((candidate) => candidate.name === REPORTED_SEGMENT);
  if (lesion?.suvbwMax == null) throw new Error(`the PET truth has no SUVbw max for "${REPORTED_SEGMENT}"`);
  const missingSegmentNumber = Math.max(...segmentation.segments.map((candidate) => candidate.segmentNumber)) + 1;

  const finding = {
    trackingIdentifier: `${REPORTED_SEGMENT} 1`,
    trackingUid: deterministicUid(`tracking/${series.key}/1`),
    finding: segment.type,
    referencedSegmentNumber: variant === 'missing-segment' ? missingSegmentNumber : segment.segmentNumber,
    segmentLabel: segment.label,
    algorithmName: AI_DEVICE.algorithmName,
    algorithmVersion: AI_DEVICE.softwareVersions,
    volumeMl: dsValue(segment.volumeMl),
    volumeUnit: UNITS.ml.CodeValue,
    suvbwMax: dsValue(lesion.suvbwMax),
    suvbwUnit: UNITS.suvbw.CodeValue,
  };
  // The CT images of the segment: the report's evidence and image library.
  const images = segment.frames.map((frame) => ({ sopClassUid: ct.sopClassUid, sopInstanceUid: frame.referencedSopInstanceUid }));
  const segReference = { sopClassUid: SOP_CLASS.segmentation, sopInstanceUid: segmentation.sopInstanceUid };

  const attributes = {
    ...identifyingAttributes(series, 1),
    Manufacturer: AI_DEVICE.manufacturer,
    ManufacturerModelName: AI_DEVICE.manufacturerModelName,
    SoftwareVersions: AI_DEVICE.softwareVersions,
    DeviceSerialNumber: AI_DEVICE.deviceSerialNumber,
    // SR Document modules (PS3.3 C.17.1, C.17.2): a program's result, unverified.
    ReferencedPerformedProcedureStepSequence: [],
    CompletionFlag: 'COMPLETE',
    VerificationFlag: 'UNVERIFIED',
    PerformedProcedureCodeSequence: [],
    CurrentRequestedProcedureEvidenceSequence: evidence(ct.study, { seriesInstanceUid: segmentation.referencedSeriesInstanceUid }, images),
    // The SEG is in the report's own study, which is the CT's unless an AI stored its results apart.
    PertinentOtherEvidenceSequence: evidence(series.study, { seriesInstanceUid: segmentation.seriesInstanceUid }, [segReference]),
    ValueType: 'CONTAINER',
    ContinuityOfContent: 'SEPARATE',
    ConceptNameCodeSequence: [CONCEPT.report],
    ContentTemplateSequence: [{ MappingResource: 'DCMR', TemplateIdentifier: '1500' }],
    ContentSequence: [
      codeItem('HAS CONCEPT MOD', CONCEPT.language, CONCEPT.english),
      ...deviceObserverContext(),
      codeItem('HAS CONCEPT MOD', CONCEPT.procedureReported, CONCEPT.petWholeBody),
      container('CONTAINS', CONCEPT.imageLibrary, [container('CONTAINS', CONCEPT.imageLibraryGroup, images.map((image) => imageRef('CONTAINS', null, image)))]),
      container('CONTAINS', CONCEPT.imagingMeasurements, [measurementGroup(finding, segmentation)]),
    ],
  };

  const aiReport = {
    variant,
    sopInstanceUid: attributes.SOPInstanceUID,
    sopClassUid: SOP_CLASS.comprehensiveSr,
    template: 'TID 1500',
    device: AI_DEVICE,
    segmentationSopInstanceUid: segmentation.sopInstanceUid,
    referencedStudyInstanceUid: ct.study.studyInstanceUid,
    referencedSegmentExists: segmentation.segments.some((candidate) => candidate.segmentNumber === finding.referencedSegmentNumber),
    suvSource: `PET truth lesion "${REPORTED_SEGMENT}" suvbwMax (PET voxels inside its sphere)`,
    findings: [finding],
  };
  return { attributes, aiReport };
}

/** Writes the SR to `file` (absolute path) and returns its truth (aiReportContent). */
export function writeAiReport(file, options) {
  const { attributes, aiReport } = aiReportContent(options);
  writeDicomFile(file, { attributes });
  return aiReport;
}
