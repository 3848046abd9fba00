import { useQueries, useQuery, type Query } from '@tanstack/react-query';
import { isRequestCancelled, type ArchiveClient, type StudyListPage, type StudyQuery } from '@longview/dicomweb';
import { auditedStudyListSearch, auditedStudySearch } from '../audit/archiveAudit';
import { adoptOrAsk, takeEarlySeriesList, takeEarlyStudySearch } from '../boot/earlyOpen';
import { takeEarlyStudyList } from '../boot/earlyStudyList';
import { takeEarlyAnchorSearch } from '../boot/earlyTimeline';
import { useRecordAudit } from '../audit/AuditContext';
import { fetchSeriesThumbnail } from '../series/seriesThumbnail';
import { useArchives } from './ArchivesContext';

/**
 * Server state lives in TanStack Query: one query per archive so that each archive's answer
 * shows as soon as it arrives and one archive's failure never hides another's studies. Each
 * answer is cut at the configured limit (config.json studyList.limit) times the pages the reader
 * loaded from that archive (`pagesOf`, "Load more"), and says whether the archive holds more, so
 * the list never hides studies without saying so. While more load, the rows already shown stay;
 * a new search never shows the last one's rows meanwhile.
 */
/** Whether two study list queries are the same search, whatever their limits. */
function sameSearch(previous: unknown, next: StudyQuery): boolean {
  if (typeof previous !== 'object' || previous === null) return false;
  return JSON.stringify({ ...previous, limit: undefined }) === JSON.stringify({ ...next, limit: undefined });
}

export function useStudySearch(query: StudyQuery, pagesOf: (archiveId: string) => number = () => 1) {
  const { all, studyListLimit } = useArchives();
  const recordAudit = useRecordAudit();
  return useQueries({
    queries: all.map((archive) => {
      const listQuery = { ...query, limit: studyListLimit * pagesOf(archive.id) };
      return {
        queryKey: ['studies', archive.id, listQuery],
        // Every answer discloses patients: each search is audited as a query (DCM 110112). The
        // opening search is the boot script's, where it ran it (boot/earlyStudyList.ts).
        queryFn: ({ signal }: { signal: AbortSignal }) => auditedStudyListSearch(recordAudit, archive, listQuery, signal, takeEarlyStudyList(archive.id, listQuery, signal)),
        retry: false,
        placeholderData: (previous: StudyListPage | undefined, previousQuery: Query<StudyListPage> | undefined) =>
          previousQuery && sameSearch(previousQuery.queryKey[2], listQuery) ? previous : undefined,
      };
    }),
  });
}

export function useSeriesList(archive: ArchiveClient | undefined, studyInstanceUid: string, isEnabled = true) {
  return useQuery({
    queryKey: ['series', archive?.id, studyInstanceUid],
    // A study link's first list is the boot script's (boot/earlyOpen.ts), if it asked.
    queryFn: ({ signal }) => {
      const client = archive as ArchiveClient;
      return adoptOrAsk(
        takeEarlySeriesList({ archiveId: client.id, study: studyInstanceUid }),
        (answer) => client.seriesSummariesOf(studyInstanceUid, answer),
        () => client.searchSeries(studyInstanceUid, signal),
      );
    },
    enabled: isEnabled && archive !== undefined,
    retry: false,
  });
}

/**
 * Patient and study attributes for the banner, from a QIDO study query by UID. Its answer names
 * the patient, so it is audited as a patient query like every other search (DCM 110112).
 */
export function useStudy(archive: ArchiveClient | undefined, studyInstanceUid: string) {
  const recordAudit = useRecordAudit();
  return useQuery({
    queryKey: ['study', archive?.id, studyInstanceUid],
    queryFn: async ({ signal }) => {
      const client = archive as ArchiveClient;
      const key = { archiveId: client.id, study: studyInstanceUid };
      const query = { studyInstanceUid };
      // Asked by the boot script for a study link, or for a timeline link's anchor.
      const studies = await auditedStudySearch(recordAudit, client, query, signal, () =>
        adoptOrAsk(
          takeEarlyStudySearch(key) ?? takeEarlyAnchorSearch(key, signal),
          (answer) => client.studySummariesOf(answer),
          () => client.searchStudies(query, signal),
        ),
      );
      return studies.find((s) => s.studyInstanceUid === studyInstanceUid);
    },
    enabled: archive !== undefined,
    retry: false,
  });
}

/** The thumbnail of one series, cached for the page's life. */
function useThumbnailQuery(archive: ArchiveClient | undefined, study: string, series: string | undefined, isEnabled: boolean) {
  return useQuery({
    queryKey: ['thumbnail', archive?.id, study, series],
    queryFn: ({ signal }) => fetchSeriesThumbnail(archive as ArchiveClient, study, series as string, signal),
    enabled: isEnabled && archive !== undefined && series !== undefined,
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  });
}

/** The series' picture (rendered image, video frame) or its kind's icon and label (series/seriesThumbnail.ts). */
export function useSeriesThumbnail(archive: ArchiveClient, study: string, series: string, isEnabled: boolean) {
  return useThumbnailQuery(archive, study, series, isEnabled);
}

export { isRequestCancelled };

/** The thumbnail of a study: its first series' (timeline entries). */
export function useStudyThumbnail(archive: ArchiveClient | undefined, studyInstanceUid: string, isEnabled: boolean) {
  const series = useSeriesList(archive, studyInstanceUid, isEnabled);
  const first = series.data?.[0];
  const thumbnail = useThumbnailQuery(archive, studyInstanceUid, first?.seriesInstanceUid, isEnabled);
  return {
    url: thumbnail.data?.kind === 'image' ? thumbnail.data.url : undefined,
    /** The instance pictured (a whole slide's overview, not its first tile). */
    sopInstanceUid: thumbnail.data?.kind === 'image' ? thumbnail.data.sopInstanceUid : undefined,
    /** The kind's name where the study's first series has no picture ("PDF", "ECG 12-lead"). */
    label: thumbnail.data?.kind === 'icon' ? thumbnail.data.label : undefined,
    isError: series.isError || thumbnail.isError || (series.isSuccess && !first),
  };
}
