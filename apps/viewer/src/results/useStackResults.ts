import { useEffect, useMemo } from 'react';
import { useParams } from 'react-router-dom';
import { getString, type DicomJson } from '@longview/dicom-meta';
import type { ArchiveClient } from '@longview/dicomweb';
import type { ReportImageReference } from '@longview/measurement-report';
import type { SeriesStack, StackImage } from '../series/seriesStack';
import { loadRender } from '../render/loadRender';
import { savedMeasurementsOnStack } from './reportContent';
import { studyKeyOf, useResultsStore } from './resultsStore';
import { useSavedResults } from './useSavedResults';

/**
 * Draws the saved reports' measurements that lie on this stack's images once the stack is on
 * screen: the reader's own latest report as editable measurements (part of the next save),
 * every other reader's latest as read-only ones. `isOwnStudy` is false for a prior shown beside
 * the study being read: its reports are shown, but saved only from its own viewer, so all read-only.
 */
export function useSavedMeasurementsOnStack(options: {
  archive: ArchiveClient;
  studyUid: string;
  stack: SeriesStack | undefined;
  viewportId: string;
  isStackShown: boolean;
  isOwnStudy: boolean;
}): void {
  const { archive, studyUid, stack, viewportId, isStackShown, isOwnStudy } = options;
  const saved = useSavedResults(archive, studyUid);
  const markShown = useResultsStore((state) => state.markShown);
  const { readers, mine, readerName } = saved;
  useEffect(() => {
    // Who "mine" is must be known first, or the reader's own report would be drawn read-only.
    if (!stack || !isStackShown || readerName === undefined || readers.length === 0) return;
    const key = studyKeyOf(archive.id, studyUid);
    const drawings = readers.map((reader) => {
      const isEditable = isOwnStudy && reader.latest === mine;
      return { report: reader.latest, isEditable, measurements: savedMeasurementsOnStack(reader.latest, stack.images, !isEditable) };
    });
    const imageIds = stack.images.map((image) => image.imageId);
    void loadRender()
      .then(async (render) => {
        for (const drawing of drawings) {
          if (drawing.measurements.length === 0) continue;
          await render.showSavedMeasurementsOnStack(viewportId, imageIds, drawing.measurements);
          if (drawing.isEditable) markShown(key, drawing.report.sopInstanceUid, drawing.measurements.map((m) => m.origin.itemIndex));
        }
      })
      .catch(() => undefined); // a renderer that did not load is the viewport's error to show
  }, [archive.id, studyUid, stack, viewportId, isStackShown, isOwnStudy, readers, mine, readerName, markShown]);
}

/**
 * A stack viewport's part in the reader's results: the saved reports drawn on its images, and
 * the image on screen as a key image reference (for the star and Shift+K). Results are saved from
 * the study's own viewer (the route's study): a prior beside it, or a comparison, shows them
 * read-only and cannot flag.
 */
export function useStackResults(options: {
  archive: ArchiveClient;
  studyUid: string;
  seriesUid: string;
  stack: SeriesStack | undefined;
  viewportId: string;
  isStackShown: boolean;
  /** The image on screen, once the viewport shows one. */
  image: StackImage | undefined;
  metadata: DicomJson | undefined;
}): { keyImage: ReportImageReference | undefined; isOwnStudy: boolean } {
  const { archive, studyUid, seriesUid, stack, viewportId, isStackShown, image, metadata } = options;
  const route = useParams();
  const isOwnStudy = route.archiveId === archive.id && route.studyUid === studyUid;
  useSavedMeasurementsOnStack({ archive, studyUid, stack, viewportId, isStackShown, isOwnStudy });
  const sopClassUid = metadata ? getString(metadata, 'SOPClassUID') : undefined;
  const keyImage = useMemo(() => {
    if (!image || !sopClassUid) return undefined;
    const isMultiFrame = stack !== undefined && stack.images.length > stack.instances.length;
    return { studyInstanceUid: studyUid, seriesInstanceUid: seriesUid, sopInstanceUid: image.sopInstanceUid, sopClassUid, ...(isMultiFrame ? { frameNumber: image.frame } : {}) };
  }, [image, sopClassUid, studyUid, seriesUid, stack]);
  return { keyImage, isOwnStudy };
}
