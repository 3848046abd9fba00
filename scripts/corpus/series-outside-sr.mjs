// A study of its own (person "reports", STUDIES.reportsCt) holds a short CT of the chest phantom
// around the solid nodule and measurements that another program wrote on it: a Comprehensive
// SR of TID 1500 (Measurement Report) by "Acme AI Lab", with one length across the solid nodule
// (TID 1501, an open POLYLINE of 2 points) and one ellipse inside it (TID 1410, an ELLIPSE of 4
// points) with its area and mean attenuation. A viewer that reads results from elsewhere must
// show them where they were drawn, with these values. Written with dcmjs here, from nothing but
// the CT's own files and geometry, so the numbers are independent of any viewer code; the true
// values go into the manifest (series.measurementReport) for tests to assert. Not in alice's
// study: every other test opens her CT and must not meet measurements it did not draw.
import fs from 'node:fs';
import path from 'node:path';
import dcmjs from 'dcmjs';
import { dsValue, SOP_CLASS, writeDicomFile } from './dicom-file.mjs';
import { readImageAttributesInProcess } from './dicom-tools.mjs';
import { STUDIES } from './patients.mjs';
import { CORPUS_DIR, defineSeries, describeSeries, identifyingAttributes, instanceFile } from './series-common.mjs';
import { buildChestCtAround } from './series-ct-mr.mjs';
import { assertValidSr, code, codeItem, container, evidence, imageRef, item, num, scoord, text, TID1500_CONCEPT, UCUM, uidRef } from './sr-content.mjs';
import { deterministicUid } from './uids.mjs';

const REPORTS_CT_SERIES_KEY = 'reports-ct-chest-axial';
export const OUTSIDE_SR_SERIES_KEY = 'reports-ct-outside-sr';
/** Enough slices to scroll through the whole nodule (12 mm across, 1.25 mm apart) and past it. */
const REPORTS_CT_SLICES = 48;

/** Who wrote it: not Longview. The observer is a person of that program's site. */
const PRODUCER = {
  manufacturer: 'Acme AI Lab',
  manufacturerModelName: 'NoduleMeasure',
  softwareVersions: '2.3.1',
  observerName: 'Reader^Other',
  contentDate: STUDIES.reportsCt.studyDate,
  contentTime: '101500',
};

/** The planted feature the measurements are of (phantoms.mjs CHEST_FEATURES). */
const NODULE = 'solid-nodule-right-lung';

/**
 * SCOORD image coordinates (PS3.3 C.18.6.1.1): [column, row] in pixels, the top-left corner of
 * the first pixel being (0, 0) and its centre (0.5, 0.5). The nodule's centre on its central
 * slice is near (148.9, 241.7), its radius 8.6 px (6 mm at 0.7 mm): the line crosses it
 * obliquely from edge to edge; the ellipse (major axis first, then minor, PS3.3 C.18.6.1.2)
 * lies wholly inside it, so its mean is the nodule's and not the lung's.
 */
const LENGTH_POINTS = [[143, 236], [155, 248]];
const ELLIPSE_POINTS = [[143, 242], [155, 242], [149, 238], [149, 246]];

const CONCEPT = {
  ...TID1500_CONCEPT,
  person: code('121006', 'DCM', 'Person'),
  observerName: code('121008', 'DCM', 'Person Observer Name'),
  ctChest: code('169069000', 'SCT', 'CT of chest'),
  nodule: code('27925004', 'SCT', 'Nodule'),
  findingSite: code('363698007', 'SCT', 'Finding Site'),
  rightLung: code('3341006', 'SCT', 'Right lung'),
  imageRegion: code('111030', 'DCM', 'Image Region'),
  length: code('410668003', 'SCT', 'Length'),
  area: code('42798000', 'SCT', 'Area'),
  attenuation: code('112031', 'DCM', 'Attenuation Coefficient'),
  mean: code('373098007', 'SCT', 'Mean'),
};
const UNITS = { mm: UCUM('mm', 'millimeter'), mm2: UCUM('mm2', 'square millimeter'), hu: UCUM("[hnsf'U]", 'Hounsfield unit') };

/** Rescaled values (HU) of a single-frame, signed 16-bit CT file, read back as stored. */
function huOf(file) {
  const bytes = fs.readFileSync(file);
  const { dict } = dcmjs.data.DicomMessage.readFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  const value = (tag) => Number(dict[tag].Value[0]);
  if (value('00280103') !== 1 || value('00280100') !== 16) throw new Error(`${file}: expected signed 16-bit pixels`);
  const stored = new Int16Array(dict['7FE00010'].Value[0]);
  return { columns: value('00280011'), hu: Array.from(stored, (v) => v * value('00281053') + value('00281052')) };
}

/**
 * Area and mean inside the ellipse: the area of the ellipse itself in mm²; the mean over the
 * pixels whose centres lie inside it (or on it), the rule the manifest states beside the value.
 */
