import { createContext, useContext, useEffect, useState, useSyncExternalStore, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { ArchiveClient } from '@longview/dicomweb';
import { useArchives } from '../archives/ArchivesContext';
import { archiveReference } from '../audit/archiveAudit';
import { useRecordAudit } from '../audit/AuditContext';
import { IndexedDbOutboxStore } from './indexedDbOutboxStore';
import { ResultsOutbox, type PendingResult, type StoreAttempt } from './outbox';
import { savedReportsKey } from './useSavedResults';

/** A store of the reader's results, as the audit trail records it (DICOM Instances Transferred, BALP create). */
function storedAuditOf(archive: ArchiveClient, entry: PendingResult) {
  return {
    kind: 'results-stored' as const,
    archive: archiveReference(archive),
    studyUid: entry.studyInstanceUid,
    patient: entry.patient ? { value: entry.patient.id, issuer: entry.patient.issuer } : undefined,
    sopInstanceUids: [entry.sopInstanceUid],
  };
}

const OutboxContext = createContext<ResultsOutbox | undefined>(undefined);

/**
 * The page's results outbox (outbox.ts): started once, it sends what earlier pages left, and
 * whatever a save adds. Once an archive holds an entry, the study's series, reports and key
 * images are asked again and the store is audited.
 */
export function ResultsOutboxProvider({ children }: { children: ReactNode }) {
  const { byId } = useArchives();
  const queryClient = useQueryClient();
  const recordAudit = useRecordAudit();
  const [outbox] = useState(() => {
    const attempt = async (entry: PendingResult): Promise<StoreAttempt> => {
      const archive = byId(entry.archiveId);
      if (!archive) return { kind: 'failed', retryable: false, message: `The archive "${entry.archiveId}" is no longer configured.` };
      const result = await archive.storeInstances([entry.bytes]);
      if (result.kind === 'stored') return { kind: 'stored' };
      // A refusal no retry mends is recorded once; an archive that is down is not an event.
      if (!result.retryable && entry.attempts === 0) {
        void recordAudit({ ...storedAuditOf(archive, entry), outcome: { kind: 'failure', errorKind: result.reason, status: result.status } });
      }
      return { kind: 'failed', retryable: result.retryable, message: result.message };
    };
    const onStored = (entry: PendingResult) => {
      const archive = byId(entry.archiveId);
      void queryClient.invalidateQueries({ queryKey: ['series', entry.archiveId, entry.studyInstanceUid] });
      void queryClient.invalidateQueries({ queryKey: savedReportsKey(entry.archiveId, entry.studyInstanceUid) });
      void queryClient.invalidateQueries({ queryKey: ['key-objects', entry.archiveId, entry.studyInstanceUid] });
      if (archive) void recordAudit({ ...storedAuditOf(archive, entry), outcome: { kind: 'success' } });
    };
    return new ResultsOutbox({ store: new IndexedDbOutboxStore(), attempt, onStored });
  });
  useEffect(() => {
    void outbox.flush();
  }, [outbox]);
  return <OutboxContext.Provider value={outbox}>{children}</OutboxContext.Provider>;
}

export function useResultsOutbox(): ResultsOutbox | undefined {
  return useContext(OutboxContext);
}

/** What waits in the outbox, live. */
export function usePendingResults(): readonly PendingResult[] {
  const outbox = useResultsOutbox();
  return useSyncExternalStore(
    (listener) => outbox?.subscribe(listener) ?? (() => undefined),
    () => outbox?.snapshot() ?? NONE,
  );
}

const NONE: readonly PendingResult[] = [];

/**
 * "Not saved to <archive> yet — retrying", once per archive with results waiting, with the
 * last reason; shown on every page, since a reload keeps them waiting. Clears by itself once
 * the archive has stored them.
 */
export function ResultsOutboxBanner() {
  const pending = usePendingResults();
  const outbox = useResultsOutbox();
  const { byId } = useArchives();
  if (pending.length === 0) return null;
  const archives = [...new Set(pending.map((entry) => entry.archiveId))];
  return (
    <div className="results-outbox-banner" role="status" data-testid="results-outbox-banner" data-pending={pending.length}>
      {archives.map((archiveId) => {
        const waiting = pending.filter((entry) => entry.archiveId === archiveId);
        const name = byId(archiveId)?.config.name ?? archiveId;
        const problem = waiting.find((entry) => entry.problem)?.problem;
        const isWaitingForReader = waiting.every((entry) => entry.isWaitingForReader);
        return (
          <p key={archiveId} data-archive={archiveId}>
            <strong>
              Not saved to {name} yet — {isWaitingForReader ? 'waiting for you' : 'retrying'}
            </strong>
            {` (${waiting.length} ${waiting.length === 1 ? 'document' : 'documents'} kept in this browser)`}
            {problem ? <span className="results-outbox-problem">: {problem}</span> : null}{' '}
            <button type="button" onClick={() => void outbox?.flush()}>
              Retry now
            </button>
          </p>
        );
      })}
    </div>
  );
}
