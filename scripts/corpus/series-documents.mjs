// dana's documents and waveforms (issue 5): a CT chest with its Comprehensive SR report and a
// Key Object Selection of two of its images (radiology), an outside report as Encapsulated PDF
// made by dcmtk's pdf2dcm (radiology), and a resting 12-lead ECG (cardiology). Every text and
// value a test checks is written into the manifest beside the series, so tests read it from
// there rather than repeating it.
import fs from 'node:fs';
import path from 'node:path';
import { SOP_CLASS, writeDicomFile } from './dicom-file.mjs';
import { readImageAttributesInProcess, runTool } from './dicom-tools.mjs';
import { ECG_LEADS, ECG_RECORDING, ecgSamples, rPeakMv } from './ecg-signal.mjs';
import { defineContentStudy } from './patients-content.mjs';
import { multiPagePdf } from './pdf.mjs';
import { defineSeries, describeSeries, identifyingAttributes, instanceFile, WORK_DIR } from './series-common.mjs';
import { buildTimelineSeries } from './series-timeline.mjs';
import { assertValidSr, code, container, evidence, imageRef, item, num, text, UCUM } from './sr-content.mjs';

const DOCUMENT_SOP = {
  comprehensiveSr: '1.2.840.10008.5.1.4.1.1.88.33',
  keyObjectSelection: '1.2.840.10008.5.1.4.1.1.88.59',
  twelveLeadEcg: '1.2.840.10008.5.1.4.1.1.9.1.1',
};

export const DOCUMENT_STUDIES = {
  ctReport: defineContentStudy({
    archive: 'radiology', block: 'documents', date: '20250610', time: '091500', description: 'CT CHEST WITH REPORT', specialty: 'radiology',
  }),
  outsideReport: defineContentStudy({
    archive: 'radiology', block: 'documents', date: '20250612', time: '140000', description: 'OUTSIDE REPORT (PDF)', specialty: 'documents',
  }),
  restingEcg: defineContentStudy({
    archive: 'cardiology', block: 'documents', date: '20250615', time: '083000', description: 'RESTING 12-LEAD ECG', specialty: 'cardiology',
  }),
};

/** SR Document General module (PS3.3 C.17.2) of a verified, complete document. */
const documentGeneral = (study, time) => ({
  CompletionFlag: 'COMPLETE',
  VerificationFlag: 'VERIFIED',
  VerifyingObserverSequence: [{
    VerifyingObserverName: 'RADIOLOGIST^RITA', VerificationDateTime: `${study.studyDate}${time}`,
    VerifyingOrganization: 'Longview Synthetic Hospital', VerifyingObserverIdentificationCodeSequence: [],
  }],
  PerformedProcedureCodeSequence: [],
  // SR Document Series module, type 2.
  ReferencedPerformedProcedureStepSequence: [],
});

// The report a test reads back: every text and number here must appear in the viewer.
const REPORT = {
  title: 'CT chest report',
  history: 'Persistent cough for six weeks. Former smoker.',
  findings: ['Solid nodule in the right upper lobe.', 'No pleural effusion. No mediastinal lymphadenopathy.'],
  nodule: { label: 'Nodule 1', diameterMm: 12, volumeMm3: 905, attenuationHu: 35 },
  impression: 'Right upper lobe nodule of 12 mm. Follow-up CT in 3 months recommended.',
  followUpDate: '20250910',
};

