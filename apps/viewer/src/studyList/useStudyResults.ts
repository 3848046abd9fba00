import { useMemo, useState } from 'react';
import type { StudyQuery, StudySummary } from '@longview/dicomweb';
import { useArchives } from '../archives/ArchivesContext';
import { useStudySearch } from '../archives/queries';
import type { StudySort, StudySortKey } from '../state/studySearchStore';

function sortValue(study: StudySummary, key: StudySortKey): string {
  if (key === 'modalities') return study.modalities.join('\\');
  return (study[key] ?? '').toString();
}

/** How many pages of the limit the reader loaded from each archive, for the current search only. */
function usePagesByArchive(query: StudyQuery) {
  const searchKey = JSON.stringify(query);
  const [loaded, setLoaded] = useState<{ searchKey: string; pages: Record<string, number> }>({ searchKey, pages: {} });
  const pages = loaded.searchKey === searchKey ? loaded.pages : {};
  return {
    pagesOf: (archiveId: string) => pages[archiveId] ?? 1,
    loadMore: (archiveId: string) => setLoaded({ searchKey, pages: { ...pages, [archiveId]: (pages[archiveId] ?? 1) + 1 } }),
  };
}

/**
 * One search across every archive: the studies found, merged and sorted; the archives that
 * failed; and the archives whose answer was cut at the limit, with a way to load more from each.
 */
export function useStudyResults(query: StudyQuery, sort: StudySort) {
  const { pagesOf, loadMore } = usePagesByArchive(query);
  const results = useStudySearch(query, pagesOf);
  const { all: archives, studyListLimit } = useArchives();

  const studies = useMemo(() => {
    const merged = results.flatMap((r) => r.data?.studies ?? []);
    const direction = sort.descending ? -1 : 1;
    return merged.sort((a, b) => direction * sortValue(a, sort.key).localeCompare(sortValue(b, sort.key)));
  }, [results, sort]);

  const isSearching = results.some((r) => r.isFetching);
  const failures = results.flatMap((r, i) => (r.error ? [{ archive: archives[i], error: r.error, retry: r.refetch }] : []));
  // Archives whose answer was cut at the limit: the count is a floor, and each says so.
  const cut = results.flatMap((r, i) =>
    r.data && (r.data.moreExist || r.data.sentMoreThanAsked) ? [{ archive: archives[i], page: r.data, isLoading: r.isFetching }] : [],
  );
  return { archives, studyListLimit, studies, isSearching, failures, cut, loadMore };
}
