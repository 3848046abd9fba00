/**
 * Which records in which archives are the same patient.
 *
 * A patient record is identified by (PatientID, IssuerOfPatientID): an ID means nothing
 * without the authority that assigned it, and two archives can hand out the same string to two
 * people. Records are joined only through explicit links — OtherPatientIDsSequence in the data,
 * issuer aliases configured by an administrator, identifiers asserted by an EHR launch — and
 * never because names and birth dates agree: two people can share both. Showing one patient's
 * images under another's banner is the error this module exists to prevent.
 */

export interface PatientIdentifier {
  patientId: string;
  /** IssuerOfPatientID as written; undefined when the data does not say. */
  issuer: string | undefined;
}

/** One archive's record of a patient, as its studies describe it. */
export interface PatientRecord extends PatientIdentifier {
  archiveId: string;
  name: string | undefined;
  birthDate: string | undefined;
  sex: string | undefined;
  /** OtherPatientIDsSequence; undefined while not yet known. */
  otherIds: readonly PatientIdentifier[] | undefined;
}

export interface IdentityRules {
  /** The issuer assumed for an archive's records that carry none (its configured domain). */
  archiveIssuers: Readonly<Record<string, string | undefined>>;
  /** Issuer spellings naming the same authority, e.g. an OID → its local name. */
  issuerAliases: Readonly<Record<string, string>>;
}

/**
 * The rules a viewer's configuration gives: each archive's own issuer for records that carry
 * none, and the issuer aliases. Written once for the app (archives/ArchivesContext.tsx) and its
 * boot script (boot/earlyTimeline.ts), which must reconcile alike.
 */
export function identityRulesOf(config: {
  archives: ReadonlyArray<{ id: string; patientIdIssuer?: string | undefined }>;
  identity: { issuerAliases: Readonly<Record<string, string>> };
}): IdentityRules {
  return {
    archiveIssuers: Object.fromEntries(config.archives.map((archive) => [archive.id, archive.patientIdIssuer])),
    issuerAliases: config.identity.issuerAliases,
  };
}

/** Opaque key of one identifier in one assigning authority. */
export type IdentityKey = string;

export interface LinkedIdentifier {
  patientId: string;
  /** Canonical issuer; undefined when the ID is only known inside one archive. */
  issuer: string | undefined;
  key: IdentityKey;
  /** Archives where records with this identifier were found (empty: only known from a link). */
  archiveIds: string[];
}

export interface Reconciliation {
  /** Every identifier joined to the anchor's, the anchor's first. */
  identifiers: LinkedIdentifier[];
  /** Records that belong to the anchor's patient. */
  members: PatientRecord[];
  /**
   * Records found while searching (same ID string, wrong authority; or unlinked) that are
   * somebody else as far as the data can tell.
   */
  others: PatientRecord[];
  /** Disagreements between joined records a clinician must see before trusting the view. */
  conflicts: string[];
}

const SEPARATOR = '\u0000';

export function canonicalIssuer(issuer: string | undefined, rules: IdentityRules): string | undefined {
  const trimmed = issuer?.trim();
  if (!trimmed) return undefined;
  return rules.issuerAliases[trimmed] ?? trimmed;
}

/**
 * The key of a record: its issuer (from the data, else its archive's configured domain), or,
 * with neither, the archive itself, so that an issuer-less ID never matches another archive's.
 */
export function recordKey(record: PatientRecord, rules: IdentityRules): IdentityKey {
  const issuer = canonicalIssuer(record.issuer ?? rules.archiveIssuers[record.archiveId], rules);
  const scope = issuer === undefined ? `archive:${record.archiveId}` : `issuer:${issuer}`;
  return `${scope}${SEPARATOR}${record.patientId.trim()}`;
}

/**
 * The key of a linked identifier, or undefined when it has no issuer: "patient 12345" with no
 * authority could be anyone in any archive, so it links nothing.
 */
export function identifierKey(identifier: PatientIdentifier, rules: IdentityRules): IdentityKey | undefined {
  const issuer = canonicalIssuer(identifier.issuer, rules);
  return issuer === undefined ? undefined : `issuer:${issuer}${SEPARATOR}${identifier.patientId.trim()}`;
}

/**
 * Whether two records are one archive's same local record. Compared on the canonical key, as
 * everything else here is: " R-1 " under an issuer's OID and "R-1" under its local name are
 * one record, and comparing raw strings would list it twice (once as the anchor, once found).
 */
export function sameRecord(a: PatientRecord, b: PatientRecord, rules: IdentityRules): boolean {
  return a.archiveId === b.archiveId && recordKey(a, rules) === recordKey(b, rules);
}

class DisjointSets {
  private readonly parent = new Map<IdentityKey, IdentityKey>();

  find(key: IdentityKey): IdentityKey {
    let root = key;
    while (this.parent.has(root) && this.parent.get(root) !== root) root = this.parent.get(root) as IdentityKey;
    this.parent.set(key, root);
    return root;
  }

  union(a: IdentityKey, b: IdentityKey): void {
    const rootA = this.find(a);
    const rootB = this.find(b);
    if (rootA !== rootB) this.parent.set(rootB, rootA);
  }
}

