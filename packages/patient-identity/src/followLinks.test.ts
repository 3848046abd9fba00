import { describe, expect, it } from 'vitest';
import { followLinks, launchAnchorOf, qualifiedIdentifierOf, seedsOf, uniqueIdentifiers, type FollowLinksInput } from './followLinks';
import type { CrossReferences, QualifiedIdentifier } from './mpi/identitySource';
import type { IdentityRules, PatientIdentifier, PatientRecord } from './reconcile';
import { recordOf, type OtherPatientId, type PatientStudy } from './studyRecords';

const rules: IdentityRules = {
  archiveIssuers: { radiology: 'LONGVIEW-RAD', cardiology: 'LONGVIEW-CARD', pathology: 'LONGVIEW-PATH' },
  issuerAliases: { '2.16.840.1.113883.3.9999.1': 'LONGVIEW-RAD' },
};

interface ArchivedStudy extends PatientStudy {
  /** OtherPatientIDs as the archive would answer them; undefined: not asked yet. */
  links: OtherPatientId[] | undefined;
}

function study(archiveId: string, patientId: string, issuer: string | undefined, links: OtherPatientId[] | undefined, fields: Partial<PatientStudy> = {}): ArchivedStudy {
  return {
    archiveId,
    studyInstanceUid: `${archiveId}/${patientId}/${issuer ?? ''}`,
    patientId,
    issuerOfPatientId: issuer,
    patientName: 'LONGVIEW^CAROL',
    patientBirthDate: '19580923',
    patientSex: 'F',
    studyDate: '20240101',
    studyTime: undefined,
    links,
    ...fields,
  };
}

const link = (patientId: string, issuer: string | undefined): OtherPatientId => ({ patientId, issuerOfPatientId: issuer });
const qualified = (patientId: string, issuer: string): QualifiedIdentifier => ({ patientId, issuer });

// Carol's records link one way along a chain: radiology → cardiology → pathology.
const carolRad = study('radiology', 'R-100234', 'LONGVIEW-RAD', [link('C-55012', 'LONGVIEW-CARD')]);
const carolCard = study('cardiology', 'C-55012', undefined, [link('P-7781', 'LONGVIEW-PATH')]);
const carolPath = study('pathology', 'P-7781', 'LONGVIEW-PATH', []);
// Traps: another hospital's patient with Carol's ID string, name and birth date, whose own
// links lead on; and a namesake with another ID.
const outsideDavid = study('cardiology', 'R-100234', 'OUTSIDE-HOSP', [link('X-1', 'OUTSIDE-HOSP')]);
const namesake = study('radiology', 'R-200991', 'LONGVIEW-RAD', [link('N-1', 'LONGVIEW-CARD')]);
const archives = [carolRad, carolCard, carolPath, outsideDavid, namesake];

/** A search by patient ID answers every study with that ID string, whatever its issuer (as QIDO does). */
const searchedFor = (studies: readonly ArchivedStudy[]) => (patientIds: readonly string[]) => studies.filter((s) => patientIds.includes(s.patientId ?? ''));
const carolRecord = recordOf(carolRad, carolRad.links) as PatientRecord;

function followFromStudy(overrides: Partial<FollowLinksInput<ArchivedStudy>> = {}) {
  return followLinks<ArchivedStudy>({
    ...seedsOf({ kind: 'study', record: carolRecord }, rules),
    anchorOf: () => carolRecord,
    assertedLinks: [],
    rules,
    cachedStudies: searchedFor(archives),
    cachedLinks: (s) => s.links,
    cachedCrossReferences: () => undefined,
    ...overrides,
  });
}

