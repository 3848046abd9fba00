import { create } from 'zustand';
import type { MouseTool } from '@longview/render';

/**
 * The tool the left mouse button uses, shared by every viewport: a reader who picks "length"
 * expects to measure in whichever viewport they drag in next. Not shared with others (not in
 * the URL).
 */
interface MeasurementToolState {
  mouseTool: MouseTool;
  setMouseTool: (tool: MouseTool) => void;
}

export const useMeasurementToolStore = create<MeasurementToolState>((set) => ({
  mouseTool: 'window-level',
  setMouseTool: (mouseTool) => set({ mouseTool }),
}));
