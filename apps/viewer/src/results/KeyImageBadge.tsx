import { useEffect, useMemo } from 'react';
import type { ArchiveClient } from '@longview/dicomweb';
import type { ReportImageReference } from '@longview/measurement-report';
import { isTyping } from '../keyboard/isTyping';
import { studyKeyOf, useResultsStore } from './resultsStore';
import { useKeyImages } from './useKeyImages';
import './keyImages.css';

export interface KeyImageToggle {
  isKey: boolean;
  /**
   * The reader may flag images here (the study's own viewer, not a prior or a comparison), so
   * the toolbar offers the toggle from the first paint on, disabled until an image is on screen:
   * a button that appeared only then could wrap the toolbar and move the image.
   */
  isOffered: boolean;
  /** Flags or unflags the image on screen; undefined where the reader may not, or before an image is shown. */
  toggle: (() => void) | undefined;
}

/**
 * Whether the image on screen is a key image (a key object selection of its study flags it, or
 * the reader did since the last save), and Shift+K in the active viewport to flag or unflag it.
 * The flag is saved with the reader's results (Save, Ctrl+S) as a KOS.
 */
export function useKeyImageToggle(options: {
  archive: ArchiveClient;
  studyUid: string;
  /** The image on screen; undefined before it is shown. */
  image: ReportImageReference | undefined;
  isActive: boolean;
  /** The reader may flag here (the study's own viewer). */
  canToggle: boolean;
}): KeyImageToggle {
  const { archive, studyUid, image, isActive, canToggle } = options;
  const keyImages = useKeyImages(archive, studyUid);
  const toggleKeyImage = useResultsStore((state) => state.toggleKeyImage);
  const isKey = image !== undefined && keyImages.sopInstanceUids.has(image.sopInstanceUid);
  const toggle = useMemo(
    () => (image && canToggle ? () => toggleKeyImage(studyKeyOf(archive.id, studyUid), image, !isKey) : undefined),
    [image, canToggle, isKey, archive.id, studyUid, toggleKeyImage],
  );
  useEffect(() => {
    if (!isActive || !toggle) return undefined;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'K' || !event.shiftKey || event.ctrlKey || event.metaKey || event.altKey || isTyping(event)) return;
      event.preventDefault();
      toggle();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [isActive, toggle]);
  return { isKey, isOffered: canToggle, toggle };
}

/** "★ Key image" over an image that is a key image; nothing otherwise. Shown, never clicked: the toolbar's ★ Key toggles. */
export function KeyImageBadge({ isKey }: { isKey: boolean }) {
  if (!isKey) return null;
  return (
    <div className="key-image-badge" data-testid="key-image-badge" title="A key image of this study">
      ★ Key image
    </div>
  );
}

/** "★ 2" on a series card: how many of the series' images are key images. */
export function KeyImageCount({ archive, studyUid, seriesUid }: { archive: ArchiveClient; studyUid: string; seriesUid: string }) {
  const count = useKeyImages(archive, studyUid).countBySeries.get(seriesUid) ?? 0;
  if (count === 0) return null;
  return (
    <span className="key-image-count" data-testid="key-image-count" title={`${count} key ${count === 1 ? 'image' : 'images'}`}>
      ★ {count}
    </span>
  );
}
