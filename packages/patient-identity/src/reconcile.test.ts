import { describe, expect, it } from 'vitest';
import { canonicalIssuer, identifierKey, identityRulesOf, possibleOtherRecords, reconcile, recordKey, sameRecord, type IdentityRules, type PatientRecord } from './index';

const rules: IdentityRules = {
  archiveIssuers: { radiology: 'LONGVIEW-RAD', cardiology: 'LONGVIEW-CARD', pathology: 'LONGVIEW-PATH', clinics: 'LONGVIEW-CLIN' },
  issuerAliases: { '2.16.840.1.113883.3.9999.4': 'LONGVIEW-CLIN' },
};

function record(fields: Partial<PatientRecord> & Pick<PatientRecord, 'archiveId' | 'patientId'>): PatientRecord {
  return { issuer: undefined, name: 'LONGVIEW^CAROL', birthDate: '19580923', sex: 'F', otherIds: [], ...fields };
}

const carolRad = record({ archiveId: 'radiology', patientId: 'R-100234', issuer: 'LONGVIEW-RAD', otherIds: [{ patientId: 'C-55012', issuer: 'LONGVIEW-CARD' }] });
// No issuer in the data: the cardiology archive's configured domain applies.
const carolCard = record({
  archiveId: 'cardiology',
  patientId: 'C-55012',
  name: 'LONGVIEW^CAROL^A',
  otherIds: [
    { patientId: 'R-100234', issuer: 'LONGVIEW-RAD' },
    { patientId: 'P-7781', issuer: 'LONGVIEW-PATH' },
  ],
});
const carolPath = record({ archiveId: 'pathology', patientId: 'P-7781', issuer: 'LONGVIEW-PATH', otherIds: [{ patientId: 'K-3300', issuer: '2.16.840.1.113883.3.9999.4' }] });
const carolClinic = record({ archiveId: 'clinics', patientId: 'K-3300', issuer: 'LONGVIEW-CLIN', otherIds: [{ patientId: 'R-100234', issuer: 'LONGVIEW-RAD' }] });
// Traps.
const namesake = record({ archiveId: 'radiology', patientId: 'R-200991', issuer: 'LONGVIEW-RAD' });
const namesakeCard = record({ archiveId: 'cardiology', patientId: 'C-80001' });
const outsideDavid = record({ archiveId: 'cardiology', patientId: 'R-100234', issuer: 'OUTSIDE-HOSP', name: 'LONGVIEW^DAVID', birthDate: '19900517', sex: 'M' });

const memberIds = (records: PatientRecord[]) => records.map((r) => `${r.archiveId}/${r.patientId}`).sort();

describe('reconcile', () => {
  it('joins records across archives through OtherPatientIDs, transitively and through issuer aliases', () => {
    const result = reconcile(carolRad, [carolRad, carolCard, carolPath, carolClinic], rules);
    expect(memberIds(result.members)).toEqual(['cardiology/C-55012', 'clinics/K-3300', 'pathology/P-7781', 'radiology/R-100234']);
    expect(result.identifiers.map((i) => `${i.issuer}:${i.patientId}`)).toEqual([
      'LONGVIEW-RAD:R-100234',
      'LONGVIEW-CARD:C-55012',
      'LONGVIEW-PATH:P-7781',
      'LONGVIEW-CLIN:K-3300',
    ]);
    expect(result.identifiers[0]?.archiveIds).toEqual(['radiology']);
    expect(result.conflicts).toEqual([]);
  });

  it('never joins two people because their name and birth date agree', () => {
    const result = reconcile(carolRad, [carolRad, carolCard, namesake, namesakeCard], rules);
    expect(memberIds(result.members)).toEqual(['cardiology/C-55012', 'radiology/R-100234']);
    expect(memberIds(result.others)).toEqual(['cardiology/C-80001', 'radiology/R-200991']);
  });

  it('never joins the same ID string from another assigning authority', () => {
    const result = reconcile(carolRad, [carolRad, outsideDavid], rules);
    expect(memberIds(result.members)).toEqual(['radiology/R-100234']);
    expect(result.others).toEqual([outsideDavid]);
  });

  it('keeps issuer-less IDs inside their own archive', () => {
    const rulesWithoutDefaults: IdentityRules = { archiveIssuers: {}, issuerAliases: {} };
    const here = record({ archiveId: 'radiology', patientId: '12345' });
    const sameArchive = record({ archiveId: 'radiology', patientId: '12345' });
    const elsewhere = record({ archiveId: 'cardiology', patientId: '12345' });
    expect(recordKey(here, rulesWithoutDefaults)).toBe(recordKey(sameArchive, rulesWithoutDefaults));
    expect(recordKey(here, rulesWithoutDefaults)).not.toBe(recordKey(elsewhere, rulesWithoutDefaults));
    expect(memberIds(reconcile(here, [here, elsewhere], rulesWithoutDefaults).members)).toEqual(['radiology/12345']);
  });

  it('ignores a link that names no issuer: it could be anyone', () => {
    expect(identifierKey({ patientId: 'C-55012', issuer: undefined }, rules)).toBeUndefined();
    const vagueLink = { ...carolRad, otherIds: [{ patientId: 'C-55012', issuer: undefined }] };
    expect(memberIds(reconcile(vagueLink, [vagueLink, { ...carolCard, otherIds: [] }], rules).members)).toEqual(['radiology/R-100234']);
  });

  it('needs the configured alias to read an OID issuer as the local authority', () => {
    const withoutAlias: IdentityRules = { ...rules, issuerAliases: {} };
    const onlyPathLinksClinic = [carolRad, carolCard, carolPath, { ...carolClinic, otherIds: [] }];
    expect(reconcile(carolRad, onlyPathLinksClinic, rules).members).toHaveLength(4);
    expect(memberIds(reconcile(carolRad, onlyPathLinksClinic, withoutAlias).members)).not.toContain('clinics/K-3300');
  });

  it('joins identifiers asserted by a trusted launch, and only those', () => {
    const unlinkedCard = { ...carolCard, otherIds: [] };
    const asserted = [[{ patientId: 'R-100234', issuer: 'LONGVIEW-RAD' }, { patientId: 'C-55012', issuer: 'LONGVIEW-CARD' }]];
    const result = reconcile({ ...carolRad, otherIds: [] }, [unlinkedCard, namesake], rules, asserted);
    expect(memberIds(result.members)).toEqual(['cardiology/C-55012', 'radiology/R-100234']);
  });

  it('lists identifiers only known from links so that they can be searched for', () => {
    const result = reconcile(carolRad, [carolRad], rules);
    expect(result.identifiers.map((i) => [i.patientId, i.archiveIds])).toEqual([
      ['R-100234', ['radiology']],
      ['C-55012', []],
    ]);
  });

  it('reports linked records that disagree on birth date or sex', () => {
    const wrongBirth = { ...carolCard, birthDate: '19580924', sex: 'M' };
    expect(reconcile(carolRad, [carolRad, wrongBirth], rules).conflicts).toEqual([
      'Linked records give different birth dates: 19580923, 19580924.',
      'Linked records give different sexes: F, M.',
    ]);
  });
});

