import { useEffect, useRef } from 'react';
import type { UseQueryResult } from '@tanstack/react-query';
import type { AuditOutcome } from '@longview/audit';
import type { ArchiveClient, StudySummary } from '@longview/dicomweb';
import { archiveReference, failureOf, patientOf } from './archiveAudit';
import { useRecordAudit } from './AuditContext';

/** Records "study opened" once per study shown, when its record has answered (or failed). */
export function useStudyOpenedAudit(archive: ArchiveClient | undefined, studyUid: string, study: UseQueryResult<StudySummary | undefined>) {
  const recordAudit = useRecordAudit();
  const recordedFor = useRef<string | undefined>(undefined);
  const { data, error, status } = study;
  useEffect(() => {
    const key = `${archive?.id}/${studyUid}`;
    if (!archive || status === 'pending' || recordedFor.current === key) return;
    recordedFor.current = key;
    const outcome: AuditOutcome =
      status === 'error' ? failureOf(error) : data ? { kind: 'success' } : { kind: 'failure', errorKind: 'not-found' };
    recordAudit({ kind: 'study-opened', archive: archiveReference(archive), studyUid, patient: patientOf(archive, data), outcome });
  }, [archive, studyUid, status, data, error, recordAudit]);
}

/** How loading a series ended: every image answered (some may have failed), or it never opened. */
export type SeriesLoadResult = { kind: 'loaded'; loaded: number; failed: number } | { kind: 'failed' };

/** Records "series retrieved" once per series, when its metadata and frames have all answered. */
export function useSeriesRetrievedAudit(
  archive: ArchiveClient,
  studyUid: string,
  seriesUid: string,
  study: StudySummary | undefined,
  result: SeriesLoadResult | undefined,
) {
  const recordAudit = useRecordAudit();
  const recordedFor = useRef<string | undefined>(undefined);
  useEffect(() => {
    const key = `${archive.id}/${studyUid}/${seriesUid}`;
    if (!result || recordedFor.current === key) return;
    recordedFor.current = key;
    const outcome: AuditOutcome =
      result.kind === 'failed'
        ? { kind: 'failure', errorKind: 'series-not-opened' }
        : result.failed > 0
          ? { kind: 'failure', errorKind: 'images-failed' }
          : { kind: 'success' };
    recordAudit({
      kind: 'series-retrieved',
      archive: archiveReference(archive),
      studyUid,
      seriesUid,
      imageCount: result.kind === 'loaded' ? result.loaded : 0,
      patient: patientOf(archive, study),
      outcome,
    });
  }, [archive, studyUid, seriesUid, study, result, recordAudit]);
}
