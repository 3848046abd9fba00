import { describe, expect, it } from 'vitest';
import { EHR_IDENTIFIER_SYSTEMS, fhirIdFor, fhirResourcesFromManifest, searchSet, studyUidOf } from './fhir-resources.mjs';

const ISSUERS = { radiology: 'LONGVIEW-RAD', cardiology: 'LONGVIEW-CARD', clinics: 'LONGVIEW-CLIN', oncology: 'LONGVIEW-ONC' };
const study = (uid, date) => ({ studyInstanceUid: uid, studyDate: date, studyDescription: 'CT', modalities: ['CT'], series: [{ instances: [{}, {}] }] });
const MANIFEST = {
  patients: [
    { person: 'carol', archive: 'radiology', patientId: 'R-1', issuerOfPatientId: 'LONGVIEW-RAD', patientName: 'LONGVIEW^CAROL^A', birthDate: '19580923', sex: 'F', studies: [study('1.2.3', '20200101')] },
    // No issuer in the data: the archive's configured one.
    { person: 'carol', archive: 'cardiology', patientId: 'C-1', patientName: 'LONGVIEW^CAROL', birthDate: '19580923', sex: 'F', studies: [] },
    // The issuer written as the OID the EHR knows as LONGVIEW-CLIN.
    { person: 'carol', archive: 'clinics', patientId: 'K-1', issuerOfPatientId: '2.16.840.1.113883.3.9999.4', patientName: 'LONGVIEW^CAROL', birthDate: '19580923', sex: 'F', studies: [] },
    { person: 'carol', archive: 'oncology', patientId: 'O-1', issuerOfPatientId: 'LONGVIEW-ONC', patientName: 'LONGVIEW^CAROL', birthDate: '19580923', sex: 'F', studies: [study('1.2.4', '20220601')] },
    { person: 'david', archive: 'cardiology', patientId: 'R-1', issuerOfPatientId: 'OUTSIDE-HOSP', patientName: 'LONGVIEW^DAVID', birthDate: '19900517', sex: 'M', studies: [study('1.2.5', '20210505')] },
    { person: 'stranger', archive: 'radiology', patientId: 'X-1', issuerOfPatientId: 'NOBODY-KNOWS', patientName: 'A^B', birthDate: '', sex: '', studies: [] },
  ],
};

describe('FHIR resources of the corpus manifest', () => {
  const { patients, imagingStudies } = fhirResourcesFromManifest(MANIFEST, ISSUERS);
  const carol = patients.find((p) => p.id === fhirIdFor('patient', 'carol'));

  it('one Patient per person, every record an identifier under its authority system', () => {
    expect(patients).toHaveLength(3);
    expect(carol?.identifier).toEqual([
      { use: 'usual', system: EHR_IDENTIFIER_SYSTEMS['LONGVIEW-RAD'], value: 'R-1' },
      { use: 'usual', system: EHR_IDENTIFIER_SYSTEMS['LONGVIEW-CARD'], value: 'C-1' },
      { use: 'usual', system: EHR_IDENTIFIER_SYSTEMS['LONGVIEW-CLIN'], value: 'K-1' },
      { use: 'usual', system: EHR_IDENTIFIER_SYSTEMS['LONGVIEW-ONC'], value: 'O-1' },
    ]);
    expect(carol).toMatchObject({ resourceType: 'Patient', name: [{ family: 'LONGVIEW', given: ['CAROL', 'A'] }], gender: 'female', birthDate: '1958-09-23' });
  });

  it('the same ID string under another authority stays another patient, with its own system', () => {
    const david = patients.find((p) => p.id === fhirIdFor('patient', 'david'));
    expect(david?.identifier).toEqual([{ use: 'usual', system: EHR_IDENTIFIER_SYSTEMS['OUTSIDE-HOSP'], value: 'R-1' }]);
  });

  it('an authority the EHR has no system for gives no identifier rather than a made-up one', () => {
    const stranger = patients.find((p) => p.id === fhirIdFor('patient', 'stranger'));
    expect(stranger?.identifier).toEqual([]);
    expect(stranger).not.toHaveProperty('birthDate');
  });

  it('ImagingStudy per study: DICOM UID identifier, subject, date, counts', () => {
    const forCarol = imagingStudies.filter((s) => s.subject.reference === `Patient/${carol?.id}`);
    expect(forCarol.map(studyUidOf)).toEqual(['1.2.3', '1.2.4']);
    expect(forCarol[0]).toMatchObject({ status: 'available', started: '2020-01-01', numberOfSeries: 1, numberOfInstances: 2, modality: [{ code: 'CT' }] });
  });

  it('resource ids are opaque: no patient ID or name in a FHIR URL', () => {
    for (const resource of [...patients, ...imagingStudies]) expect(resource.id).toMatch(/^(patient|imagingstudy)-[0-9a-f]{16}$/);
  });

  it('search answers are searchset Bundles', () => {
    expect(searchSet([carol])).toMatchObject({ resourceType: 'Bundle', type: 'searchset', total: 1, entry: [{ resource: carol, search: { mode: 'match' } }] });
  });
});
