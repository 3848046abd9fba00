/**
 * What the master patient index's answers mean for a patient's timeline: the links they assert,
 * and the one chip that says how asking it stands.
 */
import type { IdentityKey, Reconciliation } from '../reconcile';
import { IdentitySourceError, type CrossReferences, type QualifiedIdentifier } from './identitySource';

/**
 * How one question to the MPI stands: the part of a TanStack Query result the chip reads
 * (declared here so that this package needs no query library; a `UseQueryResult` fits it).
 */
export interface MpiQuestionState {
  status: 'pending' | 'error' | 'success';
  fetchStatus: 'fetching' | 'paused' | 'idle';
  /** Attempts that failed so far. */
  failureCount: number;
  /** Why it failed for good (status 'error'). */
  error: unknown;
  /** Why the last attempt failed, also while it is tried again. */
  failureReason: unknown;
  data: CrossReferences | undefined;
}

/** How the master patient index's part of the timeline stands (one chip, like an archive's). */
export interface MpiTimelineStatus {
  name: string;
  state: 'searching' | 'retrying' | 'answered' | 'failed';
  error: IdentitySourceError | undefined;
  failureCount: number;
  /** Identifiers the MPI joined that nothing in the data or the launch had. */
  addedKeys: IdentityKey[];
  /** Identifier systems in its answers that config.json maps to no issuer: left out. */
  ignoredSystems: string[];
}

/**
 * Each answered MPI question as a group of identifiers it asserts are one patient (the asked
 * identifier first): `reconcile`'s asserted links. An empty answer asserts nothing.
 */
export function mpiLinkGroups(
  asked: readonly QualifiedIdentifier[],
  answerOf: (identifier: QualifiedIdentifier) => CrossReferences | undefined,
): QualifiedIdentifier[][] {
  return asked.flatMap((identifier) => {
    const answer = answerOf(identifier);
    return answer && answer.identifiers.length > 0 ? [[identifier, ...answer.identifiers]] : [];
  });
}

/**
 * The MPI chip: failed once a question failed for good, retrying while one is tried again,
 * searching while any is out; and which identifiers only the MPI joined (against what the data
 * and the launch join without it).
 */
export function mpiStatus(
  name: string,
  questions: readonly MpiQuestionState[],
  withoutMpi: Reconciliation | undefined,
  withMpi: Reconciliation | undefined,
): MpiTimelineStatus {
  const failed = questions.find((q) => q.status === 'error' && q.fetchStatus === 'idle');
  const retrying = questions.find((q) => q.failureCount > 0 && q.fetchStatus === 'fetching');
  // Nothing to ask (a record whose IDs have no issuer) is an answer too, once the anchor is known.
  const isSearching = questions.some((q) => q.status === 'pending') || (questions.length === 0 && withMpi === undefined);
  const error = failed?.error ?? retrying?.failureReason ?? undefined;
  const known = new Set(withoutMpi?.identifiers.map((identifier) => identifier.key));
  return {
    name,
    state: failed ? 'failed' : retrying ? 'retrying' : isSearching ? 'searching' : 'answered',
    error: error instanceof IdentitySourceError ? error : undefined,
    failureCount: Math.max(0, ...questions.map((q) => q.failureCount)),
    addedKeys: (withMpi?.identifiers ?? []).map((identifier) => identifier.key).filter((key) => !known.has(key)),
    ignoredSystems: [...new Set(questions.flatMap((q) => q.data?.ignoredSystems ?? []))],
  };
}
