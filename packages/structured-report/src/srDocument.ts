import type { DicomJson } from '@longview/dicom-meta';
import { codeOf, items, readContentItem, text, type Code, type ContentItem, type ImageReference } from './contentTree';

const KEY_OBJECT_SELECTION_SOP = '1.2.840.10008.5.1.4.1.1.88.59';

/** What the document is: a report to read, or a selection of key images to look at. */
export type SrDocumentKind = 'report' | 'key-objects';

export interface SrDocument {
  kind: SrDocumentKind;
  /** The root container's concept (the document title, e.g. "Diagnostic Imaging Report", "Of Interest"). */
  title: string;
  /** TID of the root (ContentTemplateSequence), e.g. "2000"; undefined when not declared. */
  templateId: string | undefined;
  /** PARTIAL documents are drafts; UNVERIFIED ones are not signed (PS3.3 C.17.2). Undefined for a KOS. */
  completion: string | undefined;
  verification: string | undefined;
  /** Raw PN of the first verifying observer ("FAMILY^GIVEN"). */
  verifiedBy: string | undefined;
  /** ContentDate + ContentTime, raw DICOM (YYYYMMDD, HHMMSS). */
  contentDate: string | undefined;
  contentTime: string | undefined;
  root: ContentItem;
}

const DOCUMENT = {
  SOPClassUID: '00080016',
  ContentDate: '00080023',
  ContentTime: '00080033',
  CompletionFlag: '0040A491',
  VerificationFlag: '0040A493',
  VerifyingObserverSequence: '0040A073',
  VerifyingObserverName: '0040A075',
  ContentTemplateSequence: '0040A504',
  TemplateIdentifier: '0040DB00',
  ConceptNameCodeSequence: '0040A043',
} as const;

/** The document (SR or KOS) held in one instance's metadata. */
export function readSrDocument(metadata: DicomJson): SrDocument {
  const [template] = items(metadata, DOCUMENT.ContentTemplateSequence);
  const [verifier] = items(metadata, DOCUMENT.VerifyingObserverSequence);
  const title: Code | undefined = codeOf(metadata, DOCUMENT.ConceptNameCodeSequence);
  return {
    kind: text(metadata, DOCUMENT.SOPClassUID) === KEY_OBJECT_SELECTION_SOP ? 'key-objects' : 'report',
    title: title?.meaning ?? 'Structured report',
    templateId: text(template, DOCUMENT.TemplateIdentifier),
    completion: text(metadata, DOCUMENT.CompletionFlag),
    verification: text(metadata, DOCUMENT.VerificationFlag),
    verifiedBy: text(verifier, DOCUMENT.VerifyingObserverName),
    contentDate: text(metadata, DOCUMENT.ContentDate),
    contentTime: text(metadata, DOCUMENT.ContentTime),
    // The document's own dataset is the root content item (its relationship is undefined).
    root: readContentItem(metadata),
  };
}

/**
 * Every image, composite object or waveform the document points at, in document order, without
 * repeats: for a KOS these are the key images; for a report, the evidence of its findings.
 */
export function referencedObjects(root: ContentItem): ImageReference[] {
  const seen = new Set<string>();
  const found: ImageReference[] = [];
  const visit = (item: ContentItem) => {
    if ((item.valueType === 'IMAGE' || item.valueType === 'COMPOSITE' || item.valueType === 'WAVEFORM') && item.reference) {
      if (!seen.has(item.reference.sopInstanceUid)) {
        seen.add(item.reference.sopInstanceUid);
        found.push(item.reference);
      }
    }
    item.children.forEach(visit);
  };
  visit(root);
  return found;
}

/** TID 2010 "Key Object Description" (113012, DCM): the free text that says why these images. */
export function keyObjectDescription(root: ContentItem): string | undefined {
  const description = root.children.find((item) => item.valueType === 'TEXT' && item.concept?.value === '113012' && item.concept.scheme === 'DCM');
  return description?.valueType === 'TEXT' ? description.text : undefined;
}

/**
 * KOS titles that mean "do not use these images" (PS3.16 CID 7011 rejection notes, IHE IOCM):
 * their references must never be flagged as key images.
 */
const REJECTION_TITLES = new Set(['113001', '113037', '113038', '113039']);

