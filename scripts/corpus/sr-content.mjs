// Building blocks of DICOM Structured Reports and key object selections (PS3.3 C.17.3): content
// items as plain objects keyed by keyword, for dicom-file.mjs writeDicomFile. Shared by dana's
// report and key objects (series-documents.mjs) and alice's measurement report from another
// program (series-outside-sr.mjs).
import path from 'node:path';
import { runTool } from './dicom-tools.mjs';
import { CORPUS_DIR } from './series-common.mjs';

export const code = (CodeValue, CodingSchemeDesignator, CodeMeaning) => ({ CodeValue, CodingSchemeDesignator, CodeMeaning });
export const UCUM = (unit, meaning) => code(unit, 'UCUM', meaning);

/** Concepts of the TID 1500 Measurement Report tree (PS3.16) that every report here uses. */
export const TID1500_CONCEPT = {
  report: code('126000', 'DCM', 'Imaging Measurement Report'),
  language: code('121049', 'DCM', 'Language of Content Item and Descendants'),
  english: code('en-US', 'RFC5646', 'English (United States)'),
  observerType: code('121005', 'DCM', 'Observer Type'),
  procedureReported: code('121058', 'DCM', 'Procedure reported'),
  imageLibrary: code('111028', 'DCM', 'Image Library'),
  imageLibraryGroup: code('126200', 'DCM', 'Image Library Group'),
  imagingMeasurements: code('126010', 'DCM', 'Imaging Measurements'),
  measurementGroup: code('125007', 'DCM', 'Measurement Group'),
  trackingIdentifier: code('112039', 'DCM', 'Tracking Identifier'),
  trackingUid: code('112040', 'DCM', 'Tracking Unique Identifier'),
  finding: code('121071', 'DCM', 'Finding'),
  derivation: code('121401', 'DCM', 'Derivation'),
};

export const item = (relationship, valueType, concept, value) => ({ RelationshipType: relationship, ValueType: valueType, ConceptNameCodeSequence: concept ? [concept] : undefined, ...value });
export const container = (relationship, concept, children) => item(relationship, 'CONTAINER', concept, { ContinuityOfContent: 'SEPARATE', ContentSequence: children });
export const text = (relationship, concept, value) => item(relationship, 'TEXT', concept, { TextValue: value });
export const codeItem = (relationship, concept, value) => item(relationship, 'CODE', concept, { ConceptCodeSequence: [value] });
export const uidRef = (relationship, concept, uid) => item(relationship, 'UIDREF', concept, { UID: uid });
export const num = (relationship, concept, value, unit, children) => item(relationship, 'NUM', concept, {
  MeasuredValueSequence: [{ NumericValue: value, MeasurementUnitsCodeSequence: [unit] }],
  ContentSequence: children,
});
export const imageRef = (relationship, concept, image) => item(relationship, 'IMAGE', concept, {
  ReferencedSOPSequence: [{ ReferencedSOPClassUID: image.sopClassUid, ReferencedSOPInstanceUID: image.sopInstanceUid }],
});
/** A 2D region or line on one image: `points` are [column, row] pairs in SCOORD image coordinates (PS3.3 C.18.6.1.1). */
export const scoord = (relationship, concept, graphicType, points, image) => item(relationship, 'SCOORD', concept, {
  GraphicType: graphicType,
  GraphicData: points.flat(),
  ContentSequence: [imageRef('SELECTED FROM', null, image)],
});

/** PS3.3 C.17.2.1: the instances an SR or KOS references, grouped by study and series. */
export function evidence(study, series, images) {
  return [{
    StudyInstanceUID: study.studyInstanceUid,
    ReferencedSeriesSequence: [{
      SeriesInstanceUID: series.seriesInstanceUid,
      ReferencedSOPSequence: images.map((image) => ({ ReferencedSOPClassUID: image.sopClassUid, ReferencedSOPInstanceUID: image.sopInstanceUid })),
    }],
  }];
}

/** dcmtk's SR parser checks the content tree against the IOD's rules; a broken tree stops the corpus. */
export async function assertValidSr(relativeFile) {
  const file = path.join(CORPUS_DIR, relativeFile);
  const output = await runTool('dsrdump', ['-q', file]);
  if (!output.includes('<')) throw new Error(`${relativeFile}: dsrdump printed no content tree`);
}