function ctReportContent(ctImages) {
  const { nodule } = REPORT;
  return [
    item('HAS OBS CONTEXT', 'PNAME', code('121008', 'DCM', 'Person Observer Name'), { PersonName: 'RADIOLOGIST^RITA' }),
    container('CONTAINS', code('121060', 'DCM', 'History'), [text('CONTAINS', code('121060', 'DCM', 'History'), REPORT.history)]),
    container('CONTAINS', code('121070', 'DCM', 'Findings'), [
      text('CONTAINS', code('121071', 'DCM', 'Finding'), REPORT.findings[0]),
      container('CONTAINS', code('125007', 'DCM', 'Measurement Group'), [
        text('HAS OBS CONTEXT', code('112039', 'DCM', 'Tracking Identifier'), nodule.label),
        item('HAS CONCEPT MOD', 'CODE', code('363698007', 'SCT', 'Finding Site'), { ConceptCodeSequence: [code('45653009', 'SCT', 'Upper lobe of right lung')] }),
        num('CONTAINS', code('81827009', 'SCT', 'Diameter'), nodule.diameterMm, UCUM('mm', 'millimeter'), [
          item('INFERRED FROM', 'SCOORD', null, {
            GraphicType: 'POLYLINE', GraphicData: [20, 30, 32, 30],
            ContentSequence: [imageRef('SELECTED FROM', null, ctImages[1])],
          }),
        ]),
        num('CONTAINS', code('118565006', 'SCT', 'Volume'), nodule.volumeMm3, UCUM('mm3', 'cubic millimeter')),
        num('CONTAINS', code('112031', 'DCM', 'Attenuation Coefficient'), nodule.attenuationHu, UCUM('[hnsf\'U]', 'Hounsfield unit')),
        imageRef('CONTAINS', code('121112', 'DCM', 'Source of Measurement'), ctImages[0]),
      ]),
      text('CONTAINS', code('121071', 'DCM', 'Finding'), REPORT.findings[1]),
    ]),
    container('CONTAINS', code('121072', 'DCM', 'Impressions'), [
      text('CONTAINS', code('121073', 'DCM', 'Impression'), REPORT.impression),
      item('CONTAINS', 'DATE', code('FU-DATE', '99LONGVIEW', 'Recommended follow-up date'), { Date: REPORT.followUpDate }),
    ]),
  ];
}

const KEY_OBJECTS = { title: 'Of Interest', description: 'Nodule: first and last image' };

function writeInstance(series, n, extraAttributes) {
  const attributes = { ...identifyingAttributes(series, n), ...extraAttributes };
  const file = instanceFile(series.key, n);
  writeDicomFile(file.absolute, { attributes });
  return { sopInstanceUid: attributes.SOPInstanceUID, instanceNumber: n, file: file.relative, imagePositionPatient: null };
}

async function buildCtWithReport() {
  const study = DOCUMENT_STUDIES.ctReport;
  // The images the report and the key objects point at: three slices of a small chest CT.
  const [[, [ctEntry]]] = await buildTimelineSeries([{ ...study, series: { kind: 'CT', bodyPart: 'CHEST', description: 'AXIAL 5MM', count: 3, encoding: 'native' } }]);
  const ctImages = ctEntry.instances.map(({ sopInstanceUid, instanceNumber }) => ({ sopClassUid: SOP_CLASS.ct, sopInstanceUid, instanceNumber }));
  const ctSeries = { seriesInstanceUid: ctEntry.seriesInstanceUid };

  const sr = defineSeries({
    key: 'dana-ct-report-sr', study, seriesNumber: 2, description: 'CT CHEST REPORT', modality: 'SR', sopClassUid: DOCUMENT_SOP.comprehensiveSr,
    bodyPart: 'CHEST', seriesTime: '093000',
    extra: { report: REPORT, referencedSopInstanceUids: [ctImages[0].sopInstanceUid, ctImages[1].sopInstanceUid] },
  });
  const srInstance = writeInstance(sr, 1, {
    ...documentGeneral(study, '093000'),
    CurrentRequestedProcedureEvidenceSequence: evidence(study, ctSeries, ctImages.slice(0, 2)),
    ValueType: 'CONTAINER', ContinuityOfContent: 'SEPARATE',
    ConceptNameCodeSequence: [code('18748-4', 'LN', 'Diagnostic Imaging Report')],
    ContentTemplateSequence: [{ MappingResource: 'DCMR', TemplateIdentifier: '2000' }],
    ContentSequence: ctReportContent(ctImages),
  });

  const keyImages = [ctImages[0], ctImages[2]];
  const kos = defineSeries({
    key: 'dana-ct-key-objects', study, seriesNumber: 3, description: 'KEY IMAGES', modality: 'KO', sopClassUid: DOCUMENT_SOP.keyObjectSelection,
    bodyPart: 'CHEST', seriesTime: '093500',
    extra: { keyObjects: { ...KEY_OBJECTS, referencedSopInstanceUids: keyImages.map((image) => image.sopInstanceUid), referencedInstanceNumbers: keyImages.map((image) => image.instanceNumber) } },
  });
  const kosInstance = writeInstance(kos, 1, {
    // Key Object Document module (PS3.3 C.17.6.2): no verification, evidence of every reference.
    ReferencedRequestSequence: [],
    ReferencedPerformedProcedureStepSequence: [],
    CurrentRequestedProcedureEvidenceSequence: evidence(study, ctSeries, keyImages),
    ValueType: 'CONTAINER', ContinuityOfContent: 'SEPARATE',
    ConceptNameCodeSequence: [code('113000', 'DCM', KEY_OBJECTS.title)],
    ContentTemplateSequence: [{ MappingResource: 'DCMR', TemplateIdentifier: '2010' }],
    ContentSequence: [
      text('CONTAINS', code('113012', 'DCM', 'Key Object Description'), KEY_OBJECTS.description),
      ...keyImages.map((image) => imageRef('CONTAINS', null, image)),
    ],
  });
  await assertValidSr(srInstance.file);
  await assertValidSr(kosInstance.file);
  const describe = (series, instance) => describeSeries(series, [instance], { encoding: { method: 'dcmjs (as generated)' }, readAttributes: readImageAttributesInProcess });
  return [study, [ctEntry, await describe(sr, srInstance), await describe(kos, kosInstance)]];
}

