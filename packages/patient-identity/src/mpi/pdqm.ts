/**
 * IHE PDQm (ITI-78, Mobile Patient Demographics Query): a FHIR `Patient` search on the MPI,
 * here by identifier (`GET [base]/Patient?identifier=system|value`). Each Patient found brings
 * its identifiers (mapped to issuers like PIXm's) and the demographics the MPI holds, which a
 * caller can hold against what the images' own records say.
 */
import { getFhirJson, isObject, sourceName, tokenParameter, type FhirSourceOptions } from './fhirRequest';
import { qualifyIdentifiers } from './identifiers';
import { IdentitySourceError, type IdentifierSystemMap, type QualifiedIdentifier } from './identitySource';

export interface PdqmOptions extends FhirSourceOptions {
  systems: IdentifierSystemMap;
}

/** One Patient of a PDQm answer, with DICOM-shaped demographics. */
export interface MpiPatient {
  /** The Patient resource id (opaque). */
  id: string | undefined;
  identifiers: QualifiedIdentifier[];
  ignoredSystems: string[];
  /** DICOM DA (YYYYMMDD); undefined when the MPI holds none. */
  birthDate: string | undefined;
  /** DICOM sex code (F, M, O); undefined when the MPI holds none or "unknown". */
  sex: string | undefined;
  /** DICOM PN "FAMILY^GIVEN". */
  name: string | undefined;
}

const DICOM_SEX: Record<string, string> = { female: 'F', male: 'M', other: 'O' };

function dicomDate(fhirDate: unknown): string | undefined {
  return typeof fhirDate === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(fhirDate) ? fhirDate.replaceAll('-', '') : undefined;
}

function dicomName(names: unknown): string | undefined {
  if (!Array.isArray(names)) return undefined;
  const first: unknown = names.find((n) => isObject(n) && n.use === 'official') ?? names[0];
  if (!isObject(first) || typeof first.family !== 'string') return undefined;
  const given = Array.isArray(first.given) ? first.given.filter((g): g is string => typeof g === 'string') : [];
  return [first.family, ...given].join('^');
}

/** Reads a PDQm searchset Bundle of Patients; anything else is an error. */
export function readPdqmAnswer(body: unknown, systems: IdentifierSystemMap, name: string): MpiPatient[] {
  if (!isObject(body) || body.resourceType !== 'Bundle' || (body.entry !== undefined && !Array.isArray(body.entry))) {
    throw new IdentitySourceError('malformed', `${name} sent an answer that is not a FHIR Bundle; it is not used.`);
  }
  const entries = (body.entry ?? []) as unknown[];
  return entries.flatMap((entry): MpiPatient[] => {
    const resource = isObject(entry) ? entry.resource : undefined;
    // A searchset may carry an OperationOutcome entry (search mode "outcome"): not a patient.
    if (isObject(resource) && resource.resourceType === 'OperationOutcome') return [];
    if (!isObject(resource) || resource.resourceType !== 'Patient') {
      throw new IdentitySourceError('malformed', `${name} sent a Bundle entry that is not a Patient; its answer is not used.`);
    }
    if (resource.identifier !== undefined && !Array.isArray(resource.identifier)) {
      throw new IdentitySourceError('malformed', `${name} sent a Patient whose "identifier" is not a list; its answer is not used.`);
    }
    const { identifiers, ignoredSystems } = qualifyIdentifiers((resource.identifier ?? []) as unknown[], systems, name, 'a Patient identifier');
    return [
      {
        id: typeof resource.id === 'string' ? resource.id : undefined,
        identifiers,
        ignoredSystems,
        birthDate: dicomDate(resource.birthDate),
        sex: typeof resource.gender === 'string' ? DICOM_SEX[resource.gender] : undefined,
        name: dicomName(resource.name),
      },
    ];
  });
}

export interface PdqmClient {
  readonly name: string;
  /** The MPI's patients that hold `identifier`: none, one, or (a duplicate in the MPI) several. */
  patientsWithIdentifier(identifier: QualifiedIdentifier, signal?: AbortSignal): Promise<MpiPatient[]>;
}

export function createPdqmClient(options: PdqmOptions): PdqmClient {
  const name = sourceName(options);
  return {
    name,
    async patientsWithIdentifier(identifier, signal) {
      const system = options.systems.systemOf(identifier.issuer);
      if (system === undefined) return [];
      const query = new URLSearchParams({ identifier: tokenParameter(system, identifier.patientId.trim()) });
      return readPdqmAnswer(await getFhirJson(options, `Patient?${query.toString()}`, signal), options.systems, name);
    },
  };
}
