import { useEffect, useRef } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { DicomJson } from '@longview/dicom-meta';
import type { ArchiveClient } from '@longview/dicomweb';
import { isTyping } from '../keyboard/isTyping';
import { commandForKey, type ViewerCommand } from '../keyboard/shortcuts';
import { useLatest } from '../react/useLatest';

/**
 * One instance's WADO-RS metadata, cached under the same key as every other content viewport
 * (the "not displayable" card asks for it too), so switching viewports costs no request.
 */
export function useInstanceMetadata(archive: ArchiveClient, studyUid: string, seriesUid: string, sopInstanceUid: string | undefined) {
  return useQuery({
    queryKey: ['instance-metadata', archive.id, studyUid, seriesUid, sopInstanceUid],
    queryFn: ({ signal }) => archive.retrieveInstanceMetadata(studyUid, seriesUid, sopInstanceUid as string, signal),
    enabled: sopInstanceUid !== undefined,
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  });
}

/** The bytes of binary attribute `tag` (an encapsulated document, waveform samples) of one instance. */
export function useBulkData(archive: ArchiveClient, sopInstanceUid: string | undefined, tag: string, attribute: DicomJson[string]) {
  return useQuery({
    queryKey: ['bulk-data', archive.id, sopInstanceUid, tag],
    queryFn: ({ signal }) => archive.retrieveBulkData(attribute ?? {}, signal),
    enabled: sopInstanceUid !== undefined && attribute !== undefined,
    staleTime: Number.POSITIVE_INFINITY,
    // Byte arrays are large: drop them soon after the viewport closes.
    gcTime: 30_000,
    retry: false,
  });
}

/** Calls `onFirstImage` once, the first time `isShown` is true: the study view's loading ends. */
export function useFirstShown(isShown: boolean, onFirstImage: () => void): void {
  const reported = useRef(false);
  const callback = useLatest(onFirstImage);
  useEffect(() => {
    if (isShown && !reported.current) {
      reported.current = true;
      callback.current();
    }
  }, [isShown, callback]);
}

/**
 * The viewer's keys for a document viewport: while it is the active one, each key press that
 * means a command (keyboard/shortcuts.ts) goes to `run`, which says whether it used it.
 */
export function useViewportCommands(isActive: boolean, run: (command: ViewerCommand) => boolean): void {
  const runRef = useLatest(run);
  useEffect(() => {
    if (!isActive) return undefined;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || isTyping(event) || event.altKey || event.metaKey || event.ctrlKey) return;
      const command = commandForKey(event.key, event.shiftKey);
      if (command && runRef.current(command)) event.preventDefault();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [isActive, runRef]);
}
