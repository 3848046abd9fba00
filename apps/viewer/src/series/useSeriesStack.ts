import { useEffect, useState } from 'react';
import type { DicomJson } from '@longview/dicom-meta';
import { isRequestCancelled, type ArchiveClient } from '@longview/dicomweb';
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

function userMessage(error: unknown): { message: string; isRetryable: boolean } {
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

  useEffect(() => {
    if (!archive || !series) return undefined;
    const controller = new AbortController();
    const { signal } = controller;
    setState({ kind: 'opening' });
    (async () => {
      let stack: SeriesStack;
      try {
        stack = await openSeriesStack(archive, study, series, signal);
      } catch (error) {
        if (!isRequestCancelled(error)) setState({ kind: 'failed', ...userMessage(error) });
        return;
      }
      setState({ kind: 'ready', stack, metadataBySop: undefined, metadataError: undefined });
      try {
        const metadataBySop = await completeSeriesMetadata(archive, study, series, signal);
        setState({ kind: 'ready', stack, metadataBySop, metadataError: undefined });
      } catch (error) {
        if (isRequestCancelled(error)) return;
        setState({ kind: 'ready', stack, metadataBySop: undefined, metadataError: userMessage(error).message });
      }
    })();
    return () => controller.abort();
  }, [archive, study, series, attempt]);

  return state;
}