function parseKey(key: IdentityKey): { patientId: string; issuer: string | undefined } {
  const [scope = '', patientId = ''] = key.split(SEPARATOR);
  return { patientId, issuer: scope.startsWith('issuer:') ? scope.slice('issuer:'.length) : undefined };
}

/**
 * Joins the anchor record (the one the user opened) with every record linked to it, directly
 * or through other records. `assertedLinks` are groups of identifiers a trusted source (an EHR
 * launch) states to be one patient.
 */
export function reconcile(
  anchor: PatientRecord,
  records: readonly PatientRecord[],
  rules: IdentityRules,
  assertedLinks: readonly (readonly PatientIdentifier[])[] = [],
): Reconciliation {
  const sets = new DisjointSets();
  const all = records.some((r) => sameRecord(r, anchor, rules)) ? records : [anchor, ...records];
  for (const record of all) {
    const key = recordKey(record, rules);
    sets.find(key);
    for (const other of record.otherIds ?? []) {
      const linked = identifierKey(other, rules);
      if (linked !== undefined) sets.union(key, linked);
    }
  }
  for (const group of assertedLinks) {
    const keys = group.map((identifier) => identifierKey(identifier, rules)).filter((k): k is IdentityKey => k !== undefined);
    for (const key of keys.slice(1)) sets.union(keys[0] as IdentityKey, key);
  }

  const anchorKey = recordKey(anchor, rules);
  const anchorRoot = sets.find(anchorKey);
  const isLinked = (key: IdentityKey) => sets.find(key) === anchorRoot;
  const members = all.filter((record) => isLinked(recordKey(record, rules)));
  const others = all.filter((record) => !isLinked(recordKey(record, rules)));

  const identifiers = new Map<IdentityKey, LinkedIdentifier>();
  const addIdentifier = (key: IdentityKey, archiveId?: string) => {
    const existing = identifiers.get(key) ?? { ...parseKey(key), key, archiveIds: [] };
    if (archiveId && !existing.archiveIds.includes(archiveId)) existing.archiveIds.push(archiveId);
    identifiers.set(key, existing);
  };
  addIdentifier(anchorKey, anchor.archiveId);
  for (const record of members) addIdentifier(recordKey(record, rules), record.archiveId);
  for (const record of members) {
    for (const other of record.otherIds ?? []) {
      const key = identifierKey(other, rules);
      if (key !== undefined) addIdentifier(key);
    }
  }
  for (const group of assertedLinks) {
    for (const identifier of group) {
      const key = identifierKey(identifier, rules);
      if (key !== undefined && isLinked(key)) addIdentifier(key);
    }
  }

  return { identifiers: [...identifiers.values()], members, others, conflicts: demographicConflicts(members) };
}

/** Linked records that disagree on birth date or sex point at a linking error upstream. */
function demographicConflicts(members: readonly PatientRecord[]): string[] {
  const conflicts: string[] = [];
  const birthDates = distinct(members.map((m) => m.birthDate));
  if (birthDates.length > 1) conflicts.push(`Linked records give different birth dates: ${birthDates.join(', ')}.`);
  const sexes = distinct(members.map((m) => m.sex?.toUpperCase()));
  if (sexes.length > 1) conflicts.push(`Linked records give different sexes: ${sexes.join(', ')}.`);
  return conflicts;
}

function distinct(values: readonly (string | undefined)[]): string[] {
  return [...new Set(values.filter((v): v is string => v !== undefined && v.trim() !== ''))];
}

/** Family and given name only, upper case: "LONGVIEW^CAROL^A" and "Longview^Carol" compare equal. */
function comparableName(name: string | undefined): string | undefined {
  if (!name) return undefined;
  const [family = '', given = ''] = name.toUpperCase().split('^').map((part) => part.replace(/[^A-Z0-9]/g, ''));
  return family === '' ? undefined : `${family}^${given}`;
}

/**
 * Records that look like the patient (same family and given name and birth date) but are not
 * linked to them. These are only ever offered as a labelled hint: they may be somebody else.
 */
export function possibleOtherRecords(
  reconciliation: Reconciliation,
  candidates: readonly PatientRecord[],
  rules: IdentityRules,
): PatientRecord[] {
  const memberKeys = new Set(reconciliation.members.map((m) => recordKey(m, rules)));
  const linkedKeys = new Set(reconciliation.identifiers.map((i) => i.key));
  const looks = new Set(
    reconciliation.members.flatMap((m) => {
      const name = comparableName(m.name);
      return name && m.birthDate ? [`${name}|${m.birthDate}`] : [];
    }),
  );
  const seen = new Set<IdentityKey>();
  return candidates.filter((candidate) => {
    const key = recordKey(candidate, rules);
    if (memberKeys.has(key) || linkedKeys.has(key) || seen.has(key)) return false;
    const name = comparableName(candidate.name);
    if (!name || !candidate.birthDate || !looks.has(`${name}|${candidate.birthDate}`)) return false;
    seen.add(key);
    return true;
  });
}
