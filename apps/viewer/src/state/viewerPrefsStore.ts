import { create } from 'zustand';

/** View preferences that are not shared with others: cine speed and the help panel. */
interface ViewerPrefsState {
  cineFramesPerSecond: number | undefined;
  isShortcutHelpOpen: boolean;
  setCineFramesPerSecond: (fps: number) => void;
  toggleShortcutHelp: () => void;
}

export const useViewerPrefsStore = create<ViewerPrefsState>((set) => ({
  cineFramesPerSecond: undefined,
  isShortcutHelpOpen: false,
  setCineFramesPerSecond: (fps) => set({ cineFramesPerSecond: fps }),
  toggleShortcutHelp: () => set((state) => ({ isShortcutHelpOpen: !state.isShortcutHelpOpen })),
}));
