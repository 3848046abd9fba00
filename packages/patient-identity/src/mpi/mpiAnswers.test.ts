import { describe, expect, it } from 'vitest';
import type { Reconciliation } from '../reconcile';
import { IdentitySourceError, type CrossReferences, type QualifiedIdentifier } from './identitySource';
import { mpiLinkGroups, mpiStatus, type MpiQuestionState } from './mpiAnswers';

const rad: QualifiedIdentifier = { patientId: 'R-100234', issuer: 'LONGVIEW-RAD' };
const card: QualifiedIdentifier = { patientId: 'C-55012', issuer: 'LONGVIEW-CARD' };
const clinic: QualifiedIdentifier = { patientId: 'K-3300', issuer: 'LONGVIEW-CLIN' };

describe('mpiLinkGroups', () => {
  it('makes each answer with identifiers one group, the asked identifier first; an empty or missing answer links nothing', () => {
    const answers = new Map<QualifiedIdentifier, CrossReferences>([
      [rad, { identifiers: [card, clinic], ignoredSystems: [] }],
      [card, { identifiers: [], ignoredSystems: ['urn:oid:9.9'] }],
    ]);
    expect(mpiLinkGroups([rad, card, clinic], (identifier) => answers.get(identifier))).toEqual([[rad, card, clinic]]);
  });
});

const answered = (data: CrossReferences = { identifiers: [], ignoredSystems: [] }): MpiQuestionState => ({
  status: 'success',
  fetchStatus: 'idle',
  failureCount: 0,
  error: null,
  failureReason: null,
  data,
});
const pending: MpiQuestionState = { status: 'pending', fetchStatus: 'fetching', failureCount: 0, error: null, failureReason: null, data: undefined };
const unavailable = new IdentitySourceError('unavailable', 'The master patient index did not answer.', 503);

/** A reconciliation that joined these identifier keys (only the keys matter to the chip). */
function joined(...keys: string[]): Reconciliation {
  return { identifiers: keys.map((key) => ({ patientId: key, issuer: 'X', key, archiveIds: [] })), members: [], others: [], conflicts: [] };
}

describe('mpiStatus', () => {
  it("answers with the identifiers only the MPI joined, and the systems it could not map, each once", () => {
    const status = mpiStatus(
      'Master patient index',
      [answered({ identifiers: [card], ignoredSystems: ['urn:oid:1.2', 'urn:oid:3.4'] }), answered({ identifiers: [], ignoredSystems: ['urn:oid:1.2'] })],
      joined('rad'),
      joined('rad', 'card', 'clinic'),
    );
    expect(status).toEqual({
      name: 'Master patient index',
      state: 'answered',
      error: undefined,
      failureCount: 0,
      addedKeys: ['card', 'clinic'],
      ignoredSystems: ['urn:oid:1.2', 'urn:oid:3.4'],
    });
  });

  it('says failed, with its error, once a question failed for good; a failure wins over one retrying', () => {
    const failed: MpiQuestionState = { ...pending, status: 'error', fetchStatus: 'idle', failureCount: 3, error: unavailable, failureReason: unavailable };
    const retrying: MpiQuestionState = { ...pending, failureCount: 1, failureReason: new IdentitySourceError('unavailable', 'Later.') };
    const status = mpiStatus('MPI', [retrying, failed, answered()], joined('rad'), joined('rad'));
    expect(status.state).toBe('failed');
    expect(status.error).toBe(unavailable);
    expect(status.failureCount).toBe(3);
  });

  it('says retrying while a failed question is asked again, with why it failed', () => {
    const retrying: MpiQuestionState = { ...pending, failureCount: 2, failureReason: unavailable };
    expect(mpiStatus('MPI', [answered(), retrying], undefined, undefined)).toMatchObject({ state: 'retrying', error: unavailable, failureCount: 2 });
  });

  it('shows no error that is not the MPI\'s own (never a stack trace)', () => {
    const failed: MpiQuestionState = { ...pending, status: 'error', fetchStatus: 'idle', failureCount: 1, error: new TypeError('x is undefined') };
    expect(mpiStatus('MPI', [failed], undefined, undefined)).toMatchObject({ state: 'failed', error: undefined });
  });

  it('says searching while a question is out, or while there is nothing to ask and no anchor yet', () => {
    expect(mpiStatus('MPI', [answered(), pending], undefined, joined('rad')).state).toBe('searching');
    expect(mpiStatus('MPI', [], undefined, undefined).state).toBe('searching');
    // An anchor whose IDs have no issuer: nothing to ask is an answer too.
    expect(mpiStatus('MPI', [], joined('rad'), joined('rad'))).toMatchObject({ state: 'answered', addedKeys: [], ignoredSystems: [] });
  });
});
