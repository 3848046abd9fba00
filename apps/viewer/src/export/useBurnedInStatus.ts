import { useQueries } from '@tanstack/react-query';
// The subpath keeps dcmjs (most of the de-identifier's weight) out of the viewer's first chunk.
import { mayHaveBurnedInText } from '@longview/deidentify/burnedIn';
import type { ArchiveClient } from '@longview/dicomweb';

const BURNED_IN_ANNOTATION = '00280301';

export type BurnedInStatus = { kind: 'checking' } | { kind: 'none' } | { kind: 'may-remain'; stated: string | undefined };

/**
 * Per series, whether burned-in text may remain after de-identification: BurnedInAnnotation
 * (0028,0301) of the series' first instance. Only "NO" clears it; absent or unreadable is a warning.
 */
export function useBurnedInStatus(archive: ArchiveClient, studyUid: string, seriesUids: readonly string[]): BurnedInStatus[] {
  const results = useQueries({
    queries: seriesUids.map((seriesUid) => ({
      queryKey: ['burned-in', archive.id, studyUid, seriesUid],
      queryFn: async ({ signal }: { signal: AbortSignal }) => {
        const [first] = await archive.searchInstances(studyUid, seriesUid, signal, { limit: 1 });
        if (!first) return null;
        const metadata = await archive.retrieveInstanceMetadata(studyUid, seriesUid, first.sopInstanceUid, signal);
        const value = metadata[BURNED_IN_ANNOTATION]?.Value?.[0];
        return typeof value === 'string' ? value : null;
      },
      staleTime: Number.POSITIVE_INFINITY,
      retry: false,
    })),
  });
  return results.map((result): BurnedInStatus => {
    if (result.isPending) return { kind: 'checking' };
    const stated = result.data ?? undefined;
    return mayHaveBurnedInText(stated) ? { kind: 'may-remain', stated } : { kind: 'none' };
  });
}
