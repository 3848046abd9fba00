import { create } from 'zustand';
import type { SliceLink } from '@longview/reading';

/** How the viewports of a reading move together: view state, not shared through the URL. */
interface ReadingState {
  isScrollSynced: boolean;
  isWindowSynced: boolean;
  isZoomSynced: boolean;
  showReferenceLines: boolean;
  /** Links the reader set with "link here", by `${sourceSeriesUid}>${targetSeriesUid}`. */
  links: Readonly<Record<string, SliceLink>>;
  setScrollSynced: (isSynced: boolean) => void;
  toggleScrollSync: () => void;
  toggleWindowSync: () => void;
  toggleZoomSync: () => void;
  toggleReferenceLines: () => void;
  setLinks: (links: Readonly<Record<string, SliceLink>>) => void;
}

export const useReadingStore = create<ReadingState>((set) => ({
  isScrollSynced: false,
  isWindowSynced: false,
  isZoomSynced: false,
  showReferenceLines: true,
  links: {},
  setScrollSynced: (isScrollSynced) => set({ isScrollSynced }),
  toggleScrollSync: () => set((state) => ({ isScrollSynced: !state.isScrollSynced })),
  toggleWindowSync: () => set((state) => ({ isWindowSynced: !state.isWindowSynced })),
  toggleZoomSync: () => set((state) => ({ isZoomSynced: !state.isZoomSynced })),
  toggleReferenceLines: () => set((state) => ({ showReferenceLines: !state.showReferenceLines })),
  setLinks: (links) => set((state) => ({ links: { ...state.links, ...links } })),
}));

export const linkKey = (sourceSeriesUid: string, targetSeriesUid: string) => `${sourceSeriesUid}>${targetSeriesUid}`;