function ellipseStatistics(points, pixelSpacing, image) {
  const [[c1, r1], [c2, r2], [c3, r3], [c4, r4]] = points;
  if (r1 !== r2 || c3 !== c4) throw new Error('the ellipse must be axis-aligned (major axis along a row)');
  const centre = [(c1 + c2) / 2, (r3 + r4) / 2];
  const [a, b] = [Math.abs(c2 - c1) / 2, Math.abs(r4 - r3) / 2];
  const [rowSpacing, columnSpacing] = pixelSpacing;
  let sum = 0;
  let pixelCount = 0;
  for (let row = Math.floor(centre[1] - b); row <= Math.ceil(centre[1] + b); row++) {
    for (let column = Math.floor(centre[0] - a); column <= Math.ceil(centre[0] + a); column++) {
      if (((column + 0.5 - centre[0]) / a) ** 2 + ((row + 0.5 - centre[1]) / b) ** 2 > 1) continue;
      sum += image.hu[row * image.columns + column];
      pixelCount += 1;
    }
  }
  return { areaMm2: Math.PI * a * columnSpacing * b * rowSpacing, meanHu: sum / pixelCount, pixelCount };
}

/** Length of a 2-point line in mm: columns scale by the column spacing, rows by the row spacing (PixelSpacing is row\column). */
function lengthMm([[c1, r1], [c2, r2]], [rowSpacing, columnSpacing]) {
  return Math.hypot((c2 - c1) * columnSpacing, (r2 - r1) * rowSpacing);
}

/** Fails the corpus if the phantom moved and the ellipse no longer lies inside the nodule. */
function assertInsideNodule(points, feature, instance, pixelSpacing) {
  const [x0, y0] = instance.imagePositionPatient;
  // Axial (IOP 1\0\0\0\1\0): columns run along +x, rows along +y; a pixel's centre is at +0.5.
  const centre = [(feature.center[0] - x0) / pixelSpacing[1] + 0.5, (feature.center[1] - y0) / pixelSpacing[0] + 0.5];
  for (const [column, row] of points) {
    const mm = Math.hypot((column - centre[0]) * pixelSpacing[1], (row - centre[1]) * pixelSpacing[0]);
    if (mm >= feature.radiusMm) throw new Error(`${OUTSIDE_SR_SERIES_KEY}: point (${column}, ${row}) is ${mm.toFixed(2)} mm from the nodule centre`);
  }
}

/** The study of results from elsewhere: the CT around the nodule, and the SR measuring it. */
export async function buildOutsideReportStudy() {
  const study = STUDIES.reportsCt;
  const ct = await buildChestCtAround(NODULE, {
    key: REPORTS_CT_SERIES_KEY, study, seriesNumber: 2, seriesTime: '100812', frameOfReference: study.key, slices: REPORTS_CT_SLICES,
  });
  return [study, [ct, await buildOutsideMeasurementSr(study, ct)]];
}

