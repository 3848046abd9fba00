// Writes the one-series studies of the timeline patients (patients-timeline.mjs,
// patients-large.mjs): small images of every modality the timeline shows, and PDF reports.
// dcmjs writes each instance in process; only a series whose `encoding` asks for a real
// codec goes through a dcmtk encoder, so the 160 one-instance studies of "large" spawn no
// process at all.
import { SOP_CLASS, writeDicomFile } from './dicom-file.mjs';
import { readImageAttributesInProcess, runWithConcurrency, transcode } from './dicom-tools.mjs';
import { onePagePdf } from './pdf.mjs';
import { defineSeries, describeSeries, identifyingAttributes, instanceFile, sourceFile } from './series-common.mjs';
import { colourScene, grayscaleScene } from './timeline-images.mjs';
import { deterministicUid, frameOfReferenceUid } from './uids.mjs';

const ENCODERS = {
  native: null,
  rle: { tool: 'dcmcrle', args: [] },
  'jpegls-lossless': { tool: 'dcmcjpls', args: ['+el'] },
  'jpeg-lossless': { tool: 'dcmcjpeg', args: ['+e1'] },
  // +un keeps our deterministic SOP Instance UID on a lossy encode.
  'jpeg-baseline': { tool: 'dcmcjpeg', args: ['+eb', '+q', '90', '+un'] },
};

const AXIAL = [1, 0, 0, 0, 1, 0];
const SLICE_GAP_MM = 5;
const FIELD_OF_VIEW_MM = { HEAD: 240, KNEE: 180 };
const DEFAULT_FIELD_OF_VIEW_MM = 360;

// ------------------------------------------------------------ pixel modules

const grayscale = (bitsAllocated, bitsStored, signed) => ({
  SamplesPerPixel: 1, PhotometricInterpretation: 'MONOCHROME2',
  BitsAllocated: bitsAllocated, BitsStored: bitsStored, HighBit: bitsStored - 1, PixelRepresentation: signed ? 1 : 0,
});

/** Stored pixels and Image Pixel / LUT attributes from a 0..1 scene, per pixel format. */
const PIXEL_FORMATS = {
  // HU = stored − 1024: air −1024, soft tissue ~40, bone ~976.
  ct: (values) => ({
    ...grayscale(16, 16, true), RescaleIntercept: -1024, RescaleSlope: 1, RescaleType: 'HU', WindowCenter: 40, WindowWidth: 400,
    PixelData: { vr: 'OW', value: Int16Array.from(values, (v) => Math.round(v * 2000)) },
  }),
  mr: (values) => ({ ...grayscale(16, 16, false), WindowCenter: 500, WindowWidth: 1000, PixelData: { vr: 'OW', value: Uint16Array.from(values, (v) => Math.round(v * 1000)) } }),
  xray12: (values) => ({ ...grayscale(16, 12, false), WindowCenter: 2048, WindowWidth: 4096, PixelData: { vr: 'OW', value: Uint16Array.from(values, (v) => Math.round(v * 4095)) } }),
  gray8: (values) => ({ ...grayscale(8, 8, false), PixelData: { vr: 'OB', value: Uint8Array.from(values, (v) => Math.round(v * 255)) } }),
  // Angiography shows contrast-filled (dense) structures dark.
  gray8Inverted: (values) => ({ ...grayscale(8, 8, false), PixelData: { vr: 'OB', value: Uint8Array.from(values, (v) => 255 - Math.round(v * 255)) } }),
  rgb: (rgb) => ({
    SamplesPerPixel: 3, PhotometricInterpretation: 'RGB', PlanarConfiguration: 0,
    BitsAllocated: 8, BitsStored: 8, HighBit: 7, PixelRepresentation: 0, PixelData: { vr: 'OB', value: rgb },
  }),
};

// ------------------------------------------------------------ kinds (one per modality)

/** Cross-sectional geometry of slice n: axial, stacked downwards, centred on the isocentre. */
function axialPlane(series, spec, n) {
  const size = spec.size ?? 64;
  const spacing = (FIELD_OF_VIEW_MM[spec.bodyPart] ?? DEFAULT_FIELD_OF_VIEW_MM) / size;
  const origin = -((size - 1) * spacing) / 2;
  const z = -(n - 1) * SLICE_GAP_MM;
  return {
    FrameOfReferenceUID: frameOfReferenceUid(series.key), PositionReferenceIndicator: '',
    ImagePositionPatient: [origin, origin, z], ImageOrientationPatient: AXIAL, SliceLocation: z,
    PixelSpacing: [spacing, spacing], SliceThickness: SLICE_GAP_MM, SpacingBetweenSlices: SLICE_GAP_MM,
  };
}

