import type { ArchiveClient } from '@longview/dicomweb';
import { useKeyImages } from './useKeyImages';
import './documents.css';

/** "Key image" over an image a Key Object Selection of its study flags; nothing otherwise. */
export function KeyImageBadge({ archive, studyUid, sopInstanceUid }: { archive: ArchiveClient; studyUid: string; sopInstanceUid: string | undefined }) {
  const keyImages = useKeyImages(archive, studyUid);
  if (!sopInstanceUid || !keyImages.sopInstanceUids.has(sopInstanceUid)) return null;
  return (
    <div className="key-image-badge" data-testid="key-image-badge" title="Flagged by a key object selection of this study">
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
