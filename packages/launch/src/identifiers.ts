/**
 * From what an EHR names (a FHIR Identifier, an HL7 CX) to the (patient ID, issuer) records the
 * archives hold. An identifier is only ever mapped through configuration: an unknown system or
 * authority is reported, never guessed, because an ID string without its authority could be
 * anybody (two archives hand out the same numbers to different people).
 */
import type { IdentityConfig, ViewerConfig } from '@longview/dicomweb';
import { canonicalIssuer, type IdentifierSystemMap } from '@longview/patient-identity';
import type { Cx } from './cx';

/** One patient record a launch asks for: an ID under the issuer the archives know it by. */
export interface LaunchRecord {
  patientId: string;
  /** Canonical issuer (identity.issuerAliases applied). */
  issuer: string;
}

export type LaunchIdentityConfig = Pick<ViewerConfig, 'archives' | 'identity' | 'launch'>;

/** A FHIR Identifier, as much of it as matters here. */
export interface FhirIdentifierLike {
  system?: string | undefined;
  value?: string | undefined;
}

/** Why an identifier was left out; never carries its value (a patient ID). */
export interface SkippedIdentifier {
  system: string | undefined;
  reason: 'no-system' | 'no-value' | 'unmapped-system' | 'unsafe-value';
}

const OID_URN = 'urn:oid:';

/** An issuer as the archives know it: trimmed, aliases applied (an OID and its local name agree). */
export function resolveIssuer(raw: string, identity: IdentityConfig): string {
  return canonicalIssuer(raw, { archiveIssuers: {}, issuerAliases: identity.issuerAliases }) ?? raw.trim();
}

/**
 * The issuer for a FHIR Identifier.system: the configured mapping, else, for `urn:oid:X`, the
 * issuer X is a configured alias of. Undefined when configuration says nothing about it.
 */
export function issuerForFhirSystem(system: string | undefined, config: Pick<ViewerConfig, 'identity' | 'launch'>): string | undefined {
  const trimmed = system?.trim();
  if (!trimmed) return undefined;
  const mapped = config.launch?.identifierSystems[trimmed];
  if (mapped !== undefined) return resolveIssuer(mapped, config.identity);
  if (trimmed.startsWith(OID_URN)) {
    const alias = config.identity.issuerAliases[trimmed.slice(OID_URN.length)];
    if (alias !== undefined) return resolveIssuer(alias, config.identity);
  }
  return undefined;
}

/**
 * A value that would mean more than one patient to QIDO-RS: `*` and `?` are wildcards
 * (PS3.4 C.2.2.2.4) and `\` separates values, so "R-1*" would fetch every R-1… patient.
 */
export function isUnsafePatientId(patientId: string): boolean {
  return /[*?\\]/.test(patientId) || patientId.length > 64;
}

/** The (patient ID, issuer) records to search for a FHIR Patient's identifiers, without repeats. */
export function recordsFromIdentifiers(
  identifiers: readonly FhirIdentifierLike[],
  config: Pick<ViewerConfig, 'identity' | 'launch'>,
): { records: LaunchRecord[]; skipped: SkippedIdentifier[] } {
  const records: LaunchRecord[] = [];
  const skipped: SkippedIdentifier[] = [];
  for (const identifier of identifiers) {
    const system = identifier.system?.trim() || undefined;
    const patientId = identifier.value?.trim() ?? '';
    if (system === undefined) skipped.push({ system, reason: 'no-system' });
    else if (patientId === '') skipped.push({ system, reason: 'no-value' });
    else if (isUnsafePatientId(patientId)) skipped.push({ system, reason: 'unsafe-value' });
    else {
      const issuer = issuerForFhirSystem(system, config);
      if (issuer === undefined) skipped.push({ system, reason: 'unmapped-system' });
      else if (!records.some((r) => r.patientId === patientId && r.issuer === issuer)) records.push({ patientId, issuer });
    }
  }
  return { records, skipped };
}

/** Every issuer the configuration knows: archives' own, alias targets, launch mappings. */
function knownIssuers(config: LaunchIdentityConfig): Set<string> {
  const names = [
    ...config.archives.map((archive) => archive.patientIdIssuer),
    ...Object.values(config.identity.issuerAliases),
    ...Object.values(config.launch?.identifierSystems ?? {}),
  ].filter((name): name is string => name !== undefined);
  return new Set(names.map((name) => resolveIssuer(name, config.identity)));
}

/**
 * The record an HL7 CX names. Its assigning authority may give a namespace, a universal ID or
 * both (they name one authority): the one the configuration knows decides; two that resolve
 * to different known issuers contradict each other and are refused rather than picked from.
 */
export function recordFromCx(cx: Cx, config: LaunchIdentityConfig): { kind: 'ok'; record: LaunchRecord } | { kind: 'error'; message: string } {
  if (isUnsafePatientId(cx.patientId)) {
    return { kind: 'error', message: 'contains "*", "?" or "\\", or is longer than 64 characters: it could match other patients.' };
  }
  if (cx.issuerCandidates.length === 0) {
    return { kind: 'error', message: 'names no assigning authority (ID^^^Issuer): an ID alone could belong to anybody.' };
  }
  const known = knownIssuers(config);
  const resolved = [
    ...new Set(
      cx.issuerCandidates.map((candidate) =>
        candidate.startsWith(OID_URN) || candidate.includes(':')
          ? (issuerForFhirSystem(candidate, config) ?? resolveIssuer(candidate, config.identity))
          : resolveIssuer(candidate, config.identity),
      ),
    ),
  ];
  const recognised = resolved.filter((issuer) => known.has(issuer));
  if (recognised.length > 1) {
    return { kind: 'error', message: `names an assigning authority whose parts denote different issuers (${recognised.join(', ')}).` };
  }
  return { kind: 'ok', record: { patientId: cx.patientId, issuer: recognised[0] ?? (resolved[0] as string) } };
}

/**
 * The identity source's view of `launch.identifierSystems`: a system maps to its issuer as for a
 * launch; an issuer is asked about under the first system the configuration lists for it (an
 * MPI knows each domain under one system; list that one first).
 */
export function identifierSystemMap(config: Pick<ViewerConfig, 'identity' | 'launch'>): IdentifierSystemMap {
  const systems = Object.keys(config.launch?.identifierSystems ?? {});
  return {
    issuerOf: (system) => issuerForFhirSystem(system, config),
    systemOf: (issuer) => {
      const canonical = resolveIssuer(issuer, config.identity);
      return systems.find((system) => issuerForFhirSystem(system, config) === canonical);
    },
  };
}