/** Visible Light modules (PS3.3 C.8.12): acquisition time, empty acquisition context. */
const visibleLight = (series) => ({
  ImageType: ['ORIGINAL', 'PRIMARY'], AcquisitionDateTime: `${series.study.studyDate}${series.seriesTime}`,
  AcquisitionContextSequence: [], BurnedInAnnotation: 'NO', LossyImageCompression: '00',
});

const code = (CodeValue, CodingSchemeDesignator, CodeMeaning) => ({ CodeValue, CodingSchemeDesignator, CodeMeaning });

const KINDS = {
  CT: { sopClassUid: SOP_CLASS.ct, format: 'ct', attributes: (series, spec, n) => ({ ImageType: ['ORIGINAL', 'PRIMARY', 'AXIAL'], KVP: 120, AcquisitionNumber: 1, ...axialPlane(series, spec, n) }) },
  MR: {
    sopClassUid: SOP_CLASS.mr, format: 'mr',
    attributes: (series, spec, n) => ({
      ImageType: ['ORIGINAL', 'PRIMARY', 'M', 'ND'], ScanningSequence: 'SE', SequenceVariant: 'NONE', ScanOptions: '', MRAcquisitionType: '2D',
      RepetitionTime: 3000, EchoTime: 90, EchoTrainLength: 12, MagneticFieldStrength: 1.5, ImagedNucleus: '1H', AcquisitionNumber: 1, ...axialPlane(series, spec, n),
    }),
  },
  CR: { sopClassUid: SOP_CLASS.cr, format: 'xray12', attributes: (_series, _spec, n) => ({ ImageType: ['ORIGINAL', 'PRIMARY'], ViewPosition: n === 1 ? 'PA' : 'LL', PatientOrientation: n === 1 ? ['L', 'F'] : ['A', 'F'] }) },
  DX: {
    sopClassUid: SOP_CLASS.dxForPresentation, format: 'xray12',
    attributes: () => ({
      ImageType: ['ORIGINAL', 'PRIMARY'], PresentationIntentType: 'FOR PRESENTATION', PixelIntensityRelationship: 'LOG', PixelIntensityRelationshipSign: 1,
      PresentationLUTShape: 'IDENTITY', BurnedInAnnotation: 'NO', DetectorType: 'DIRECT', ImagerPixelSpacing: [0.5, 0.5], ViewPosition: 'PA', PatientOrientation: ['L', 'F'],
    }),
  },
  US: { sopClassUid: SOP_CLASS.us, format: 'gray8', attributes: (_series, spec) => ({ ImageType: ['ORIGINAL', 'PRIMARY', spec.bodyPart === 'HEART' ? 'CARDIAC' : 'ABDOMINAL'] }) },
  XA: { sopClassUid: SOP_CLASS.xa, format: 'gray8Inverted', attributes: () => ({ ImageType: ['ORIGINAL', 'PRIMARY', 'SINGLE PLANE'], KVP: 80 }) },
  SM: {
    sopClassUid: SOP_CLASS.vlMicroscopic, format: 'rgb', scene: 'microscopy',
    attributes: (series) => ({
      ...visibleLight(series),
      // Specimen module: which slide this is.
      ContainerIdentifier: `${series.study.accessionNumber}-A1`, IssuerOfTheContainerIdentifierSequence: [], ContainerTypeCodeSequence: [],
      SpecimenDescriptionSequence: [{ SpecimenIdentifier: `${series.study.accessionNumber}-A`, SpecimenUID: deterministicUid(`specimen/${series.key}`) }],
    }),
  },
  XC: { sopClassUid: SOP_CLASS.vlPhotographic, format: 'rgb', scene: 'skin', attributes: (series) => visibleLight(series) },
  OP: {
    sopClassUid: SOP_CLASS.ophthalmicPhotography8Bit, format: 'rgb', scene: 'fundus',
    attributes: (series, spec) => ({
      ...visibleLight(series), Laterality: spec.laterality, ImageLaterality: spec.laterality,
      AnatomicRegionSequence: [code('81745001', 'SCT', 'Eye')],
      // Ophthalmic Photography Acquisition Parameters: type 2, may be empty.
      PatientEyeMovementCommanded: 'NO', HorizontalFieldOfView: 45, PupilDilated: 'YES', EmmetropicMagnification: '', IntraOcularPressure: '',
    }),
  },
  ES: { sopClassUid: SOP_CLASS.vlEndoscopic, format: 'rgb', scene: 'endoscopy', attributes: (series) => visibleLight(series) },
  DOC: { sopClassUid: SOP_CLASS.encapsulatedPdf, document: true, attributes: (series) => reportAttributes(series) },
};