/** Writes the SR beside `ctEntry` (the chest CT's manifest entry) and returns its manifest entry. */
async function buildOutsideMeasurementSr(study, ctEntry) {
  const feature = ctEntry.features.find((f) => f.name === NODULE);
  const instance = ctEntry.instances.find((i) => i.instanceNumber === feature.centerInstanceNumber);
  const { pixelSpacing } = ctEntry;
  assertInsideNodule(ELLIPSE_POINTS, feature, instance, pixelSpacing);
  const image = { sopClassUid: SOP_CLASS.ct, sopInstanceUid: instance.sopInstanceUid };
  const ellipse = ellipseStatistics(ELLIPSE_POINTS, pixelSpacing, huOf(path.join(CORPUS_DIR, instance.file)));

  const lengthGroup = {
    trackingIdentifier: 'Nodule 1 long axis', trackingUid: deterministicUid(`tracking/${OUTSIDE_SR_SERIES_KEY}/1`),
    template: 'TID 1501', graphicType: 'POLYLINE', points: LENGTH_POINTS,
    values: [{ concept: CONCEPT.length, value: dsValue(lengthMm(LENGTH_POINTS, pixelSpacing)), unit: 'mm' }],
  };
  const ellipseGroup = {
    trackingIdentifier: 'Nodule 1 region', trackingUid: deterministicUid(`tracking/${OUTSIDE_SR_SERIES_KEY}/2`),
    template: 'TID 1410', graphicType: 'ELLIPSE', points: ELLIPSE_POINTS,
    values: [
      { concept: CONCEPT.area, value: dsValue(ellipse.areaMm2), unit: 'mm2' },
      {
        concept: CONCEPT.attenuation, derivation: CONCEPT.mean, value: dsValue(ellipse.meanHu), unit: "[hnsf'U]",
        pixelCount: ellipse.pixelCount, pixelRule: 'pixels whose centre lies inside or on the ellipse',
      },
    ],
  };

  const findingOf = (group) => [
    text('HAS OBS CONTEXT', CONCEPT.trackingIdentifier, group.trackingIdentifier),
    uidRef('HAS OBS CONTEXT', CONCEPT.trackingUid, group.trackingUid),
    codeItem('CONTAINS', CONCEPT.finding, CONCEPT.nodule),
    codeItem('HAS CONCEPT MOD', CONCEPT.findingSite, CONCEPT.rightLung),
  ];
  const [length] = lengthGroup.values;
  const [area, mean] = ellipseGroup.values;
  const content = [
    codeItem('HAS CONCEPT MOD', CONCEPT.language, CONCEPT.english),
    codeItem('HAS OBS CONTEXT', CONCEPT.observerType, CONCEPT.person),
    item('HAS OBS CONTEXT', 'PNAME', CONCEPT.observerName, { PersonName: PRODUCER.observerName }),
    codeItem('HAS CONCEPT MOD', CONCEPT.procedureReported, CONCEPT.ctChest),
    container('CONTAINS', CONCEPT.imageLibrary, [container('CONTAINS', CONCEPT.imageLibraryGroup, [imageRef('CONTAINS', null, image)])]),
    container('CONTAINS', CONCEPT.imagingMeasurements, [
      // TID 1501: the length is inferred from the line drawn on the image.
      container('CONTAINS', CONCEPT.measurementGroup, [
        ...findingOf(lengthGroup),
        num('CONTAINS', CONCEPT.length, length.value, UNITS.mm, [scoord('INFERRED FROM', null, 'POLYLINE', LENGTH_POINTS, image)]),
      ]),
      // TID 1410: the region, then what was measured in it; the mean is a derivation (TID 1419).
      container('CONTAINS', CONCEPT.measurementGroup, [
        ...findingOf(ellipseGroup),
        scoord('CONTAINS', CONCEPT.imageRegion, 'ELLIPSE', ELLIPSE_POINTS, image),
        num('CONTAINS', CONCEPT.area, area.value, UNITS.mm2),
        num('CONTAINS', CONCEPT.attenuation, mean.value, UNITS.hu, [codeItem('HAS CONCEPT MOD', CONCEPT.derivation, CONCEPT.mean)]),
      ]),
    ]),
  ];

  const series = defineSeries({
    key: OUTSIDE_SR_SERIES_KEY, study, seriesNumber: 100, description: 'AI NODULE MEASUREMENTS', modality: 'SR', sopClassUid: SOP_CLASS.comprehensiveSr,
    bodyPart: 'CHEST', seriesTime: PRODUCER.contentTime,
  });
  const attributes = {
    ...identifyingAttributes(series, 1),
    Manufacturer: PRODUCER.manufacturer,
    ManufacturerModelName: PRODUCER.manufacturerModelName,
    SoftwareVersions: PRODUCER.softwareVersions,
    ContentDate: PRODUCER.contentDate,
    ContentTime: PRODUCER.contentTime,
    // SR Document Series and General modules (PS3.3 C.17.1, C.17.2): a program's draft, unverified.
    ReferencedPerformedProcedureStepSequence: [],
    CompletionFlag: 'COMPLETE',
    VerificationFlag: 'UNVERIFIED',
    PerformedProcedureCodeSequence: [],
    CurrentRequestedProcedureEvidenceSequence: evidence(study, ctEntry, [image]),
    ValueType: 'CONTAINER',
    ContinuityOfContent: 'SEPARATE',
    ConceptNameCodeSequence: [CONCEPT.report],
    ContentTemplateSequence: [{ MappingResource: 'DCMR', TemplateIdentifier: '1500' }],
    ContentSequence: content,
  };
  const file = instanceFile(series.key, 1);
  writeDicomFile(file.absolute, { attributes });
  await assertValidSr(file.relative);

  series.extra = {
    measurementReport: {
      producer: PRODUCER,
      sopInstanceUid: attributes.SOPInstanceUID,
      template: 'TID 1500',
      coordinates: 'SCOORD image coordinates: [column, row] in pixels, (0, 0) the top-left corner of the first pixel (PS3.3 C.18.6.1.1)',
      referencedImage: { seriesKey: ctEntry.key, seriesInstanceUid: ctEntry.seriesInstanceUid, sopInstanceUid: image.sopInstanceUid, sopClassUid: image.sopClassUid, instanceNumber: instance.instanceNumber },
      pixelSpacing,
      groups: [lengthGroup, ellipseGroup],
    },
  };
  const entry = { sopInstanceUid: attributes.SOPInstanceUID, instanceNumber: 1, file: file.relative, imagePositionPatient: null };
  return describeSeries(series, [entry], { encoding: { method: 'dcmjs (as generated)' }, readAttributes: readImageAttributesInProcess });
}
