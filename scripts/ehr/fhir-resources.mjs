// The test EHR's FHIR data, made from the corpus manifest: one Patient per person (every record
// of that person in every archive becomes one of its identifiers, as an enterprise MPI would
// list them) and one ImagingStudy per study. Pure: no I/O, so the mapping is unit-tested.
import { createHash } from 'node:crypto';

/**
 * Identifier.system the EHR uses for each assigning authority. The viewer maps these back to
 * issuers through public/config.json "launch.identifierSystems" (and identity.issuerAliases for
 * urn:oid systems); OUTSIDE-HOSP is deliberately unknown to the viewer: an identifier it must skip.
 */
export const EHR_IDENTIFIER_SYSTEMS = {
  'LONGVIEW-RAD': 'urn:oid:2.16.840.1.113883.3.9999.1',
  'LONGVIEW-CARD': 'urn:oid:2.16.840.1.113883.3.9999.2',
  'LONGVIEW-PATH': 'urn:oid:2.16.840.1.113883.3.9999.3',
  'LONGVIEW-CLIN': 'urn:oid:2.16.840.1.113883.3.9999.4',
  'LONGVIEW-ONC': 'urn:oid:2.16.840.1.113883.3.9999.5',
  'OUTSIDE-HOSP': 'urn:oid:2.16.840.1.113883.3.7777.1',
};

/** Issuer spellings in the data that name one of the authorities above. */
const ISSUER_SPELLINGS = { '2.16.840.1.113883.3.9999.4': 'LONGVIEW-CLIN' };

/** PS3.18 / FHIR ImagingStudy: a DICOM UID as an Identifier. */
export const DICOM_UID_SYSTEM = 'urn:dicom:uid';

/** Opaque, stable resource ids: FHIR URLs never carry a patient ID or name. */
export function fhirIdFor(kind, key) {
  return `${kind}-${createHash('sha256').update(`longview-ehr/${kind}/${key}`).digest('hex').slice(0, 16)}`;
}

function isoDate(dicomDate) {
  return /^\d{8}$/.test(dicomDate ?? '') ? `${dicomDate.slice(0, 4)}-${dicomDate.slice(4, 6)}-${dicomDate.slice(6, 8)}` : undefined;
}

const GENDER = { F: 'female', M: 'male', O: 'other' };

/** A DICOM PN "FAMILY^GIVEN^MIDDLE" as a FHIR HumanName. */
function humanName(patientName) {
  const [family = '', ...given] = String(patientName ?? '').split('^');
  return { use: 'official', family, given: given.filter((part) => part !== '') };
}

/** The issuer of a record: its IssuerOfPatientID, else its archive's configured default. */
function issuerOf(record, archiveIssuers) {
  const raw = record.issuerOfPatientId ?? archiveIssuers[record.archive];
  return ISSUER_SPELLINGS[raw] ?? raw;
}

/**
 * FHIR R4 Patient and ImagingStudy resources of the manifest. `archiveIssuers`: archive id →
 * patientIdIssuer (public/config.json). Records whose authority the EHR has no system for are
 * left out of the identifiers rather than given a made-up one.
 */
export function fhirResourcesFromManifest(manifest, archiveIssuers) {
  const persons = new Map();
  for (const record of manifest.patients) {
    const list = persons.get(record.person) ?? [];
    list.push(record);
    persons.set(record.person, list);
  }
  const patients = [];
  const imagingStudies = [];
  for (const [person, records] of persons) {
    const id = fhirIdFor('patient', person);
    const [first] = records;
    const identifier = records
      .map((record) => ({ record, system: EHR_IDENTIFIER_SYSTEMS[issuerOf(record, archiveIssuers)] }))
      .filter(({ system }) => system !== undefined)
      .map(({ record, system }) => ({ use: 'usual', system, value: record.patientId }));
    patients.push({
      resourceType: 'Patient',
      id,
      identifier,
      name: [humanName(first.patientName)],
      ...(GENDER[first.sex] ? { gender: GENDER[first.sex] } : {}),
      ...(isoDate(first.birthDate) ? { birthDate: isoDate(first.birthDate) } : {}),
    });
    for (const record of records) {
      for (const study of record.studies) {
        imagingStudies.push({
          resourceType: 'ImagingStudy',
          id: fhirIdFor('imagingstudy', study.studyInstanceUid),
          status: 'available',
          identifier: [{ system: DICOM_UID_SYSTEM, value: `urn:oid:${study.studyInstanceUid}` }],
          subject: { reference: `Patient/${id}` },
          ...(isoDate(study.studyDate) ? { started: isoDate(study.studyDate) } : {}),
          modality: study.modalities.map((code) => ({ system: 'http://dicom.nema.org/resources/ontology/DCM', code })),
          numberOfSeries: study.series.length,
          numberOfInstances: study.series.reduce((sum, series) => sum + series.instances.length, 0),
          description: study.studyDescription,
        });
      }
    }
  }
  return { patients, imagingStudies };
}

/**
 * The FHIR Practitioner of a signed-in user (`{ fhirUser: 'Practitioner/<id>', name }`, a HumanName):
 * what a SMART app reads through the id token's fhirUser claim to know who the reader is (an SR's
 * Person Observer Name). Synthetic, like every person of the test EHR.
 */
export function practitionerOf(user) {
  const [, id] = /^Practitioner\/([A-Za-z0-9.-]{1,64})$/.exec(user.fhirUser) ?? [];
  if (!id) throw new Error(`${user.fhirUser} is not a Practitioner reference`);
  return { resourceType: 'Practitioner', id, active: true, name: [user.name] };
}

/** The study UID an ImagingStudy names (its urn:dicom:uid identifier), or undefined. */
export function studyUidOf(imagingStudy) {
  const value = imagingStudy.identifier?.find((identifier) => identifier.system === DICOM_UID_SYSTEM)?.value;
  return value?.startsWith('urn:oid:') ? value.slice('urn:oid:'.length) : undefined;
}

/** A FHIR searchset Bundle of `resources`. */
export function searchSet(resources) {
  return { resourceType: 'Bundle', type: 'searchset', total: resources.length, entry: resources.map((resource) => ({ resource, search: { mode: 'match' } })) };
}
