import { useEffect, useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { ArchiveClient } from '@longview/dicomweb';
import { isMeasurementReport, latestReportPerReader, readMeasurementReport, type MeasurementReport, type ReaderReports } from '@longview/measurement-report';
import { useSeriesList } from '../archives/queries';
import { subscribeSmartSession } from '../archives/smartSession';
import { signedInReaderName } from './readerIdentity';
import { studyKeyOf, useResultsStore } from './resultsStore';

/** The query key of a study's saved reports (invalidated when a save of the page is stored). */
export const savedReportsKey = (archiveId: string | undefined, studyUid: string) => ['saved-reports', archiveId, studyUid] as const;

export interface SavedResults {
  state: 'loading' | 'ready' | 'failed';
  /** Each reader's latest report, with how many earlier versions it replaced. */
  readers: readonly ReaderReports[];
  /** The signed-in reader's latest report (the one just saved on this page, until the archive lists it). */
  mine: MeasurementReport | undefined;
  /** How many earlier versions `mine` replaced. */
  mineEarlierCount: number;
  readerName: string | undefined;
  /** Every report the study's SR series hold, each version (who made which series). */
  reports: readonly MeasurementReport[];
}

/** The reader saving from this page (SMART identity, or "Unknown reader"); undefined while it is asked. */
export function useReaderName(): string | undefined {
  const [name, setName] = useState<string | undefined>(undefined);
  useEffect(() => {
    let isCurrent = true;
    const ask = () =>
      void signedInReaderName().then((next) => {
        if (isCurrent) setName(next);
      });
    ask();
    const unsubscribe = subscribeSmartSession(ask);
    return () => {
      isCurrent = false;
      unsubscribe();
    };
  }, []);
  return name;
}

/** Whether `newer` is `older` or a later version of it (its predecessors name it). */
function isSameOrLater(newer: MeasurementReport, older: MeasurementReport): boolean {
  return newer.sopInstanceUid === older.sopInstanceUid || newer.predecessors.includes(older.sopInstanceUid);
}

const NO_REPORTS: readonly MeasurementReport[] = [];

/**
 * The measurement reports (TID 1500) saved in a study: every SR series' metadata read once
 * (WADO-RS metadata carries the whole content tree), each reader's latest version picked by
 * its predecessor chain (issue 28: a stale version is never shown as current).
 */
export function useSavedResults(archive: ArchiveClient | undefined, studyUid: string, isEnabled = true): SavedResults {
  const seriesList = useSeriesList(archive, studyUid, isEnabled);
  const srSeries = (seriesList.data ?? []).filter((series) => series.modality === 'SR').map((series) => series.seriesInstanceUid);
  const reports = useQuery({
    queryKey: [...savedReportsKey(archive?.id, studyUid), srSeries.join(',')],
    queryFn: async ({ signal }): Promise<MeasurementReport[]> => {
      const metadata = await Promise.all(srSeries.map((series) => (archive as ArchiveClient).retrieveSeriesMetadata(studyUid, series, signal)));
      return metadata.flat().filter(isMeasurementReport).map(readMeasurementReport);
    },
    enabled: isEnabled && archive !== undefined && seriesList.data !== undefined,
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  });
  const readerName = useReaderName();
  const justSaved = useResultsStore((state) => (archive ? state.justSaved[studyKeyOf(archive.id, studyUid)] : undefined));
  return useMemo(() => {
    const readers = latestReportPerReader(reports.data ?? []);
    const listed = readers.find((reader) => readerName !== undefined && reader.observerName === readerName);
    // The page's own save wins until the archive lists it (or a later one).
    const isJustSavedNewer = justSaved !== undefined && (listed === undefined || !isSameOrLater(listed.latest, justSaved));
    const mine = isJustSavedNewer ? justSaved : listed?.latest;
    const mineEarlierCount = isJustSavedNewer ? (listed ? listed.earlierCount + 1 : justSaved.predecessors.length) : (listed?.earlierCount ?? 0);
    const state = seriesList.isError || reports.isError ? 'failed' : reports.data ? 'ready' : 'loading';
    const others = readers.filter((reader) => reader !== listed);
    const all = mine ? [{ observerName: mine.observerName ?? '', latest: mine, earlierCount: mineEarlierCount }, ...others] : others;
    return { state, readers: all, mine, mineEarlierCount, readerName, reports: reports.data ?? NO_REPORTS };
  }, [reports.data, reports.isError, seriesList.isError, readerName, justSaved]);
}
