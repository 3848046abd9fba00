/** FHIR Identifiers from an identity source's answer, mapped to issuers or set aside. */
import type { CrossReferences, IdentifierSystemMap, QualifiedIdentifier } from './identitySource';
import { IdentitySourceError } from './identitySource';
import { isObject } from './fhirRequest';

/**
 * Maps FHIR Identifiers to issuer-qualified identifiers. An Identifier without a string system
 * and value is a malformed answer (`where` names the element); one whose system maps to no
 * issuer is set aside by system only.
 */
export function qualifyIdentifiers(raw: readonly unknown[], systems: IdentifierSystemMap, sourceName: string, where: string): CrossReferences {
  const identifiers: QualifiedIdentifier[] = [];
  const ignoredSystems: string[] = [];
  for (const identifier of raw) {
    if (!isObject(identifier) || typeof identifier.system !== 'string' || typeof identifier.value !== 'string' || identifier.value.trim() === '') {
      throw new IdentitySourceError('malformed', `${sourceName} sent ${where} without a system and a value; its answer is not used.`);
    }
    const issuer = systems.issuerOf(identifier.system.trim());
    const patientId = identifier.value.trim();
    // Searched for in every archive next: a QIDO wildcard (PS3.4 C.2.2.2.4) or a value list
    // would fetch other patients' studies (never joined, but disclosed and audited).
    if (/[*?\\]/.test(patientId) || patientId.length > 64) {
      throw new IdentitySourceError('malformed', `${sourceName} sent ${where} that could match other patients (a wildcard, or over 64 characters); its answer is not used.`);
    }
    if (issuer === undefined) {
      if (!ignoredSystems.includes(identifier.system)) ignoredSystems.push(identifier.system);
    } else if (!identifiers.some((known) => known.issuer === issuer && known.patientId === patientId)) {
      identifiers.push({ patientId, issuer });
    }
  }
  return { identifiers, ignoredSystems };
}
