import { create } from 'zustand';

/** Where the measurement panel's open or closed state is remembered between visits. */
const MEASUREMENT_PANEL_KEY = 'longview.measurementPanel';

/**
 * Below this window width the panel starts closed: on a tablet held upright it left a 1×2
 * reading 185 px a cell. Once the reader opens or closes it, their choice is kept.
 */
const MEASUREMENT_PANEL_MIN_WIDTH = 1100;

function readPanelOpen(): boolean {
  const isWideEnough = window.innerWidth >= MEASUREMENT_PANEL_MIN_WIDTH;
  try {
    const stored = window.localStorage.getItem(MEASUREMENT_PANEL_KEY);
    return stored === null ? isWideEnough : stored !== 'closed';
  } catch {
    return isWideEnough; // storage switched off: as on a first visit
  }
}

function writePanelOpen(isOpen: boolean): void {
  try {
    window.localStorage.setItem(MEASUREMENT_PANEL_KEY, isOpen ? 'open' : 'closed');
  } catch {
    // storage switched off: remembered for this page only
  }
}

/** View preferences that are not shared with others: cine speed, the help and measurement panels. */
interface ViewerPrefsState {
  cineFramesPerSecond: number | undefined;
  isShortcutHelpOpen: boolean;
  /** The page's measurement panel beside the grid (remembered in localStorage). */
  isMeasurementPanelOpen: boolean;
  setCineFramesPerSecond: (fps: number) => void;
  toggleShortcutHelp: () => void;
  toggleMeasurementPanel: () => void;
}

export const useViewerPrefsStore = create<ViewerPrefsState>((set) => ({
  cineFramesPerSecond: undefined,
  isShortcutHelpOpen: false,
  isMeasurementPanelOpen: readPanelOpen(),
  setCineFramesPerSecond: (fps) => set({ cineFramesPerSecond: fps }),
  toggleShortcutHelp: () => set((state) => ({ isShortcutHelpOpen: !state.isShortcutHelpOpen })),
  toggleMeasurementPanel: () =>
    set((state) => {
      writePanelOpen(!state.isMeasurementPanelOpen);
      return { isMeasurementPanelOpen: !state.isMeasurementPanelOpen };
    }),
}));