describe('sameRecord', () => {
  it('agrees with recordKey: spacing and issuer aliases do not make two records of one', () => {
    const byOid = record({ archiveId: 'clinics', patientId: ' K-3300 ', issuer: '2.16.840.1.113883.3.9999.4' });
    const byName = record({ archiveId: 'clinics', patientId: 'K-3300', issuer: 'LONGVIEW-CLIN' });
    const byDefault = record({ archiveId: 'clinics', patientId: 'K-3300', issuer: undefined });
    expect(recordKey(byOid, rules)).toBe(recordKey(byName, rules));
    expect(sameRecord(byOid, byName, rules)).toBe(true);
    expect(sameRecord(byName, byDefault, rules)).toBe(true);
    // Same key, another archive: another archive's record of the same identifier.
    expect(sameRecord(byName, { ...byName, archiveId: 'radiology' }, rules)).toBe(false);
    expect(sameRecord(byName, { ...byName, issuer: 'OUTSIDE-HOSP' }, rules)).toBe(false);
  });

  it('lets reconcile count an anchor written differently from its found record once', () => {
    const anchor = { ...carolClinic, patientId: 'K-3300 ', issuer: '2.16.840.1.113883.3.9999.4' };
    const result = reconcile(anchor, [carolClinic, carolRad], rules);
    expect(result.members).toHaveLength(2);
    expect(memberIds(result.members)).toEqual(['clinics/K-3300', 'radiology/R-100234']);
  });
});

describe('possibleOtherRecords', () => {
  it('offers unlinked records with the same name and birth date as a hint, never the others', () => {
    const result = reconcile(carolRad, [carolRad, carolCard], rules);
    const otherPerson = record({ archiveId: 'radiology', patientId: 'R-5', name: 'LONGVIEW^CAROLINE' });
    const otherBirth = record({ archiveId: 'radiology', patientId: 'R-6', birthDate: '19580924' });
    const hints = possibleOtherRecords(result, [carolRad, carolCard, namesake, namesake, namesakeCard, outsideDavid, otherPerson, otherBirth], rules);
    expect(memberIds(hints)).toEqual(['cardiology/C-80001', 'radiology/R-200991']);
  });
});

describe('identityRulesOf', () => {
  it('takes each archive\'s own issuer and the aliases from the configuration', () => {
    const rules = identityRulesOf({
      archives: [
        { id: 'radiology', patientIdIssuer: 'LONGVIEW-RAD' },
        { id: 'clinics', patientIdIssuer: undefined },
      ],
      identity: { issuerAliases: { '2.16.840.1.113883.3.9999.1': 'LONGVIEW-RAD' } },
    });
    expect(rules).toEqual({ archiveIssuers: { radiology: 'LONGVIEW-RAD', clinics: undefined }, issuerAliases: { '2.16.840.1.113883.3.9999.1': 'LONGVIEW-RAD' } });
    expect(canonicalIssuer('2.16.840.1.113883.3.9999.1', rules)).toBe('LONGVIEW-RAD');
  });
});
