import { useEffect } from 'react';
import { useLocation, type SetURLSearchParams } from 'react-router-dom';
import { writeGridParams } from '../state/gridState';
import { useReadingStore } from '../state/readingStore';
import { useSegmentationStore } from '../oncology/segmentationStore';
import { useBoardStore } from './boardStore';
import { useLiveStore } from './liveStore';
import { gridOfCase, isCaseOf } from './sharedCase';
import { sharedViewKeyOf } from './sharedNavigation';

/**
 * A shared view for this study (a link, an agenda step, the live presenter): its grid goes into
 * the URL, its sync, active and maximised cell to the reading; each cell applies its own view.
 * Taken on while following a live presenter, or on the visit the request navigated to (its key
 * in the history entry): the study opened again later opens as it would anyway. Returns the
 * request being taken on, for the cells.
 */
export function useSharedCaseView(
  archiveId: string,
  studyUid: string,
  params: URLSearchParams,
  setParams: SetURLSearchParams,
  reading: { setActiveIndex: (index: number) => void; setMaximisedIndex: (index: number | undefined) => void },
) {
  const target = useBoardStore((state) => state.target);
  const location = useLocation();
  const isFollowingLive = useLiveStore((state) => state.sessionId !== undefined && !state.isDetached && state.snapshot?.isPresenter === false);
  const isThisVisit = isFollowingLive || (target !== undefined && sharedViewKeyOf(location.state) === target.key);
  const sharedCase = target && isThisVisit && isCaseOf(target.shared, archiveId, studyUid) ? target : undefined;
  useEffect(() => {
    if (!sharedCase) return;
    const { shared } = sharedCase;
    const wanted = new URLSearchParams(writeGridParams(gridOfCase(shared)));
    if (wanted.toString() !== params.toString()) setParams(wanted, { replace: true, state: location.state });
    if (shared.sync) {
      useReadingStore.setState({
        isScrollSynced: shared.sync.scroll,
        isWindowSynced: shared.sync.window,
        isZoomSynced: shared.sync.zoom,
        showReferenceLines: shared.sync.referenceLines,
      });
    }
    useSegmentationStore.getState().takeShared(shared);
    reading.setActiveIndex(shared.activeCell ?? 0);
    reading.setMaximisedIndex(shared.maximisedCell);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per shared view
  }, [sharedCase?.key]);
  return sharedCase;
}
