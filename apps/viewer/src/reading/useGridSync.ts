import { useCallback, useEffect, useRef } from 'react';
import { areParallel, defaultLink, linkAt, matchingSlice, type SliceLink, type StackGeometry } from '@longview/reading';
import type { Vector3, Window } from '@longview/dicom-meta';
import { linkKey, useReadingStore } from '../state/readingStore';
import { useLatest } from '../react/useLatest';

/** What synchronisation and reference lines need of a cell's viewer: a stack viewer, or a PET/CT fusion stepping through its CT's slices. */
export interface SyncableViewState {
  imageIndex: number;
  imageCount: number;
  window: Window | undefined;
  scale: number | undefined;
}

export interface SyncableViewer {
  state(): SyncableViewState;
  subscribe(listener: (state: SyncableViewState) => void): () => void;
  goTo(index: number): Promise<void>;
  setWindow(window: Window): void;
  getZoom(): number;
  setZoom(zoom: number): void;
  worldToCanvas(point: Vector3): [number, number];
}

/** One cell as synchronisation sees it. */
export interface SyncedCell {
  seriesUid: string;
  viewer: SyncableViewer | undefined;
  geometry: StackGeometry | undefined;
}

/** Why a cell did not follow the last scroll, shown on the cell. */
export type SyncNote = 'outside-range' | 'needs-link' | undefined;

const sameWindow = (a: Window | undefined, b: Window | undefined) =>
  a !== undefined && b !== undefined && Math.abs(a.center - b.center) < 0.5 && Math.abs(a.width - b.width) < 0.5;

/**
 * Moves the other cells with the one the reader works in: to the slice at the same patient
 * position (same frame of reference, or the offset set by "link here"), and, when switched on,
 * to the same window and zoom. A change the synchronisation itself made is recognised and not
 * passed on again, so two stacks of different spacing never pull each other back and forth.
 */
export function useGridSync(cells: readonly SyncedCell[], activeIndex: number, onNote: (index: number, note: SyncNote) => void) {
  const expectedIndex = useRef(new Map<number, number>());
  const activeRef = useLatest(activeIndex);
  const onNoteRef = useLatest(onNote);

  const linkBetween = useCallback(
    (source: SyncedCell, target: SyncedCell): SliceLink | undefined =>
      source.geometry && target.geometry ? (useReadingStore.getState().links[linkKey(source.seriesUid, target.seriesUid)] ?? defaultLink(source.geometry, target.geometry)) : undefined,
    [],
  );

  /** Brings every other cell to the slice matching image `index` of cell `from`. */
  const scrollOthers = useCallback(
    (from: number, index: number) => {
      const source = cells[from];
      if (!source?.geometry) return;
      cells.forEach((target, to) => {
        if (to === from || !target.viewer || !target.geometry) return;
        const link = linkBetween(source, target);
        if (!link) {
          onNoteRef.current(to, areParallel(source.geometry as StackGeometry, target.geometry) ? 'needs-link' : undefined);
          return;
        }
        const wanted = matchingSlice(source.geometry as StackGeometry, index, target.geometry, link);
        onNoteRef.current(to, wanted === undefined && areParallel(source.geometry as StackGeometry, target.geometry) ? 'outside-range' : undefined);
        if (wanted === undefined || target.viewer.state().imageIndex === wanted) return;
        expectedIndex.current.set(to, wanted);
        void target.viewer.goTo(wanted).catch(() => undefined);
      });
    },
    [cells, linkBetween, onNoteRef],
  );

  useEffect(() => {
    const lastIndex = new Map<number, number>();
    const lastWindow = new Map<number, Window | undefined>();
    const lastZoom = new Map<number, number>();
    const unsubscribes = cells.map((cell, i) =>
      cell.viewer?.subscribe((state) => {
        const viewer = cell.viewer as SyncableViewer;
        const { isScrollSynced, isWindowSynced, isZoomSynced } = useReadingStore.getState();
        const isFirst = !lastIndex.has(i);
        if (state.imageIndex !== lastIndex.get(i)) {
          lastIndex.set(i, state.imageIndex);
          const isEcho = expectedIndex.current.get(i) === state.imageIndex;
          if (isEcho) expectedIndex.current.delete(i);
          else if (!isFirst && isScrollSynced && state.imageCount > 0) scrollOthers(i, state.imageIndex);
        }
        if (!sameWindow(state.window, lastWindow.get(i))) {
          const isFirstWindow = !lastWindow.has(i) || lastWindow.get(i) === undefined;
          lastWindow.set(i, state.window);
          if (isWindowSynced && !isFirstWindow && state.window) {
            cells.forEach((other, j) => {
              if (j !== i && other.viewer && !sameWindow(other.viewer.state().window, state.window)) other.viewer.setWindow(state.window as Window);
            });
          }
        }
        const zoom = state.imageCount > 0 && state.scale !== undefined ? viewer.getZoom() : undefined;
        if (zoom !== undefined && Math.abs(zoom - (lastZoom.get(i) ?? zoom)) > 1e-3) {
          if (isZoomSynced) {
            cells.forEach((other, j) => {
              if (j !== i && other.viewer && Math.abs(other.viewer.getZoom() - zoom) > 1e-3) other.viewer.setZoom(zoom);
            });
          }
        }
        if (zoom !== undefined) lastZoom.set(i, zoom);
      }),
    );
    // A cell that has just arrived (the prior's stack) joins the active cell's position.
    const active = cells[activeRef.current];
    if (useReadingStore.getState().isScrollSynced && active?.viewer) scrollOthers(activeRef.current, active.viewer.state().imageIndex);
    return () => {
      for (const unsubscribe of unsubscribes) unsubscribe?.();
    };
  }, [cells, scrollOthers, activeRef]);

  /** Aligns the others to the active cell now (sync switched on). */
  const alignToActive = useCallback(() => {
    const active = cells[activeRef.current];
    if (active?.viewer) scrollOthers(activeRef.current, active.viewer.state().imageIndex);
  }, [cells, scrollOthers, activeRef]);

  /** "Link here": what is on screen in every cell now shows the same level, whatever the frames of reference. */
  const linkHere = useCallback(() => {
    const links: Record<string, SliceLink> = {};
    cells.forEach((a, i) =>
      cells.forEach((b, j) => {
        if (i === j || !a.geometry || !b.geometry || !a.viewer || !b.viewer || !areParallel(a.geometry, b.geometry)) return;
        const link = linkAt(a.geometry, a.viewer.state().imageIndex, b.geometry, b.viewer.state().imageIndex);
        if (link) links[linkKey(a.seriesUid, b.seriesUid)] = link;
      }),
    );
    useReadingStore.getState().setLinks(links);
    useReadingStore.getState().setScrollSynced(true);
    cells.forEach((_, i) => onNoteRef.current(i, undefined));
  }, [cells, onNoteRef]);

  return { alignToActive, linkHere };
}
