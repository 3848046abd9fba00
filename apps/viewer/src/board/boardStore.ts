import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import { validateSharedSession, type SharedCase, type SharedSession } from '@longview/shared-view';

/**
 * The tumor board's agenda (ordered cases with their prepared views) and the view the study
 * viewer should take on next: from a shared link, an agenda step or the live presenter.
 * The agenda lives in this tab's sessionStorage (UIDs and view state only), so a reload keeps it.
 */
interface BoardState {
  agenda: SharedSession | undefined;
  /** A case to show exactly; `key` changes with every new request, even for the same case. */
  target: { shared: SharedCase; key: number } | undefined;
  setAgenda: (agenda: SharedSession | undefined) => void;
  /** Returns the request's key, which the navigation to the case carries (see sharedNavigation). */
  showCase: (shared: SharedCase) => number;
}

let nextKey = 1;

export const useBoardStore = create<BoardState>()(
  persist(
    (set) => ({
      agenda: undefined,
      target: undefined,
      setAgenda: (agenda) => set({ agenda }),
      showCase: (shared) => {
        const key = nextKey++;
        set({ target: { shared, key } });
        return key;
      },
    }),
    {
      name: 'longview.board',
      storage: createJSONStorage(() => sessionStorage),
      partialize: (state) => ({ agenda: state.agenda }),
      // What comes back from storage is checked like any shared view before it is used.
      merge: (persisted, current) => {
        const agenda = (persisted as { agenda?: unknown } | undefined)?.agenda;
        const checked = agenda === undefined ? undefined : validateSharedSession(agenda);
        return { ...current, agenda: checked?.ok ? checked.session : undefined };
      },
    },
  ),
);
