/**
 * Timeline lanes. A study goes to the specialty its content belongs to, judged from what the
 * data says (modalities, SOP classes, body part) before where it happens to be stored: a
 * cardiac MR is cardiology even in the radiology PACS, and a wound photo is dermatology even
 * in the pathology archive. The archive's department decides only what the data leaves open.
 */
export const SPECIALTIES = [
  'radiology',
  'cardiology',
  'pathology',
  'dermatology',
  'ophthalmology',
  'endoscopy',
  'documents',
  'other',
] as const;

export type Specialty = (typeof SPECIALTIES)[number];

export const SPECIALTY_LABELS: Record<Specialty, string> = {
  radiology: 'Radiology',
  cardiology: 'Cardiology',
  pathology: 'Pathology',
  dermatology: 'Dermatology',
  ophthalmology: 'Ophthalmology',
  endoscopy: 'Endoscopy',
  documents: 'Documents & reports',
  other: 'Other',
};

export interface StudyTraits {
  modalities: readonly string[];
  sopClassUids: readonly string[];
  bodyParts: readonly string[];
  /** The source archive's department, from configuration. */
  department: string | undefined;
}

/** Modalities that name their specialty outright (PS3.3 C.7.3.1.1.1). */
const SPECIALTY_OF_MODALITY: Readonly<Record<string, Specialty>> = {
  SM: 'pathology',
  GM: 'pathology',
  OP: 'ophthalmology',
  OPT: 'ophthalmology',
  OPM: 'ophthalmology',
  OPV: 'ophthalmology',
  OPR: 'ophthalmology',
  OAM: 'ophthalmology',
  OCT: 'ophthalmology',
  KER: 'ophthalmology',
  LEN: 'ophthalmology',
  SRF: 'ophthalmology',
  VA: 'ophthalmology',
  IOL: 'ophthalmology',
  ES: 'endoscopy',
  ECG: 'cardiology',
  HD: 'cardiology',
  EPS: 'cardiology',
  IVUS: 'cardiology',
  IVOCT: 'cardiology',
};

/** Imaging that belongs to radiology unless the body part or department says otherwise. */
const RADIOLOGY_MODALITIES = new Set(['CT', 'MR', 'CR', 'DX', 'DR', 'MG', 'NM', 'PT', 'RF', 'US', 'XA', 'IO', 'PX', 'BMD', 'RG', 'DG', 'TG', 'BI']);

/** Photographs: whose they are depends on the body part or the department. */
const PHOTO_MODALITIES = new Set(['XC', 'VL']);

/** Not images: reports, documents and their references (documents lane when nothing else). */
const DOCUMENT_MODALITIES = new Set(['DOC', 'SR', 'KO', 'PR', 'AU', 'REG', 'FID', 'PLAN']);

const ENCAPSULATED_DOCUMENT_SOP_PREFIX = '1.2.840.10008.5.1.4.1.1.104.';
const STRUCTURED_REPORT_SOP_PREFIX = '1.2.840.10008.5.1.4.1.1.88.';
const VL_PHOTOGRAPHIC_SOP = '1.2.840.10008.5.1.4.1.1.77.1.4';

const CARDIAC_BODY_PARTS = new Set(['HEART', 'CORONARYARTERY', 'CORONARY', 'CARDIAC', 'AORTICVALVE', 'MITRALVALVE']);
const SKIN_BODY_PARTS = new Set(['SKIN', 'WOUND']);
const EYE_BODY_PARTS = new Set(['EYE', 'RETINA', 'CORNEA']);

const DEPARTMENT_SPECIALTY: Readonly<Record<string, Specialty>> = {
  radiology: 'radiology',
  cardiology: 'cardiology',
  pathology: 'pathology',
  dermatology: 'dermatology',
  ophthalmology: 'ophthalmology',
  endoscopy: 'endoscopy',
  gastroenterology: 'endoscopy',
};

function normalisedBodyPart(value: string): string {
  return value.toUpperCase().replace(/[^A-Z]/g, '');
}

export function classifySpecialty(traits: StudyTraits): Specialty {
  const modalities = traits.modalities.map((m) => m.toUpperCase());
  const imaging = modalities.filter((m) => !DOCUMENT_MODALITIES.has(m));
  const bodyParts = traits.bodyParts.map(normalisedBodyPart);
  const department = traits.department ? DEPARTMENT_SPECIALTY[traits.department.toLowerCase()] : undefined;
  const isDocumentSop = (uid: string) => uid.startsWith(ENCAPSULATED_DOCUMENT_SOP_PREFIX) || uid.startsWith(STRUCTURED_REPORT_SOP_PREFIX);

  // Only reports and documents: the documents lane, whoever wrote them.
  const onlyDocuments =
    (modalities.length > 0 && imaging.length === 0) ||
    (modalities.length === 0 && traits.sopClassUids.length > 0 && traits.sopClassUids.every(isDocumentSop));
  if (onlyDocuments) return 'documents';

  for (const modality of imaging) {
    const named = SPECIALTY_OF_MODALITY[modality];
    if (named) return named;
  }
  if (bodyParts.some((part) => CARDIAC_BODY_PARTS.has(part))) return 'cardiology';
  const isPhoto = imaging.some((m) => PHOTO_MODALITIES.has(m)) || traits.sopClassUids.includes(VL_PHOTOGRAPHIC_SOP);
  if (isPhoto) {
    if (bodyParts.some((part) => SKIN_BODY_PARTS.has(part))) return 'dermatology';
    if (bodyParts.some((part) => EYE_BODY_PARTS.has(part))) return 'ophthalmology';
    return department ?? 'other';
  }
  if (imaging.some((m) => RADIOLOGY_MODALITIES.has(m))) {
    // Angiography and echo done by cardiology stay with cardiology.
    if (department === 'cardiology' && imaging.some((m) => m === 'XA' || m === 'US')) return 'cardiology';
    return 'radiology';
  }
  return department ?? 'other';
}
