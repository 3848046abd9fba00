/**
 * IHE PIXm (ITI-83, Mobile Patient Identifier Cross-reference Query): 
 * `GET [base]/Patient/$ihe-pix?sourceIdentifier=system|value` answers a FHIR `Parameters`
 * whose `targetIdentifier` parameters are the patient's identifiers in other domains (and
 * `targetId` references to Patient resources, which are not identifiers and are not used).
 * Per ITI-83, an unknown patient is 404 and an unknown domain 400, each with an OperationOutcome.
 */
import { fhirUrlOf, getFhirJson, isObject, sourceName, tokenParameter, type FhirSourceOptions } from './fhirRequest';
import { qualifyIdentifiers } from './identifiers';
import { IdentitySourceError, type CrossReferences, type IdentifierSystemMap, type IdentitySource, type QualifiedIdentifier } from './identitySource';

export interface PixmOptions extends FhirSourceOptions {
  systems: IdentifierSystemMap;
}

/** Reads the targetIdentifier parameters of a PIXm answer; anything else there is an error. */
export function readPixmAnswer(body: unknown, systems: IdentifierSystemMap, name: string): CrossReferences {
  if (!isObject(body) || body.resourceType !== 'Parameters') {
    throw new IdentitySourceError('malformed', `${name} sent an answer that is not a FHIR Parameters resource; it is not used.`);
  }
  // No parameter at all is how PIXm says "no other identifiers".
  if (body.parameter !== undefined && !Array.isArray(body.parameter)) {
    throw new IdentitySourceError('malformed', `${name} sent Parameters whose "parameter" is not a list; it is not used.`);
  }
  const parameters = (body.parameter ?? []) as unknown[];
  const targets = parameters.filter((p) => isObject(p) && p.name === 'targetIdentifier');
  if (parameters.some((p) => !isObject(p) || typeof p.name !== 'string')) {
    throw new IdentitySourceError('malformed', `${name} sent a parameter without a name; its answer is not used.`);
  }
  return qualifyIdentifiers(
    targets.map((p) => (p as Record<string, unknown>).valueIdentifier),
    systems,
    name,
    'a targetIdentifier',
  );
}

/**
 * The search parameters of the ITI-83 question about `identifier`, exactly as the client sends
 * them (an audit record names what was asked); undefined when its issuer maps to no identifier
 * system, and then nothing is asked.
 */
export function pixmQueryOf(identifier: QualifiedIdentifier, systems: IdentifierSystemMap): { sourceIdentifier: string } | undefined {
  const system = systems.systemOf(identifier.issuer);
  return system === undefined ? undefined : { sourceIdentifier: tokenParameter(system, identifier.patientId.trim()) };
}

/** The path and query of the ITI-83 question about `identifier`, relative to the FHIR base; undefined as pixmQueryOf. */
function pixmPathOf(identifier: QualifiedIdentifier, systems: IdentifierSystemMap): string | undefined {
  const query = pixmQueryOf(identifier, systems);
  return query === undefined ? undefined : `Patient/$ihe-pix?${new URLSearchParams(query).toString()}`;
}

/**
 * The URL of the ITI-83 question about `identifier`, exactly as the client asks it (so that an
 * answer fetched before the app loaded, boot/earlyTimeline.ts, is found by it); undefined as pixmQueryOf.
 */
export function pixmUrlOf(base: string, identifier: QualifiedIdentifier, systems: IdentifierSystemMap): string | undefined {
  const path = pixmPathOf(identifier, systems);
  return path === undefined ? undefined : fhirUrlOf(base, path);
}

/** The cross-references a PIXm answer about `identifier` gives: its target identifiers, less `identifier` itself. */
export function crossReferencesOfPixmAnswer(body: unknown, identifier: QualifiedIdentifier, systems: IdentifierSystemMap, name: string): CrossReferences {
  const answer = readPixmAnswer(body, systems, name);
  // The source identifier is not a cross-reference of itself, whatever the server repeats.
  const self = (other: QualifiedIdentifier) => other.issuer === identifier.issuer && other.patientId === identifier.patientId.trim();
  return { ...answer, identifiers: answer.identifiers.filter((other) => !self(other)) };
}

/** A PIXm client: one identity source, made from its configuration. */
export function createPixmSource(options: PixmOptions): IdentitySource {
  const name = sourceName(options);
  return {
    name,
    async crossReferences(identifier: QualifiedIdentifier, signal?: AbortSignal): Promise<CrossReferences> {
      const path = pixmPathOf(identifier, options.systems);
      if (path === undefined) return { identifiers: [], ignoredSystems: [] };
      return crossReferencesOfPixmAnswer(await getFhirJson(options, path, signal), identifier, options.systems, name);
    },
  };
}