export interface KeyImageSelection {
  title: string;
  /** A rejection note, not a selection of images to look at. */
  isRejection: boolean;
  description: string | undefined;
  /** The referenced instances, with their series where the evidence sequence names it. */
  references: Array<ImageReference & { seriesInstanceUid: string | undefined; studyInstanceUid: string | undefined }>;
  /** The selection itself, so a later version can name it as its predecessor. */
  sopInstanceUid: string | undefined;
  seriesInstanceUid: string | undefined;
  /** The person observer (TID 1002, 121008) where the document names one: whose selection it is. */
  observerName: string | undefined;
  /** Earlier versions this one replaces (Predecessor Documents Sequence, PS3.3 C.17.2.1). */
  predecessors: string[];
}

const EVIDENCE = {
  CurrentRequestedProcedureEvidenceSequence: '0040A375',
  PertinentOtherEvidenceSequence: '0040A385',
  StudyInstanceUID: '0020000D',
  ReferencedSeriesSequence: '00081115',
  SeriesInstanceUID: '0020000E',
  ReferencedSOPSequence: '00081199',
  ReferencedSOPInstanceUID: '00081155',
  PredecessorDocumentsSequence: '0040A360',
  SOPInstanceUID: '00080018',
} as const;

/** SOP Instance UIDs a document's Predecessor Documents Sequence names (study → series → instance). */
export function predecessorDocuments(metadata: DicomJson): string[] {
  return items(metadata, EVIDENCE.PredecessorDocumentsSequence).flatMap((study) =>
    items(study, EVIDENCE.ReferencedSeriesSequence).flatMap((series) =>
      items(series, EVIDENCE.ReferencedSOPSequence).flatMap((instance) => text(instance, EVIDENCE.ReferencedSOPInstanceUID) ?? []),
    ),
  );
}

/** TID 1002's person observer name (DCM 121008) among the root's items, if the document names one. */
function personObserverOf(root: ContentItem): string | undefined {
  const observer = root.children.find((item) => item.valueType === 'PNAME' && item.concept?.value === '121008' && item.concept.scheme === 'DCM');
  return observer?.valueType === 'PNAME' ? observer.personName || undefined : undefined;
}

/**
 * Where each referenced instance lives (PS3.3 C.17.2.3: every instance an SR or KOS references
 * is listed in its evidence, by study and series), keyed by SOP Instance UID.
 */
export function evidenceLocations(metadata: DicomJson): Map<string, { studyInstanceUid: string | undefined; seriesInstanceUid: string | undefined }> {
  const locations = new Map<string, { studyInstanceUid: string | undefined; seriesInstanceUid: string | undefined }>();
  // Both evidence lists: what the procedure produced, and other objects the content cites (an
  // AI report lists the SEG its finding is on as pertinent other evidence).
  const studies = [...items(metadata, EVIDENCE.CurrentRequestedProcedureEvidenceSequence), ...items(metadata, EVIDENCE.PertinentOtherEvidenceSequence)];
  for (const study of studies) {
    const studyInstanceUid = text(study, EVIDENCE.StudyInstanceUID);
    for (const series of items(study, EVIDENCE.ReferencedSeriesSequence)) {
      const seriesInstanceUid = text(series, EVIDENCE.SeriesInstanceUID);
      for (const instance of items(series, EVIDENCE.ReferencedSOPSequence)) {
        const sop = text(instance, EVIDENCE.ReferencedSOPInstanceUID);
        if (sop) locations.set(sop, { studyInstanceUid, seriesInstanceUid });
      }
    }
  }
  return locations;
}

/** A Key Object Selection document's title, description and located references. */
export function readKeyImageSelection(metadata: DicomJson): KeyImageSelection {
  const document = readSrDocument(metadata);
  const titleCode = codeOf(metadata, DOCUMENT.ConceptNameCodeSequence);
  const locations = evidenceLocations(metadata);
  return {
    title: document.title,
    isRejection: titleCode?.scheme === 'DCM' && REJECTION_TITLES.has(titleCode.value),
    description: keyObjectDescription(document.root),
    references: referencedObjects(document.root).map((reference) => ({
      ...reference,
      seriesInstanceUid: locations.get(reference.sopInstanceUid)?.seriesInstanceUid,
      studyInstanceUid: locations.get(reference.sopInstanceUid)?.studyInstanceUid,
    })),
    sopInstanceUid: text(metadata, EVIDENCE.SOPInstanceUID),
    seriesInstanceUid: text(metadata, EVIDENCE.SeriesInstanceUID),
    observerName: personObserverOf(document.root),
    predecessors: predecessorDocuments(metadata),
  };
}