/** Encapsulated Document module (PS3.3 C.24.2) holding a short synthetic PDF report. */
function reportAttributes(series) {
  const { study } = series;
  const date = study.studyDate.replace(/^(\d{4})(\d{2})(\d{2})$/, '$1-$2-$3');
  const pdf = onePagePdf('SURGICAL PATHOLOGY REPORT', [
    'SYNTHETIC TEST DOCUMENT - NOT A REAL PATIENT',
    `Patient ID: ${study.patient.patientId}    Accession: ${study.accessionNumber}    Date: ${date}`,
    `Specimen: ${series.bodyPart.toLowerCase()}, core biopsy`,
    'Diagnosis: benign tissue, no malignancy (synthetic text)',
    'Longview synthetic demo corpus',
  ]);
  return {
    ConversionType: 'WSD', BurnedInAnnotation: 'YES', DocumentTitle: 'Surgical pathology report',
    ConceptNameCodeSequence: [code('11526-1', 'LN', 'Pathology study')],
    AcquisitionDateTime: `${study.studyDate}${series.seriesTime}`,
    MIMETypeOfEncapsulatedDocument: 'application/pdf',
    EncapsulatedDocument: { vr: 'OB', value: new Uint8Array(pdf) },
    EncapsulatedDocumentLength: pdf.length,
  };
}

// ------------------------------------------------------------ writing

function pixelAttributes(series, spec, kind, n) {
  const size = spec.size ?? 64;
  const seed = `${series.key}/${n}`;
  const values = kind.scene
    ? colourScene(kind.scene, { size, seed, laterality: spec.laterality })
    : grayscaleScene(spec.bodyPart, { size, seed, slice: spec.count > 1 ? (n - 1) / (spec.count - 1) : 0 });
  return { Rows: size, Columns: size, ...PIXEL_FORMATS[kind.format](values) };
}

function timelineSeries(study) {
  const spec = study.series;
  const kind = KINDS[spec.kind];
  if (!kind) throw new Error(`${study.key}: no writer for modality ${spec.kind}`);
  const extra = { ...(spec.laterality ? { laterality: spec.laterality } : {}), ...(kind.document ? { mimeType: 'application/pdf' } : {}) };
  return {
    spec, kind,
    series: defineSeries({ key: study.key, study, seriesNumber: 1, description: spec.description, modality: spec.kind, sopClassUid: kind.sopClassUid, bodyPart: spec.bodyPart, extra }),
  };
}

async function buildOneSeries(study) {
  const { spec, kind, series } = timelineSeries(study);
  if (!(spec.encoding in ENCODERS)) throw new Error(`${study.key}: unknown encoding ${spec.encoding}`);
  const encoder = ENCODERS[spec.encoding];
  const instances = [];
  for (let n = 1; n <= spec.count; n++) {
    const attributes = {
      ...identifyingAttributes(series, n),
      ...kind.attributes(series, spec, n),
      ...(kind.document ? {} : pixelAttributes(series, spec, kind, n)),
    };
    const file = instanceFile(series.key, n);
    if (encoder) {
      const source = sourceFile(series.key, n);
      writeDicomFile(source, { attributes });
      await transcode(encoder, source, file.absolute);
    } else {
      writeDicomFile(file.absolute, { attributes });
    }
    instances.push({ sopInstanceUid: attributes.SOPInstanceUID, instanceNumber: n, file: file.relative, imagePositionPatient: attributes.ImagePositionPatient ?? null });
  }
  const plane = instances[0].imagePositionPatient ? axialPlane(series, spec, 1) : null;
  return describeSeries(series, instances, {
    geometry: plane ? { imageOrientationPatient: AXIAL, pixelSpacing: plane.PixelSpacing, sliceThickness: SLICE_GAP_MM } : {},
    encoding: { method: encoder ? `${encoder.tool} ${encoder.args.join(' ')}`.trim() : 'dcmjs (uncompressed, as generated)' },
    readAttributes: readImageAttributesInProcess,
  });
}

/** Writes every study's series; returns [study, [seriesEntry]] pairs in the order given. */
export async function buildTimelineSeries(studies) {
  // Two at a time: the encoded series spend their time in dcmtk, and the machine has 2 cores.
  const entries = await runWithConcurrency(studies.map((study) => () => buildOneSeries(study)), 2);
  return studies.map((study, index) => [study, [entries[index]]]);
}
