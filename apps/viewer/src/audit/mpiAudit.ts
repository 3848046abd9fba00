import type { AuditOutcome, IdentitySourceReference, PatientReference } from '@longview/audit';
import type { MpiConfig } from '@longview/dicomweb';
import {
  IdentitySourceError,
  pixmQueryOf,
  type CrossReferences,
  type IdentifierSystemMap,
  type IdentitySource,
  type QualifiedIdentifier,
} from '@longview/patient-identity';
import type { RecordAudit } from './AuditContext';

/** The PIXm MPI as an audit event names it: its key in config.json `identity`, display name and FHIR base. */
export function pixmReference(config: MpiConfig): IdentitySourceReference {
  return { id: 'pixm', name: config.name, url: config.base };
}

/** How a failed MPI question ends up in the audit record: the error kind, never its message. */
export function mpiFailureOf(error: unknown): AuditOutcome {
  return error instanceof IdentitySourceError
    ? { kind: 'failure', errorKind: error.kind, status: error.status }
    : { kind: 'failure', errorKind: 'unexpected' };
}

const patientOf = (identifier: QualifiedIdentifier): PatientReference => ({ value: identifier.patientId, issuer: identifier.issuer });

/**
 * The PIXm source with every question it sends the MPI recorded as an ITI-83 patient query: the
 * identifier asked about and every identifier the answer disclosed, or the failure, stored
 * before the answer is returned (like `auditedStudySearch`). A question the viewer cancelled
 * itself disclosed nothing and is not recorded; neither is one PIXm never sends (an issuer with
 * no identifier system). An answer from the query cache never reaches the source, so it is not
 * recorded again.
 */
export function auditedPixmSource(recordAudit: RecordAudit, source: IdentitySource, mpi: IdentitySourceReference, systems: IdentifierSystemMap): IdentitySource {
  return {
    name: source.name,
    async crossReferences(identifier: QualifiedIdentifier, signal?: AbortSignal): Promise<CrossReferences> {
      // The same parameters the source sends; none: it answers "no cross-references" unasked.
      const query = pixmQueryOf(identifier, systems);
      if (query === undefined) return source.crossReferences(identifier, signal);
      const base = { kind: 'mpi-query' as const, source: mpi, transaction: 'ITI-83' as const, query };
      const asked = patientOf({ ...identifier, patientId: identifier.patientId.trim() });
      let answer: CrossReferences;
      try {
        answer = await source.crossReferences(identifier, signal);
      } catch (error) {
        // The source passes the caller's own cancellation on as it is (not an
        // IdentitySourceError), so the caller's signal is what tells a cancelled question.
        if (!signal?.aborted) await recordAudit({ ...base, patients: [asked], outcome: mpiFailureOf(error) });
        throw error;
      }
      // Stored before the answer is used: a reader who leaves the page at once must not take
      // the record of what was disclosed with them (the queue delivers it from the next page).
      await recordAudit({ ...base, patients: [asked, ...answer.identifiers.map(patientOf)], outcome: { kind: 'success' } });
      return answer;
    },
  };
}
