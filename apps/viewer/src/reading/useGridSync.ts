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

/** How two cells' slices correspond: the link set by "link here", else the one their shared frame of reference gives. */
function linkBetween(source: SyncedCell, target: SyncedCell): SliceLink | undefined {
  return source.geometry && target.geometry ? (useReadingStore.getState().links[linkKey(source.seriesUid, target.seriesUid)] ?? defaultLink(source.geometry, target.geometry)) : undefined;
}

/** Every other cell takes the window of cell `from`. */
function windowToOthers(cells: readonly SyncedCell[], from: number, windowing: Window) {
  cells.forEach((other, j) => {
    if (j !== from && other.viewer && !sameWindow(other.viewer.state().window, windowing)) other.viewer.setWindow(windowing);
  });
}

/** Every other cell takes the zoom of cell `from`. */
function zoomToOthers(cells: readonly SyncedCell[], from: number, zoom: number) {
  cells.forEach((other, j) => {
    if (j !== from && other.viewer && Math.abs(other.viewer.getZoom() - zoom) > 1e-3) other.viewer.setZoom(zoom);
  });
}

/**
 * The listener on cell `i`'s viewer: passes the reader's changes on to the other cells (the
 * slice, and when switched on the window and zoom). A slice change that synchronisation made
 * itself (`expectedIndex`) is not passed on; nor is the viewer's first slice, window or zoom.
 */
function passChangesOn(cells: readonly SyncedCell[], i: number, viewer: SyncableViewer, expectedIndex: Map<number, number>, scrollOthers: (from: number, index: number) => void) {
  let lastIndex: number | undefined;
  let lastWindow: Window | undefined;
  let lastZoom: number | undefined;
  return (state: SyncableViewState) => {
    const { isScrollSynced, isWindowSynced, isZoomSynced } = useReadingStore.getState();
    if (state.imageIndex !== lastIndex) {
      const isFirst = lastIndex === undefined;
      lastIndex = state.imageIndex;
      const isEcho = expectedIndex.get(i) === state.imageIndex;
      if (isEcho) expectedIndex.delete(i);
      else if (!isFirst && isScrollSynced && state.imageCount > 0) scrollOthers(i, state.imageIndex);
    }
    if (!sameWindow(state.window, lastWindow)) {
      const isFirstWindow = lastWindow === undefined;
      lastWindow = state.window;
      if (isWindowSynced && !isFirstWindow && state.window) windowToOthers(cells, i, state.window);
    }
    const zoom = state.imageCount > 0 && state.scale !== undefined ? viewer.getZoom() : undefined;
    if (zoom !== undefined && Math.abs(zoom - (lastZoom ?? zoom)) > 1e-3 && isZoomSynced) zoomToOthers(cells, i, zoom);
    if (zoom !== undefined) lastZoom = zoom;
  };
}

/** "Link here": the links that make what is on screen in every cell the same level, whatever the frames of reference. */
function linksOnScreen(cells: readonly SyncedCell[]): Record<string, SliceLink> {
  const links: Record<string, SliceLink> = {};
  cells.forEach((a, i) =>
    cells.forEach((b, j) => {
      if (i === j || !a.geometry || !b.geometry || !a.viewer || !b.viewer || !areParallel(a.geometry, b.geometry)) return;
      const link = linkAt(a.geometry, a.viewer.state().imageIndex, b.geometry, b.viewer.state().imageIndex);
      if (link) links[linkKey(a.seriesUid, b.seriesUid)] = link;
    }),
  );
  return links;
}

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
    [cells, onNoteRef],
  );

  useEffect(() => {
    const unsubscribes = cells.map((cell, i) => cell.viewer?.subscribe(passChangesOn(cells, i, cell.viewer, expectedIndex.current, scrollOthers)));
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

  /** "Link here", then scroll in step from there. */
  const linkHere = useCallback(() => {
    useReadingStore.getState().setLinks(linksOnScreen(cells));
    useReadingStore.getState().setScrollSynced(true);
    cells.forEach((_, i) => onNoteRef.current(i, undefined));
  }, [cells, onNoteRef]);

  return { alignToActive, linkHere };
}
