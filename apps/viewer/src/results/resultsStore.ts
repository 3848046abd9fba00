import { create } from 'zustand';
import type { MeasurementReport, ReportImageReference } from '@longview/measurement-report';

/** One study of one archive: results are saved per study, into the archive that holds it. */
export type StudyKey = string;
export const studyKeyOf = (archiveId: string, studyUid: string): StudyKey => `${archiveId}/${studyUid}`;

/** An image as the key image toggle names it: its instance and frame. */
export const imageKeyOf = (sopInstanceUid: string, frame: number | undefined) => `${sopInstanceUid}/${frame ?? 1}`;

/** The key image selection this page saved last, until the archive lists it. */
export interface SavedKeyImages {
  sopInstanceUid: string;
  seriesInstanceUid: string;
  images: ReportImageReference[];
}

/**
 * What the page knows of the reader's results that the archive may not show yet: which items of
 * the reader's latest report are drawn on the page, the report or key image selection just
 * saved (until the archive lists it: it may be waiting in the outbox), and the key images
 * flagged or unflagged since. Server state proper (the reports in the archive) is TanStack
 * Query's (useSavedResults).
 */
interface ResultsState {
  shown: Record<StudyKey, { reportSopInstanceUid: string; items: number[] }>;
  justSaved: Record<StudyKey, MeasurementReport>;
  justSavedKeyImages: Record<StudyKey, SavedKeyImages>;
  /** image key → flagged (true) or unflagged (false) by the reader since the last save. */
  keyImageToggles: Record<StudyKey, Record<string, { isKey: boolean; image: ReportImageReference }>>;
  markShown: (key: StudyKey, reportSopInstanceUid: string, items: readonly number[]) => void;
  setJustSaved: (key: StudyKey, report: MeasurementReport) => void;
  setJustSavedKeyImages: (key: StudyKey, saved: SavedKeyImages) => void;
  toggleKeyImage: (key: StudyKey, image: ReportImageReference, isKeyNow: boolean) => void;
  clearKeyImageToggles: (key: StudyKey) => void;
}

export const useResultsStore = create<ResultsState>((set) => ({
  shown: {},
  justSaved: {},
  justSavedKeyImages: {},
  keyImageToggles: {},
  markShown: (key, reportSopInstanceUid, items) =>
    set((state) => {
      const current = state.shown[key];
      const known = current?.reportSopInstanceUid === reportSopInstanceUid ? current.items : [];
      const merged = [...new Set([...known, ...items])].sort((a, b) => a - b);
      if (current?.reportSopInstanceUid === reportSopInstanceUid && merged.length === known.length) return state;
      return { shown: { ...state.shown, [key]: { reportSopInstanceUid, items: merged } } };
    }),
  setJustSaved: (key, report) => set((state) => ({ justSaved: { ...state.justSaved, [key]: report } })),
  setJustSavedKeyImages: (key, saved) => set((state) => ({ justSavedKeyImages: { ...state.justSavedKeyImages, [key]: saved } })),
  toggleKeyImage: (key, image, isKeyNow) =>
    set((state) => ({
      keyImageToggles: {
        ...state.keyImageToggles,
        [key]: { ...state.keyImageToggles[key], [imageKeyOf(image.sopInstanceUid, image.frameNumber)]: { isKey: isKeyNow, image } },
      },
    })),
  clearKeyImageToggles: (key) => set((state) => ({ keyImageToggles: { ...state.keyImageToggles, [key]: {} } })),
}));
