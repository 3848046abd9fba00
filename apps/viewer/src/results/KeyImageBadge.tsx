import { useEffect } from 'react';
import type { ArchiveClient } from '@longview/dicomweb';
import type { ReportImageReference } from '@longview/measurement-report';
import { isTyping } from '../keyboard/isTyping';
import { studyKeyOf, useResultsStore } from './resultsStore';
import { useKeyImages } from './useKeyImages';
import '../content/documents.css';

/**
 * Over the image: "★ Key image" when a key object selection of its study (or the reader, since
 * the last save) flags it, a faint ☆ otherwise; either toggles the reader's flag, as K does in
 * the active viewport. The flag is saved with the reader's results (Save, Ctrl+S) as a KOS.
 */
export function KeyImageBadge({
  archive,
  studyUid,
  image,
  isActive,
  canToggle,
}: {
  archive: ArchiveClient;
  studyUid: string;
  /** The image on screen; undefined before it is shown. */
  image: ReportImageReference | undefined;
  isActive: boolean;
  /** The reader may flag here (the study's own viewer); elsewhere the flag is only shown. */
  canToggle: boolean;
}) {
  const keyImages = useKeyImages(archive, studyUid);
  const toggleKeyImage = useResultsStore((state) => state.toggleKeyImage);
  const isKey = image !== undefined && keyImages.sopInstanceUids.has(image.sopInstanceUid);
  const toggle = () => {
    if (image) toggleKeyImage(studyKeyOf(archive.id, studyUid), image, !isKey);
  };
  useEffect(() => {
    if (!isActive || !image || !canToggle) return undefined;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'K' || !event.shiftKey || event.ctrlKey || event.metaKey || event.altKey || isTyping(event)) return;
      event.preventDefault();
      toggleKeyImage(studyKeyOf(archive.id, studyUid), image, !isKey);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [isActive, image, isKey, canToggle, archive.id, studyUid, toggleKeyImage]);
  if (!image || (!canToggle && !isKey)) return null;
  if (!canToggle) {
    return (
      <div className="key-image-badge" data-testid="key-image-badge" title="Flagged by a key object selection of this study">
        ★ Key image
      </div>
    );
  }
  return (
    <button
      type="button"
      className={`key-image-badge${isKey ? '' : ' unflagged'}`}
      data-testid={isKey ? 'key-image-badge' : 'key-image-toggle'}
      aria-pressed={isKey}
      aria-label={isKey ? 'Key image: unflag (Shift+K)' : 'Flag as key image (Shift+K)'}
      title={isKey ? 'A key image of this study. Click or Shift+K to unflag; Save keeps it.' : 'Flag as key image (Shift+K); Save keeps it'}
      onClick={toggle}
    >
      {isKey ? '★ Key image' : '☆'}
    </button>
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
