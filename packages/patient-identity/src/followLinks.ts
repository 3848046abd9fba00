/**
 * Which identifiers to search for next, from what the searches so far have found. A timeline
 * grows by following links (OtherPatientIDs in the data, a launch's assertion, the MPI's
 * answers) from record to record; `reconcile` alone decides what is linked, never a name.
 */
import { mpiLinkGroups } from './mpi/mpiAnswers';
import type { CrossReferences, QualifiedIdentifier } from './mpi/identitySource';
import { canonicalIssuer, identifierKey, reconcile, recordKey, type IdentityRules, type PatientIdentifier, type PatientRecord } from './reconcile';
import { newestStudyPerRecord, recordOf, type OtherPatientId, type PatientStudy } from './studyRecords';

/** Where a timeline starts: the identifiers an EHR launch named, or the record of the study it was opened from (undefined until known). */
export type LinkStart =
  | { kind: 'launch'; launched: readonly PatientIdentifier[] }
  | { kind: 'study'; record: PatientRecord | undefined };

/** An identifier the MPI can be asked about: one with an issuer (from the data or the archive's domain). */
export function qualifiedIdentifierOf(record: PatientRecord, rules: IdentityRules): QualifiedIdentifier | undefined {
  const issuer = canonicalIssuer(record.issuer ?? rules.archiveIssuers[record.archiveId], rules);
  return issuer === undefined ? undefined : { patientId: record.patientId.trim(), issuer };
}

/** Each identifier once, the first of each kept in its place; compared as written (issuer and ID). */
export function uniqueIdentifiers(identifiers: readonly QualifiedIdentifier[]): QualifiedIdentifier[] {
  const seen = new Set<string>();
  return identifiers.filter((identifier) => {
    const key = `${identifier.issuer}\u0000${identifier.patientId}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The first record (in the launch's order) that is one of the launched patient's: the banner's
 * patient. Any would do for joining, since the launch asserts all its records as one patient.
 */
export function launchAnchorOf(records: readonly PatientRecord[], launched: readonly PatientIdentifier[], rules: IdentityRules): PatientRecord | undefined {
  for (const identifier of launched) {
    const key = identifierKey(identifier, rules);
    const found = records.find((record) => recordKey(record, rules) === key);
    if (found) return found;
  }
  return undefined;
}

/**
 * Where following links starts: the patient IDs to search every archive for, and the
 * issuer-qualified identifiers among them (what the MPI can be asked about). A launch's
 * identifier without an issuer is still searched for, but never asked about.
 */
export function seedsOf(start: LinkStart, rules: IdentityRules): { seeds: QualifiedIdentifier[]; seedIds: string[] } {
  if (start.kind === 'launch') {
    const { launched } = start;
    return {
      seeds: uniqueIdentifiers(launched.flatMap((identifier) => (identifier.issuer ? [{ patientId: identifier.patientId, issuer: identifier.issuer }] : []))),
      seedIds: [...new Set(launched.map((identifier) => identifier.patientId))],
    };
  }
  const identifier = start.record ? qualifiedIdentifierOf(start.record, rules) : undefined;
  return { seeds: identifier ? [identifier] : [], seedIds: start.record ? [start.record.patientId] : [] };
}

export interface FollowLinksInput<Study extends PatientStudy> {
  /** Identifiers the timeline starts from (the anchor's, or the launch's), issuer-qualified. */
  seeds: readonly QualifiedIdentifier[];
  seedIds: readonly string[];
  /** The banner's record among those found, given the identifiers linked so far. */
  anchorOf: (records: readonly PatientRecord[], candidates: readonly PatientIdentifier[]) => PatientRecord | undefined;
  /** Groups of identifiers a trusted source (an EHR launch) states to be one patient. */
  assertedLinks: readonly (readonly PatientIdentifier[])[];
  rules: IdentityRules;
  /** What every archive has answered so far for these patient IDs. */
  cachedStudies: (patientIds: readonly string[]) => Study[];
  /** A study's OtherPatientIDs, when asked already. */
  cachedLinks: (study: Study) => readonly OtherPatientId[] | undefined;
  /** The MPI's answer about an identifier, when asked already. */
  cachedCrossReferences: (identifier: QualifiedIdentifier) => CrossReferences | undefined;
}

/** Passes enough to reach every record a chain of links leads to; each pass only reads what is cached. */
const MAX_PASSES = 8;

/**
 * What to ask next, from what has been found (read from the query cache): the patient IDs to
 * search every archive for, and the issuer-qualified identifiers linked to the patient (to ask
 * the MPI about). Starts from the seeds; every pass reconciles the records found with the links
 * in their data, the launch's and the MPI's answers, until nothing new is linked.
 */
export function followLinks<Study extends PatientStudy>({
  seeds,
  seedIds,
  anchorOf,
  assertedLinks,
  rules,
  cachedStudies,
  cachedLinks,
  cachedCrossReferences,
}: FollowLinksInput<Study>): {
  patientIds: string[];
  linked: QualifiedIdentifier[];
} {
  let patientIds = [...new Set(seedIds)];
  let linked = [...seeds];
  for (let pass = 0; pass < MAX_PASSES && patientIds.length > 0; pass += 1) {
    const mpiLinks = mpiLinkGroups(linked, cachedCrossReferences);
    const studies = cachedStudies(patientIds);
    const newest = newestStudyPerRecord(studies, rules);
    const records = [...newest.values()]
      .map((study) => recordOf(study, cachedLinks(study)))
      .filter((r): r is PatientRecord => r !== undefined);
    const anchor = anchorOf(records, [...linked, ...mpiLinks.flat()]);
    const identifiers = anchor ? reconcile(anchor, records, rules, [...assertedLinks, ...mpiLinks]).identifiers : [];
    const nextLinked = uniqueIdentifiers([
      ...linked,
      // What the MPI says about a linked identifier is linked too, found in an archive or not.
      ...mpiLinks.flat(),
      ...identifiers.flatMap((identifier) => (identifier.issuer ? [{ patientId: identifier.patientId, issuer: identifier.issuer }] : [])),
    ]);
    const nextIds = [...new Set([...patientIds, ...identifiers.map((identifier) => identifier.patientId), ...nextLinked.map((identifier) => identifier.patientId)])];
    if (nextIds.length === patientIds.length && nextLinked.length === linked.length) break;
    patientIds = nextIds;
    linked = nextLinked;
  }
  return { patientIds, linked };
}
