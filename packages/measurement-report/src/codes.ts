import type { KeyObjectTitle, ReportValueName } from './model';

/** A coded concept as plain data (CodeValue, CodingSchemeDesignator, CodeMeaning). */
export interface ConceptCode {
  value: string;
  scheme: string;
  meaning: string;
}

const dcm = (value: string, meaning: string): ConceptCode => ({ value, scheme: 'DCM', meaning });
const sct = (value: string, meaning: string): ConceptCode => ({ value, scheme: 'SCT', meaning });

/** Concept names of the TID 1500 / 1501 / 4108 / 1002 structure, PS3.16. */
export const CONCEPT = {
  imagingMeasurementReport: dcm('126000', 'Imaging Measurement Report'),
  imagingMeasurements: dcm('126010', 'Imaging Measurements'),
  measurementGroup: dcm('125007', 'Measurement Group'),
  imageLibrary: dcm('111028', 'Image Library'),
  imageLibraryGroup: dcm('126200', 'Image Library Group'),
  imageRegion: dcm('111030', 'Image Region'),
  trackingIdentifier: dcm('112039', 'Tracking Identifier'),
  trackingUid: dcm('112040', 'Tracking Unique Identifier'),
  finding: dcm('121071', 'Finding'),
  personObserverName: dcm('121008', 'Person Observer Name'),
  person: dcm('121006', 'Person'),
  // TID 1002 Observer Context and TID 1004 Device Observer Identifying Attributes.
  observerType: dcm('121005', 'Observer Type'),
  device: dcm('121007', 'Device'),
  deviceObserverUid: dcm('121012', 'Device Observer UID'),
  deviceObserverName: dcm('121013', 'Device Observer Name'),
  deviceObserverManufacturer: dcm('121014', 'Device Observer Manufacturer'),
  deviceObserverModelName: dcm('121015', 'Device Observer Model Name'),
  // TID 1411 Volumetric ROI Measurements, TID 4019 Algorithm Identification.
  referencedSegment: dcm('121191', 'Referenced Segment'),
  findingSite: sct('363698007', 'Finding Site'),
  derivation: dcm('121401', 'Derivation'),
  algorithmName: dcm('111001', 'Algorithm Name'),
  algorithmVersion: dcm('111003', 'Algorithm Version'),
  keyObjectDescription: dcm('113012', 'Key Object Description'),
  /**
   * Procedure reported (121058): SCT 363679005 "Imaging procedure", the general code dcmjs's
   * Cornerstone adapter writes too. The viewer does not know which procedure the reader was
   * reporting on, only that it was one of imaging.
   */
  imagingProcedure: sct('363679005', 'Imaging procedure'),
  /** dcmjs's Cornerstone adapters write 111010 "Center" with value 0 on points: not a measurement. */
  placeholderCenter: dcm('111010', 'Center'),
} as const;

/**
 * Each value's NUM concept name. SNOMED CT codes as PS3.16 CID 7464/7181 and dcmjs use them.
 * 'Value' (a probe's reading of one pixel) has no code of its own in PS3.16: it is written as the
 * Mean of its POINT region, which is that pixel's value and which every TID 1500 reader shows.
 */
export const VALUE_CONCEPT: Record<ReportValueName, ConceptCode> = {
  Length: sct('410668003', 'Length'),
  Angle: sct('1483009', 'Angle'),
  Area: sct('42798000', 'Area'),
  Mean: sct('373098007', 'Mean'),
  SD: sct('386136009', 'Standard Deviation'),
  Min: sct('255605001', 'Minimum'),
  Max: sct('56851009', 'Maximum'),
  Value: sct('373098007', 'Mean'),
};

/** Older documents use SNOMED-RT codes (scheme SRT) for the same concepts: read those too. */
const LEGACY_VALUE_CODES: Record<string, ReportValueName> = {
  'SRT:G-D7FE': 'Length',
  'SRT:G-A166': 'Area',
  'SRT:R-00317': 'Mean',
  'SRT:R-10047': 'SD',
  'SRT:R-404FB': 'Min',
  'SRT:G-A437': 'Max',
  // CT readings in other programs' reports: (112031, DCM) Attenuation Coefficient, in HU.
  'DCM:112031': 'Value',
};

/** The value name a NUM's concept stands for; undefined for concepts Longview does not show. */
export function valueNameOf(code: { value: string; scheme: string }): ReportValueName | undefined {
  const key = `${code.scheme}:${code.value}`;
  const written = (Object.keys(VALUE_CONCEPT) as ReportValueName[]).find(
    (name) => name !== 'Value' && VALUE_CONCEPT[name].value === code.value && VALUE_CONCEPT[name].scheme === code.scheme,
  );
  return written ?? LEGACY_VALUE_CODES[key];
}

/** UCUM codes with their conventional meanings; other units are written with the code as meaning. */
const UNIT_MEANINGS: Record<string, string> = {
  mm: 'millimeter',
  cm: 'centimeter',
  mm2: 'square millimeter',
  cm2: 'square centimeter',
  deg: 'degree',
  "[hnsf'U]": 'Hounsfield unit',
  '1': 'no units',
};

export function unitCode(unit: string): ConceptCode {
  return { value: unit, scheme: 'UCUM', meaning: UNIT_MEANINGS[unit] ?? unit };
}

/**
 * A free-text label written as a Finding (TID 1501 makes Finding a CODE): the private code dcmjs's
 * Cornerstone3D adapters (and so OHIF) read back as the annotation's text.
 */
export const FREE_TEXT_CODE = { value: 'CS3DTEXT', scheme: '99dcmjs' } as const;
/** The legacy Cornerstone free-text code, still read. */
const LEGACY_FREE_TEXT_CODE = { value: 'CORNERSTONEFREETEXT', scheme: 'CST4' } as const;

export function isFreeTextCode(code: { value: string; scheme: string }): boolean {
  return [FREE_TEXT_CODE, LEGACY_FREE_TEXT_CODE].some((known) => known.value === code.value && known.scheme === code.scheme);
}

/** PS3.16 CID 7010 Key Object Selection Document Title, DCM code values. */
const KEY_OBJECT_TITLE_CODES: Record<KeyObjectTitle, string> = {
  'Of Interest': '113000',
  'For Referring Provider': '113002',
  'For Surgery': '113003',
  'For Teaching': '113004',
  'For Conference': '113005',
  'For Therapy': '113006',
  'Quality Issue': '113010',
  'For Report Attachment': '113020',
};

export function keyObjectTitleCode(title: KeyObjectTitle): { value: string; scheme: 'DCM'; meaning: string } {
  return { value: KEY_OBJECT_TITLE_CODES[title], scheme: 'DCM', meaning: title };
}
