import { codedConcept, dcmjsLibrary, type NaturalizedDataset } from './dcmjsView';
import { CONCEPT } from './codes';
import type { DocumentReference, ReportImageReference, ReportStudyContext } from './model';

/**
 * The modules both documents share (Patient, General Study, General Equipment, the evidence and
 * predecessor references, the Part-10 framing), in dcmjs's naturalized form.
 */

const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';
/** Longview's Implementation Class UID, the one packages/deidentify writes too. */
const IMPLEMENTATION_CLASS_UID = '2.25.191453612924089152573227434937342826316';
/** Which writer made a document, for a later reader of the archive (Software Versions, LO). */
const SOFTWARE_VERSION = 'measurement-report 1';
/** Reports and selections sort after the acquired series in viewers that order by number. */
const DOCUMENT_SERIES_NUMBER = 9001;

/**
 * The document's series (SR Document Series / Key Object Document Series modules) and General
 * Equipment: Longview made it. Referenced Performed Procedure Step is Type 2, present and empty.
 */
export function seriesAndEquipment(modality: 'SR' | 'KO', seriesInstanceUid: string, seriesDescription: string): NaturalizedDataset {
  return {
    Modality: modality,
    SeriesInstanceUID: seriesInstanceUid,
    SeriesNumber: DOCUMENT_SERIES_NUMBER,
    SeriesDescription: seriesDescription,
    ReferencedPerformedProcedureStepSequence: [],
    Manufacturer: 'Longview',
    SoftwareVersions: SOFTWARE_VERSION,
  };
}

/**
 * Patient and General Study modules. Their Type 2 attributes are present even when unknown
 * (written empty, PS3.5 7.4.3) so a validator does not reject the document.
 */
export function patientAndStudy(study: ReportStudyContext): NaturalizedDataset {
  return {
    PatientName: study.patientName ?? '',
    PatientID: study.patientId ?? '',
    ...(study.issuerOfPatientId ? { IssuerOfPatientID: study.issuerOfPatientId } : {}),
    PatientBirthDate: study.patientBirthDate ?? '',
    PatientSex: study.patientSex ?? '',
    StudyInstanceUID: study.studyInstanceUid,
    StudyDate: study.studyDate ?? '',
    StudyTime: study.studyTime ?? '',
    ReferringPhysicianName: study.referringPhysicianName ?? '',
    StudyID: study.studyId ?? '',
    AccessionNumber: study.accessionNumber ?? '',
  };
}

/**
 * Content Date and Time in UTC, with Timezone Offset From UTC saying so: the browser's zone is
 * not the archive's, and a stated offset lets every reader place the moment exactly.
 */
export function contentDateTime(moment: Date): NaturalizedDataset {
  const iso = moment.toISOString(); // YYYY-MM-DDTHH:MM:SS.sssZ
  return {
    ContentDate: iso.slice(0, 10).replaceAll('-', ''),
    ContentTime: iso.slice(11, 23).replaceAll(':', ''),
    TimezoneOffsetFromUTC: '+0000',
  };
}

/** Every SOP instance once, grouped study → series (PS3.3 C.17.2.3 Hierarchical SOP Instance Reference Macro). */
function hierarchicalReferences(instances: Array<Pick<ReportImageReference, 'studyInstanceUid' | 'seriesInstanceUid' | 'sopInstanceUid' | 'sopClassUid'>>): NaturalizedDataset[] {
  const studies = new Map<string, Map<string, Map<string, string>>>();
  for (const instance of instances) {
    const series = studies.get(instance.studyInstanceUid) ?? new Map<string, Map<string, string>>();
    studies.set(instance.studyInstanceUid, series);
    const sops = series.get(instance.seriesInstanceUid) ?? new Map<string, string>();
    series.set(instance.seriesInstanceUid, sops);
    sops.set(instance.sopInstanceUid, instance.sopClassUid);
  }
  return [...studies].map(([studyInstanceUid, series]) => ({
    StudyInstanceUID: studyInstanceUid,
    ReferencedSeriesSequence: [...series].map(([seriesInstanceUid, sops]) => ({
      SeriesInstanceUID: seriesInstanceUid,
      ReferencedSOPSequence: [...sops].map(([sopInstanceUid, sopClassUid]) => ({
        ReferencedSOPClassUID: sopClassUid,
        ReferencedSOPInstanceUID: sopInstanceUid,
      })),
    })),
  }));
}

/** Current Requested Procedure Evidence: every image the document references (omitted when none). */
export function evidence(images: ReportImageReference[]): NaturalizedDataset {
  return images.length > 0 ? { CurrentRequestedProcedureEvidenceSequence: hierarchicalReferences(images) } : {};
}

/** Predecessor Documents Sequence (PS3.3 C.17.2): the version this document replaces. */
export function predecessorDocuments(predecessor: DocumentReference | undefined): NaturalizedDataset {
  return predecessor ? { PredecessorDocumentsSequence: hierarchicalReferences([predecessor]) } : {};
}

/**
 * An IMAGE content item without a concept name, as TID 1601 (Image Library Entry) and TID 2010
 * (key images) have them. dcmjs's ImageContentItem insists on a name, so this is a plain item.
 */
export function unnamedImageItem(image: ReportImageReference): NaturalizedDataset {
  return {
    RelationshipType: 'CONTAINS',
    ValueType: 'IMAGE',
    ReferencedSOPSequence: [
      {
        ReferencedSOPClassUID: image.sopClassUid,
        ReferencedSOPInstanceUID: image.sopInstanceUid,
        ...(image.frameNumber !== undefined ? { ReferencedFrameNumber: [image.frameNumber] } : {}),
      },
    ],
  };
}

/** The observer context of TID 1002 (observer type Person, Person Observer Name), via dcmjs's templates. */
export function personObserverContext(observerName: string): NaturalizedDataset[] {
  const { ObservationContext, ObserverContext, PersonObserverIdentifyingAttributes } = dcmjsLibrary.sr.templates;
  const person = CONCEPT.person;
  return new ObservationContext({
    observerPersonContext: new ObserverContext({
      observerType: codedConcept(person.value, person.scheme, person.meaning),
      observerIdentifyingAttributes: new PersonObserverIdentifyingAttributes({ name: observerName }),
    }),
  });
}

/**
 * The dataset as a Part-10 file in Explicit VR Little Endian. dcmjs writes every string as
 * UTF-8, so UTF-8 (ISO_IR 192) is declared whenever a value is not plain ASCII (a reader's name
 * such as 'Łukasz'); an all-ASCII document declares nothing, as the default repertoire covers it
 * and older tools (dcmtk 3.6.7's VR checker among them) warn on ISO_IR 192.
 */
export function writePart10(dataset: NaturalizedDataset): ArrayBuffer {
  const { DicomMetaDictionary, DicomDict } = dcmjsLibrary.data;
  const meta = DicomMetaDictionary.denaturalizeDataset({
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: dataset.SOPClassUID,
    MediaStorageSOPInstanceUID: dataset.SOPInstanceUID,
    TransferSyntaxUID: EXPLICIT_VR_LITTLE_ENDIAN,
    ImplementationClassUID: IMPLEMENTATION_CLASS_UID,
  });
  const file = new DicomDict(meta);
  // JSON text keeps non-ASCII characters as they are, so one test covers every nested string.
  const isAscii = !/[\u0080-\uffff]/.test(JSON.stringify(dataset));
  file.dict = DicomMetaDictionary.denaturalizeDataset({ ...(isAscii ? {} : { SpecificCharacterSet: 'ISO_IR 192' }), ...dataset });
  return file.write();
}
