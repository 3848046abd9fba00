/**
 * An enterprise identity source: the hospital's master patient index (MPI), asked which other
 * records are the same patient as one record. Its answers are links like those in the data
 * (`reconcile`'s asserted links), but they come from the authority that settles identity, so
 * they point both ways: a record that no other record's data names is still found.
 *
 * Only issuer-qualified identifiers ever come out: an identifier system the configuration does
 * not map to an issuer is counted and dropped, never guessed (an ID without its authority could
 * be anybody).
 */
import type { PatientIdentifier } from '../reconcile';

/** An identifier with the issuer the archives know it by (never undefined here). */
export interface QualifiedIdentifier extends PatientIdentifier {
  issuer: string;
}

/** How the MPI's FHIR identifier systems and the archives' issuers name each other. */
export interface IdentifierSystemMap {
  /** The canonical issuer of a FHIR Identifier.system; undefined when configuration says nothing. */
  issuerOf(system: string): string | undefined;
  /** The system to name an issuer's identifiers with when asking; undefined: it cannot be asked about. */
  systemOf(issuer: string): string | undefined;
}

/** What the MPI says about one record. */
export interface CrossReferences {
  /** Every other identifier of the same patient the MPI holds, mapped to issuers. */
  identifiers: QualifiedIdentifier[];
  /** Identifiers left out because their system maps to no issuer (their systems, never their values). */
  ignoredSystems: string[];
}

export interface IdentitySource {
  /** Display name for chips and messages, e.g. "Master patient index". */
  readonly name: string;
  /**
   * The other identifiers of `identifier`'s patient. Rejects with an IdentitySourceError;
   * an identifier whose issuer has no system resolves to no cross-references, unasked.
   */
  crossReferences(identifier: QualifiedIdentifier, signal?: AbortSignal): Promise<CrossReferences>;
}

/**
 * `unavailable`: no answer, a 5xx, or too slow (retrying may help). `refused`: a 4xx, with the
 * MPI's own OperationOutcome message when it gave one. `malformed`: an answer that is not what
 * the profile says, which is never read half-way.
 */
export type IdentitySourceErrorKind = 'unavailable' | 'refused' | 'unauthorized' | 'malformed';

export class IdentitySourceError extends Error {
  readonly kind: IdentitySourceErrorKind;
  readonly status: number | undefined;
  /** The sentence a clinician sees; carries no patient identifier. */
  readonly userMessage: string;
  readonly isRetryable: boolean;

  constructor(kind: IdentitySourceErrorKind, userMessage: string, status?: number) {
    super(userMessage);
    this.name = 'IdentitySourceError';
    this.kind = kind;
    this.status = status;
    this.userMessage = userMessage;
    this.isRetryable = kind === 'unavailable';
  }
}
