import type { FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { ArchiveError, type ArchiveClient, type StudyListPage, type StudyQuery, type StudySummary } from '@longview/dicomweb';
import { openStudyEarly } from '../boot/earlyOpen';
import { useStudySearchStore, type StudySort, type StudySortKey } from '../state/studySearchStore';
import { ArchiveErrorBanner } from '../study/ArchiveErrorBanner';
import { useIsPhoneLayout } from '../layout/formFactor';
import { StudyCards } from '../studyList/StudyCards';
import { SORT_COLUMNS, StudySortHeader } from '../studyList/StudySort';
import { StudyTable } from '../studyList/StudyTable';
import { useStudyResults } from '../studyList/useStudyResults';
import { useViewerPreload } from './useViewerPreload';

const MODALITIES = ['', 'CT', 'MR', 'CR', 'DX', 'US', 'XA', 'NM', 'PT', 'MG', 'OT', 'SM', 'XC'];

function queryFromForm(form: FormData): StudyQuery {
  const field = (name: string) => {
    const value = form.get(name);
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  };
  return {
    patientId: field('pid'),
    patientName: field('name'),
    accessionNumber: field('acc'),
    modality: field('mod'),
    studyDateFrom: field('from'),
    studyDateTo: field('to'),
  };
}

/** The search fields; a submit replaces the query (kept in state/studySearchStore across visits). */
function StudySearchForm({ query, onSubmit }: { query: StudyQuery; onSubmit: (event: FormEvent<HTMLFormElement>) => void }) {
  return (
    <form className="search-form" onSubmit={onSubmit} aria-label="Search studies">
      <label>
        Patient ID
        <input name="pid" defaultValue={query.patientId ?? ''} autoComplete="off" />
      </label>
      <label>
        Patient name
        <input name="name" defaultValue={query.patientName ?? ''} autoComplete="off" />
      </label>
      <label>
        Accession
        <input name="acc" defaultValue={query.accessionNumber ?? ''} autoComplete="off" />
      </label>
      <label>
        Modality
        <select name="mod" defaultValue={query.modality ?? ''}>
          {MODALITIES.map((m) => (
            <option key={m} value={m}>
              {m || 'Any'}
            </option>
          ))}
        </select>
      </label>
      <label>
        From
        <input type="date" name="from" defaultValue={query.studyDateFrom ?? ''} />
      </label>
      <label>
        To
        <input type="date" name="to" defaultValue={query.studyDateTo ?? ''} />
      </label>
      <button type="submit">Search</button>
    </form>
  );
}

/**
 * A search that names no patient, accession, study or date range: the one an archive of millions
 * of studies may not answer in time, and that the reader can narrow.
 */
function isBroadSearch(query: StudyQuery): boolean {
  return ![query.patientId, query.patientName, query.accessionNumber, query.studyInstanceUid, query.studyDateFrom, query.studyDateTo].some((value) => value?.trim());
}

/**
 * One archive's answer held more studies than the list shows: the reader narrows the search or
 * loads the next `limit` from that archive. An archive that ignored the limit is named as such.
 */
function MoreExistNotice({ archiveName, limit, page, isLoading, onLoadMore }: { archiveName: string; limit: number; page: StudyListPage; isLoading: boolean; onLoadMore: () => void }) {
  return (
    <p className="more-exist-notice" role="status" data-testid="more-exist-notice" data-archive-name={archiveName}>
      <strong>{archiveName}:</strong>{' '}
      {page.sentMoreThanAsked
        ? `sent ${page.received.length} studies, more than asked for; the newest ${page.studies.length} are shown.`
        : `newest ${page.studies.length} shown; more exist.`}{' '}
      Narrow the search with a patient, a date range or a modality, or{' '}
      <button type="button" className="link-button" onClick={onLoadMore} disabled={isLoading} aria-label={`Load ${limit} more studies from ${archiveName}`}>
        {isLoading ? 'loading…' : `load ${limit} more`}
      </button>
      .
    </p>
  );
}

/**
 * Where the sort applies when some archives' answers were cut: every archive is read newest first
 * whatever the sort, so another order sorts only what is loaded.
 */
function SortScopeNote({ sort, loadedCount }: { sort: StudySort; loadedCount: number }) {
  return (
    <p className="sort-scope-note muted" data-testid="sort-scope-note">
      Sorted by {SORT_COLUMNS.find((column) => column.key === sort.key)?.label.toLowerCase()} {sort.descending ? '(descending)' : '(ascending)'} among the {loadedCount} studies
      loaded, the newest of each archive; studies not loaded are not in this order.
    </p>
  );
}

/** How many studies were found (a floor where an archive's answer was cut), or which archives are being searched. */
function studyListStatus(isSearching: boolean, archives: readonly ArchiveClient[], isCut: boolean, count: number): string {
  if (isSearching) return `Searching ${archives.length === 1 ? archives[0]?.config.name : `${archives.length} archives`}…`;
  if (isCut) return `At least ${count} studies: more exist than are shown`;
  return `${count} ${count === 1 ? 'study' : 'studies'}`;
}

export function StudyList() {
  const { query, setQuery, sort, setSort } = useStudySearchStore();
  const navigate = useNavigate();
  const isPhone = useIsPhoneLayout();
  const { archives, studyListLimit, studies, isSearching, failures, cut, loadMore } = useStudyResults(query, sort);
  useViewerPreload(!isSearching && studies.length > 0);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setQuery(queryFromForm(new FormData(event.currentTarget)));
  };

  const open = (study: StudySummary) => {
    // Its first image's requests start now, not once the viewer's chunk and components are in.
    const archive = archives.find((candidate) => candidate.id === study.archiveId);
    if (archive) openStudyEarly(archive.config, study, archive.authHeaders());
    navigate(`/viewer/${study.archiveId}/${study.studyInstanceUid}`);
  };
  const openTimeline = (study: StudySummary) => navigate(`/timeline/${study.archiveId}/${study.studyInstanceUid}`);

  const toggleSort = (key: StudySortKey) =>
    setSort((current) => ({ key, descending: current.key === key ? !current.descending : key === 'studyDate' }));

  return (
    <div className="study-list">
      <header className="app-header">
        <h1>Longview</h1>
        <span className="app-subtitle">Studies</span>
      </header>
      <StudySearchForm query={query} onSubmit={onSubmit} />

      {failures.map(({ archive, error, retry }) => (
        <ArchiveErrorBanner
          key={archive?.id ?? 'unknown'}
          archiveName={archive?.config.name ?? 'An archive'}
          error={error}
          onRetry={() => void retry()}
          advice={error instanceof ArchiveError && error.timedOut && isBroadSearch(query) ? `This search is too broad for ${archive?.config.name ?? 'an archive'}; add a patient, a date range or a modality.` : undefined}
        />
      ))}

      <div className="list-status" role="status" aria-live="polite" data-testid="study-list-status">
        {studyListStatus(isSearching, archives, cut.length > 0, studies.length)}
      </div>
      {cut.length > 0 && !(sort.key === 'studyDate' && sort.descending) ? <SortScopeNote sort={sort} loadedCount={studies.length} /> : null}
      {cut.map(({ archive, page, isLoading }) => (
        <MoreExistNotice
          key={archive?.id ?? 'unknown'}
          archiveName={archive?.config.name ?? 'An archive'}
          limit={studyListLimit}
          page={page}
          isLoading={isLoading}
          onLoadMore={() => archive && loadMore(archive.id)}
        />
      ))}

      {!isSearching && studies.length === 0 ? (
        <p className="empty-state">
          No studies match these criteria.
          {failures.length > 0 ? ' Archives that could not be searched are listed above; they may hold some.' : null}
        </p>
      ) : isPhone ? (
        <StudyCards studies={studies} archives={archives} sort={sort} onSort={(next) => setSort(() => next)} onOpen={open} onOpenTimeline={openTimeline} />
      ) : (
        <StudyTable
          studies={studies}
          archiveNameOf={(archiveId) => archives.find((a) => a.id === archiveId)?.config.name}
          onOpen={open}
          onOpenTimeline={openTimeline}
          header={<StudySortHeader sort={sort} onToggle={toggleSort} />}
        />
      )}
    </div>
  );
}