describe('followLinks', () => {
  it('follows OtherPatientIDs from record to record, through records that link one way', () => {
    const { patientIds, linked } = followFromStudy();
    expect(patientIds).toEqual(['R-100234', 'C-55012', 'P-7781']);
    expect(linked).toEqual([qualified('R-100234', 'LONGVIEW-RAD'), qualified('C-55012', 'LONGVIEW-CARD'), qualified('P-7781', 'LONGVIEW-PATH')]);
  });

  it("never follows a record joined by name alone, nor another authority's record with the same ID string", () => {
    const { patientIds, linked } = followFromStudy();
    expect(patientIds).not.toContain('X-1');
    expect(patientIds).not.toContain('N-1');
    expect(patientIds).not.toContain('R-200991');
    expect(linked.map((identifier) => identifier.issuer)).not.toContain('OUTSIDE-HOSP');
  });

  it('goes no further than the links already read: a record whose links are not asked yet leads nowhere yet', () => {
    const { patientIds } = followFromStudy({ cachedLinks: (s) => (s === carolCard ? undefined : s.links) });
    expect(patientIds).toEqual(['R-100234', 'C-55012']);
  });

  it("links what the MPI says about a linked identifier, and searches for it, found in an archive or not", () => {
    const answers = new Map<string, CrossReferences>([['LONGVIEW-RAD/R-100234', { identifiers: [qualified('K-3300', 'LONGVIEW-CLIN')], ignoredSystems: [] }]]);
    const { patientIds, linked } = followFromStudy({ cachedCrossReferences: (identifier) => answers.get(`${identifier.issuer}/${identifier.patientId}`) });
    expect(patientIds).toEqual(['R-100234', 'C-55012', 'K-3300', 'P-7781']);
    expect(linked).toContainEqual(qualified('K-3300', 'LONGVIEW-CLIN'));
  });

  it("reaches the records the MPI names for a launched identifier that holds no images itself", () => {
    const ehr = qualified('E-1', 'LONGVIEW-EHR');
    const launched: PatientIdentifier[] = [ehr];
    const { patientIds, linked } = followLinks<ArchivedStudy>({
      ...seedsOf({ kind: 'launch', launched }, rules),
      anchorOf: (records, candidates) => launchAnchorOf(records, candidates, rules),
      assertedLinks: [launched],
      rules,
      cachedStudies: searchedFor(archives),
      cachedLinks: (s) => s.links,
      cachedCrossReferences: (identifier) => (identifier.patientId === 'E-1' ? { identifiers: [qualified('R-100234', 'LONGVIEW-RAD')], ignoredSystems: [] } : undefined),
    });
    expect(patientIds).toEqual(['E-1', 'R-100234', 'C-55012', 'P-7781']);
    expect(linked[0]).toEqual(ehr);
    expect(patientIds).not.toContain('X-1');
  });

  it("joins a launch's records as asserted links, though no data links them", () => {
    const launched: PatientIdentifier[] = [
      { patientId: 'P-7781', issuer: 'LONGVIEW-PATH' },
      { patientId: 'R-100234', issuer: 'LONGVIEW-RAD' },
    ];
    const unlinked = [{ ...carolRad, links: [] }, { ...carolPath, links: [] }, outsideDavid];
    const { seeds, seedIds } = seedsOf({ kind: 'launch', launched }, rules);
    const { patientIds, linked } = followLinks<ArchivedStudy>({
      seeds,
      seedIds,
      anchorOf: (records, candidates) => launchAnchorOf(records, candidates, rules),
      assertedLinks: [launched],
      rules,
      cachedStudies: searchedFor(unlinked),
      cachedLinks: (s) => s.links,
      cachedCrossReferences: () => undefined,
    });
    expect(patientIds).toEqual(['P-7781', 'R-100234']);
    expect(linked).toEqual([qualified('P-7781', 'LONGVIEW-PATH'), qualified('R-100234', 'LONGVIEW-RAD')]);
  });

  it('asks nothing more while the anchor is not known', () => {
    expect(followFromStudy({ anchorOf: () => undefined })).toEqual({ patientIds: ['R-100234'], linked: [qualified('R-100234', 'LONGVIEW-RAD')] });
    // The anchor study not read yet: nothing to start from.
    expect(followFromStudy(seedsOf({ kind: 'study', record: undefined }, rules))).toEqual({ patientIds: [], linked: [] });
  });
});

describe('launchAnchorOf', () => {
  const records = [recordOf(carolRad, [])!, recordOf(carolCard, [])!, recordOf(carolPath, [])!];

  it("picks the first record found in the launch's order, not in the order found", () => {
    const launched = [
      { patientId: 'P-7781', issuer: 'LONGVIEW-PATH' },
      { patientId: 'C-55012', issuer: 'LONGVIEW-CARD' },
    ];
    expect(launchAnchorOf(records, launched, rules)?.archiveId).toBe('pathology');
    expect(launchAnchorOf(records.slice(0, 2), launched, rules)?.archiveId).toBe('cardiology');
  });

  it("matches through issuer aliases and the archive's domain, never an identifier without an issuer", () => {
    expect(launchAnchorOf(records, [{ patientId: 'R-100234', issuer: '2.16.840.1.113883.3.9999.1' }], rules)?.archiveId).toBe('radiology');
    expect(launchAnchorOf(records, [{ patientId: 'C-55012', issuer: undefined }], rules)).toBeUndefined();
    expect(launchAnchorOf(records, [{ patientId: 'R-100234', issuer: 'OUTSIDE-HOSP' }], rules)).toBeUndefined();
  });
});

describe('seedsOf', () => {
  it("starts a launch from all its patient IDs, and asks the MPI only about those with an issuer, each once", () => {
    const launched = [
      { patientId: 'C-55012', issuer: 'LONGVIEW-CARD' },
      { patientId: 'R-100234', issuer: 'LONGVIEW-RAD' },
      { patientId: 'C-55012', issuer: 'LONGVIEW-CARD' },
      { patientId: 'Z-9', issuer: undefined },
    ];
    expect(seedsOf({ kind: 'launch', launched }, rules)).toEqual({
      seeds: [qualified('C-55012', 'LONGVIEW-CARD'), qualified('R-100234', 'LONGVIEW-RAD')],
      seedIds: ['C-55012', 'R-100234', 'Z-9'],
    });
  });

  it("starts a study's timeline from its record, qualified by the archive's domain when the data names no issuer", () => {
    expect(seedsOf({ kind: 'study', record: recordOf(carolCard, [])! }, rules)).toEqual({ seeds: [qualified('C-55012', 'LONGVIEW-CARD')], seedIds: ['C-55012'] });
    const noDomain = recordOf(study('clinics', '12345', undefined, []), [])!;
    expect(seedsOf({ kind: 'study', record: noDomain }, rules)).toEqual({ seeds: [], seedIds: ['12345'] });
    expect(seedsOf({ kind: 'study', record: undefined }, rules)).toEqual({ seeds: [], seedIds: [] });
  });
});

describe('qualifiedIdentifierOf and uniqueIdentifiers', () => {
  it('qualify a record by its canonical issuer, its ID trimmed', () => {
    const spaced = recordOf(study('radiology', ' R-100234 ', '2.16.840.1.113883.3.9999.1', []), [])!;
    expect(qualifiedIdentifierOf(spaced, rules)).toEqual(qualified('R-100234', 'LONGVIEW-RAD'));
  });

  it('keep the first of each identifier, in order', () => {
    const a = qualified('A', 'X');
    expect(uniqueIdentifiers([a, qualified('B', 'X'), qualified('A', 'X'), qualified('A', 'Y')])).toEqual([a, qualified('B', 'X'), qualified('A', 'Y')]);
  });
});
