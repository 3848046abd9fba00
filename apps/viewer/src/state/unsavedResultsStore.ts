import { create } from 'zustand';

/**
 * Whether the open study has results (measurements, key images) not saved yet: set by the save
 * control (results/SaveResults), read by every way out of the study, which asks first.
 */
export const useUnsavedResultsStore = create<{ hasUnsaved: boolean; setHasUnsaved: (hasUnsaved: boolean) => void }>((set) => ({
  hasUnsaved: false,
  setHasUnsaved: (hasUnsaved) => set((state) => (state.hasUnsaved === hasUnsaved ? state : { hasUnsaved })),
}));

/** True when nothing is unsaved or the reader agrees to leave it. */
export function confirmLeavingUnsaved(): boolean {
  if (!useUnsavedResultsStore.getState().hasUnsaved) return true;
  return window.confirm('Your measurements or key images are not saved. Leave without saving?');
}
