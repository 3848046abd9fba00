import { useQuery, type QueryClient } from '@tanstack/react-query';
import { orderStack } from '@longview/dicom-meta';
import type { ArchiveClient, InstanceSummary } from '@longview/dicomweb';
import { adoptOrAsk, takeEarlyInstanceList } from '../boot/earlyOpen';

/**
 * A series' QIDO-RS instance list, in display order, as one TanStack query. The content
 * dispatcher reads it to choose a viewport and the stack loader reads it for its images: both
 * share this query, so opening a series asks the archive for its instances once.
 */
function seriesInstancesQuery(archive: ArchiveClient, study: string, series: string) {
  return {
    queryKey: ['instances', archive.id, study, series],
    queryFn: async ({ signal }: { signal: AbortSignal }) => {
      // The boot script may have asked already, before the app had loaded (boot/earlyOpen.ts).
      const early = takeEarlyInstanceList({ archiveId: archive.id, study, series });
      const instances = await adoptOrAsk(early, (answer) => archive.instanceSummariesOf(answer), () => archive.searchInstances(study, series, signal));
      return orderStack(instances);
    },
    // An instance list does not change while it is read; the stack's retry refetches on failure.
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  };
}

export function useSeriesInstances(archive: ArchiveClient | undefined, study: string, series: string | undefined) {
  return useQuery({
    ...seriesInstancesQuery(archive as ArchiveClient, study, series as string),
    enabled: archive !== undefined && series !== undefined,
  });
}

/** The instance list from the shared cache, or one request when no one has asked yet. */
export function fetchSeriesInstances(queryClient: QueryClient, archive: ArchiveClient, study: string, series: string): Promise<InstanceSummary[]> {
  return queryClient.fetchQuery(seriesInstancesQuery(archive, study, series));
}
