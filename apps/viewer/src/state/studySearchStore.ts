import { create } from 'zustand';
import type { StudyQuery } from '@longview/dicomweb';

/**
 * The study list's criteria. Kept in memory rather than the URL because names and IDs typed
 * into a search are patient data, and URLs end up in logs and browser history.
 */
export type StudySortKey = 'patientName' | 'patientId' | 'patientBirthDate' | 'studyDate' | 'studyDescription' | 'modalities' | 'accessionNumber';

export interface StudySort {
  key: StudySortKey;
  descending: boolean;
}

interface StudySearchState {
  query: StudyQuery;
  setQuery: (query: StudyQuery) => void;
  /** Kept with the criteria so that coming back from a study finds the list as it was left. */
  sort: StudySort;
  setSort: (update: (current: StudySort) => StudySort) => void;
}

export const DEFAULT_STUDY_QUERY: StudyQuery = { limit: 200 };

export const useStudySearchStore = create<StudySearchState>((set) => ({
  query: DEFAULT_STUDY_QUERY,
  setQuery: (query) => set({ query: { ...query, limit: DEFAULT_STUDY_QUERY.limit } }),
  sort: { key: 'studyDate', descending: true },
  setSort: (update) => set((state) => ({ sort: update(state.sort) })),
}));