// ------------------------------------------------------------ encapsulated PDF (dcmtk pdf2dcm)

const OUTSIDE_REPORT_PAGES = [
  {
    title: 'PULMONARY FUNCTION REPORT',
    lines: [
      'SYNTHETIC TEST DOCUMENT - NOT A REAL PATIENT',
      'Referring clinic: Longview Synthetic Hospital, respiratory medicine',
      'Spirometry shows a mild obstructive pattern, FEV1 78 percent of predicted.',
      'Diffusing capacity within normal limits.',
    ],
  },
  {
    title: 'PULMONARY FUNCTION REPORT (page 2)',
    lines: ['Conclusion: mild obstruction, reversible after bronchodilator.', 'Signed: Dr. Pulmo Synthetic'],
  },
];

async function buildOutsideReport() {
  const study = DOCUMENT_STUDIES.outsideReport;
  const series = defineSeries({
    key: 'dana-outside-report-pdf', study, seriesNumber: 1, description: 'PULMONARY FUNCTION REPORT', modality: 'DOC', sopClassUid: SOP_CLASS.encapsulatedPdf,
    bodyPart: 'CHEST', seriesTime: '140500',
    extra: { mimeType: 'application/pdf', pdf: { pageCount: OUTSIDE_REPORT_PAGES.length, pages: OUTSIDE_REPORT_PAGES } },
  });
  // pdf2dcm takes patient, study and series UIDs from a template (+se) but leaves most other
  // identifying attributes empty: -k writes them (and a fixed creation date, so the file is
  // the same on every run).
  const template = path.join(WORK_DIR, 'pdf', `${series.key}-template.dcm`);
  const pdfFile = path.join(WORK_DIR, 'pdf', `${series.key}.pdf`);
  fs.mkdirSync(path.dirname(pdfFile), { recursive: true });
  fs.writeFileSync(pdfFile, multiPagePdf(OUTSIDE_REPORT_PAGES));
  const identifying = identifyingAttributes(series, 1);
  writeDicomFile(template, { attributes: { ...identifying, SOPClassUID: SOP_CLASS.secondaryCapture } });
  const file = instanceFile(series.key, 1);
  fs.mkdirSync(path.dirname(file.absolute), { recursive: true });
  const keys = {
    ...Object.fromEntries(Object.entries(identifying).filter(([keyword, value]) => typeof value === 'string' && !/^(SOPClassUID|SpecificCharacterSet)$/.test(keyword))),
    ...Object.fromEntries((identifying.OtherPatientIDsSequence ?? []).flatMap((other, index) =>
      Object.entries(other).map(([keyword, value]) => [`OtherPatientIDsSequence[${index}].${keyword}`, value]))),
    InstanceCreationDate: study.studyDate, InstanceCreationTime: series.seriesTime, AcquisitionDateTime: `${study.studyDate}${series.seriesTime}`,
  };
  await runTool('pdf2dcm', [
    '-q', '+se', template, '+is', '1', '+t', 'Pulmonary function report', '+cn', 'LN', '19005-8', 'Pulmonary function study',
    ...Object.entries(keys).flatMap(([keyword, value]) => ['-k', `${keyword}=${value}`]),
    pdfFile, file.absolute,
  ]);
  const instance = { sopInstanceUid: identifying.SOPInstanceUID, instanceNumber: 1, file: file.relative, imagePositionPatient: null };
  return [study, [await describeSeries(series, [instance], { encoding: { method: 'dcmtk pdf2dcm' }, readAttributes: readImageAttributesInProcess })]];
}

