import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { DicomJson } from '@longview/dicom-meta';
import { isRequestCancelled, type ArchiveClient } from '@longview/dicomweb';
import { fetchSeriesInstances } from './seriesInstances';
import { completeSeriesMetadata, openSeriesStack, type SeriesStack } from './seriesStack';

export type SeriesStackState =
  | { kind: 'opening' }
  | { kind: 'failed'; message: string; isRetryable: boolean }
  | {
      kind: 'ready';
      stack: SeriesStack;
      /** Per-SOP metadata once the whole series' metadata has arrived; undefined before. */
      metadataBySop: Map<string, DicomJson> | undefined;
      metadataError: string | undefined;
    };

/** What to tell the reader when a series cannot be opened (an archive error says which archive). */
export function seriesErrorMessage(error: unknown): { message: string; isRetryable: boolean } {
  const typed = error as { userMessage?: unknown; isRetryable?: unknown; message?: unknown };
  if (typeof typed?.userMessage === 'string') return { message: typed.userMessage, isRetryable: typed.isRetryable === true };
  if (error instanceof Error && error.name === 'EmptySeries') return { message: error.message, isRetryable: false };
  return { message: 'The series could not be opened.', isRetryable: true };
}

/**
 * Opens a series for the stack viewport: first what the first image needs, then the rest of
 * the metadata. Cancels its requests when the series changes or the view unmounts.
 */
export function useSeriesStack(archive: ArchiveClient | undefined, study: string, series: string | undefined, attempt: number) {
  const [state, setState] = useState<SeriesStackState>({ kind: 'opening' });
  const queryClient = useQueryClient();

  useEffect(() => {
    if (!archive || !series) return undefined;
    const controller = new AbortController();
    const { signal } = controller;
    setState({ kind: 'opening' });
    (async () => {
      let stack: SeriesStack;
      try {
        // A retry asks the archive again rather than reusing the list that came with the failure.
        if (attempt > 0) await queryClient.invalidateQueries({ queryKey: ['instances', archive.id, study, series], refetchType: 'none' });
        stack = await openSeriesStack(archive, study, series, signal, () => fetchSeriesInstances(queryClient, archive, study, series));
      } catch (error) {
        if (!isRequestCancelled(error)) setState({ kind: 'failed', ...seriesErrorMessage(error) });
        return;
      }
      setState({ kind: 'ready', stack, metadataBySop: undefined, metadataError: undefined });
      try {
        const metadataBySop = await completeSeriesMetadata(archive, study, series, signal);
        setState({ kind: 'ready', stack, metadataBySop, metadataError: undefined });
      } catch (error) {
        if (isRequestCancelled(error)) return;
        setState({ kind: 'ready', stack, metadataBySop: undefined, metadataError: seriesErrorMessage(error).message });
      }
    })();
    return () => controller.abort();
  }, [archive, study, series, attempt, queryClient]);

  return state;
}
