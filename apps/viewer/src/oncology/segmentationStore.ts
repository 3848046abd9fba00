import { create } from 'zustand';
import type { SharedCase } from '@longview/shared-view';

/** How one segmentation (a SEG instance) is drawn over the images it was made on. */
export interface SegmentationLook {
  /** The fill's opacity, 0–1. */
  opacity: number;
  /** Segment numbers the reader has hidden. */
  hidden: readonly number[];
}

export const DEFAULT_SEGMENTATION_OPACITY = 0.5;
const DEFAULT_LOOK: SegmentationLook = { opacity: DEFAULT_SEGMENTATION_OPACITY, hidden: [] };

/** A reader's click on a segment: the viewports showing its image series go to this image. */
export interface SegmentJump {
  seriesUid: string;
  sopInstanceUid: string;
  /** Counts clicks, so clicking the same segment twice goes there twice. */
  serial: number;
}

interface SegmentationState {
  /** By the SEG's SOP Instance UID; a SEG not here has the default look. */
  looks: Readonly<Record<string, SegmentationLook>>;
  /** The segment last chosen in the list (for the board and the findings panel). */
  selected: { segmentationUid: string; segmentNumber: number } | undefined;
  jump: SegmentJump | undefined;
  setOpacity: (segmentationUid: string, opacity: number) => void;
  setSegmentHidden: (segmentationUid: string, segmentNumber: number, isHidden: boolean) => void;
  select: (segmentationUid: string, segmentNumber: number, jumpTo: Omit<SegmentJump, 'serial'> | undefined) => void;
  /** Takes on a shared view's looks and selection (a link, an agenda step, the live presenter): what it leaves out is the default. */
  takeShared: (shared: Pick<SharedCase, 'segmentations' | 'selectedSegment'>) => void;
  /** Forgets every look (a new study is read). */
  reset: () => void;
}

export const lookOf = (looks: SegmentationState['looks'], segmentationUid: string): SegmentationLook => looks[segmentationUid] ?? DEFAULT_LOOK;

/** The segmentation panel's choices, shared by the panel and every viewport that draws the labelmaps. */
export const useSegmentationStore = create<SegmentationState>((set) => ({
  looks: {},
  selected: undefined,
  jump: undefined,
  setOpacity: (uid, opacity) => set((state) => ({ looks: { ...state.looks, [uid]: { ...lookOf(state.looks, uid), opacity: Math.min(1, Math.max(0, opacity)) } } })),
  setSegmentHidden: (uid, segmentNumber, isHidden) =>
    set((state) => {
      const look = lookOf(state.looks, uid);
      const hidden = look.hidden.filter((number) => number !== segmentNumber);
      return { looks: { ...state.looks, [uid]: { ...look, hidden: isHidden ? [...hidden, segmentNumber] : hidden } } };
    }),
  select: (segmentationUid, segmentNumber, jumpTo) =>
    set((state) => ({
      selected: { segmentationUid, segmentNumber },
      jump: jumpTo ? { ...jumpTo, serial: (state.jump?.serial ?? 0) + 1 } : state.jump,
    })),
  takeShared: (shared) =>
    set({
      looks: Object.fromEntries((shared.segmentations ?? []).map((look) => [look.sopInstanceUid, { opacity: look.opacity, hidden: [...look.hidden] }])),
      selected: shared.selectedSegment ? { segmentationUid: shared.selectedSegment.sopInstanceUid, segmentNumber: shared.selectedSegment.segmentNumber } : undefined,
    }),
  reset: () => set({ looks: {}, selected: undefined, jump: undefined }),
}));

/** What a share or the live board carries of the segmentations: the looks the reader changed, and the segment chosen. */
export function sharedSegmentationsOf(state: Pick<SegmentationState, 'looks' | 'selected'>): Pick<SharedCase, 'segmentations' | 'selectedSegment'> {
  const looks = Object.entries(state.looks);
  return {
    ...(looks.length > 0 ? { segmentations: looks.map(([sopInstanceUid, look]) => ({ sopInstanceUid, opacity: look.opacity, hidden: [...look.hidden].sort((a, b) => a - b) })) } : {}),
    ...(state.selected ? { selectedSegment: { sopInstanceUid: state.selected.segmentationUid, segmentNumber: state.selected.segmentNumber } } : {}),
  };
}
