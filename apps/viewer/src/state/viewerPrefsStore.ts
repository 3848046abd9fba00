import { create } from 'zustand';

/** Where the measurement panel's open or closed state is remembered between visits. */
const MEASUREMENT_PANEL_KEY = 'longview.measurementPanel';

function readPanelOpen(): boolean {
  try {
    return window.localStorage.getItem(MEASUREMENT_PANEL_KEY) !== 'closed';
  } catch {
    return true; // storage switched off: open, as on a first visit
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