// ------------------------------------------------------------ 12-lead ECG (waveform IOD)

async function buildRestingEcg() {
  const study = DOCUMENT_STUDIES.restingEcg;
  const { samplingFrequencyHz, sensitivityUv, heartRateBpm } = ECG_RECORDING;
  const series = defineSeries({
    key: 'dana-resting-ecg', study, seriesNumber: 1, description: 'RESTING ECG 12 LEAD', modality: 'ECG', sopClassUid: DOCUMENT_SOP.twelveLeadEcg,
    bodyPart: 'HEART', seriesTime: '083200',
    extra: {
      ecg: {
        leads: ECG_LEADS.map((lead) => lead.label), samplingFrequencyHz, durationS: ECG_RECORDING.durationS, sensitivityUv, heartRateBpm,
        rPeakMv: rPeakMv(),
      },
    },
  });
  const { data, samplesPerChannel } = ecgSamples();
  const instance = writeInstance(series, 1, {
    AcquisitionDateTime: `${study.studyDate}${series.seriesTime}`,
    AcquisitionContextSequence: [],
    WaveformSequence: [{
      MultiplexGroupTimeOffset: 0,
      WaveformOriginality: 'ORIGINAL',
      NumberOfWaveformChannels: ECG_LEADS.length,
      NumberOfWaveformSamples: samplesPerChannel,
      SamplingFrequency: samplingFrequencyHz,
      MultiplexGroupLabel: 'RHYTHM',
      ChannelDefinitionSequence: ECG_LEADS.map(({ label, code: value, meaning }) => ({
        ChannelLabel: label,
        ChannelSourceSequence: [{ ...code(value, 'MDC', meaning) }],
        ChannelSensitivity: sensitivityUv,
        ChannelSensitivityUnitsSequence: [UCUM('uV', 'microvolt')],
        ChannelSensitivityCorrectionFactor: 1,
        ChannelBaseline: 0,
        ChannelTimeSkew: 0,
        WaveformBitsStored: 16,
        FilterLowFrequency: 0.05,
        FilterHighFrequency: 150,
        NotchFilterFrequency: 50,
      })),
      WaveformBitsAllocated: 16,
      WaveformSampleInterpretation: 'SS',
      WaveformData: { vr: 'OW', value: data },
    }],
  });
  return [study, [await describeSeries(series, [instance], { encoding: { method: 'dcmjs (as generated)' }, readAttributes: readImageAttributesInProcess })]];
}

/** Writes dana's document studies; returns [study, [seriesEntry]] pairs. */
export async function buildDocumentStudies() {
  return [await buildCtWithReport(), await buildOutsideReport(), await buildRestingEcg()];
}

export const DOCUMENT_STUDY_DATES = Object.values(DOCUMENT_STUDIES).map((study) => study.studyDate);
