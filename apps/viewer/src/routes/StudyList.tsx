import { useMemo, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { formatDicomDate, formatPersonName } from '@longview/dicom-meta';
import { ArchiveError, type ArchiveClient, type StudyListPage, type StudyQuery, type StudySummary } from '@longview/dicomweb';
import { useArchives } from '../archives/ArchivesContext';
import { useStudySearch } from '../archives/queries';
import { useStudySearchStore, type StudySortKey } from '../state/studySearchStore';
import { ArchiveErrorBanner } from '../study/ArchiveErrorBanner';
import { useIsPhoneLayout } from '../layout/formFactor';
import { StudyTable } from '../studyList/StudyTable';
import { onStudyKeyDown, TimelineButton } from '../studyList/StudyRows';

type SortKey = StudySortKey;

const COLUMNS: ReadonlyArray<{ key: SortKey; label: string }> = [
  { key: 'patientName', label: 'Patient' },
  { key: 'patientId', label: 'Patient ID' },
  // Birth date and sex beside the name: two patients can share a name (never join on it).
  { key: 'patientBirthDate', label: 'Born / sex' },
  { key: 'studyDate', label: 'Study date' },
  { key: 'studyDescription', label: 'Description' },
  { key: 'modalities', label: 'Modalities' },
  { key: 'accessionNumber', label: 'Accession' },
];

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

function sortValue(study: StudySummary, key: SortKey): string {
  if (key === 'modalities') return study.modalities.join('\\');
  return (study[key] ?? '').toString();
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
 * One study on a phone, where a table's ten columns cannot fit: the same facts as a row (the
 * patient's ID with its issuing authority, birth date and sex beside the name), stacked. A tap,
 * a click or Enter opens it; T and the Timeline button its patient's timeline.
 */
function StudyCard({ study, archive, onOpen, onOpenTimeline }: { study: StudySummary; archive: ArchiveClient | undefined; onOpen: (study: StudySummary) => void; onOpenTimeline: (study: StudySummary) => void }) {
  // The archive's configured authority where the data names none (as the timeline's banner does).
  const issuer = study.issuerOfPatientId ?? archive?.config.patientIdIssuer;
  return (
    <li
      className="study-card"
      tabIndex={0}
      data-testid="study-card"
      data-study-uid={study.studyInstanceUid}
      data-archive={study.archiveId}
      onClick={() => onOpen(study)}
      onKeyDown={(event) => onStudyKeyDown(event, study, onOpen, onOpenTimeline)}
    >
      <div className="study-card-patient">
        <strong>{formatPersonName(study.patientName) || 'Unnamed patient'}</strong>
        <span>
          ID {study.patientId ?? '—'}
          {issuer ? <span className="muted"> ({issuer})</span> : null}
        </span>
        <span>
          Born {formatDicomDate(study.patientBirthDate) || '—'} · Sex {study.patientSex ?? '—'}
        </span>
      </div>
      <div className="study-card-study">
        <span className="study-card-date">{formatDicomDate(study.studyDate) || 'Undated'}</span>
        <span>{study.modalities.join(', ')}</span>
        <span className="study-card-description">{study.studyDescription ?? 'No description'}</span>
      </div>
      <div className="study-card-where muted">
        <span>{archive?.config.name ?? study.archiveId}</span>
        <span title="Number of series / number of images in the study">
          {study.seriesCount ?? '?'} series · {study.instanceCount ?? '?'} images
        </span>
        {study.accessionNumber ? <span>Acc {study.accessionNumber}</span> : null}
      </div>
      <TimelineButton study={study} onOpenTimeline={onOpenTimeline} className="study-card-timeline" />
    </li>
  );
}

/** The table's sortable column headers, as one choice for the cards. */
function StudySortChoice({ sort, onChange }: { sort: { key: SortKey; descending: boolean }; onChange: (sort: { key: SortKey; descending: boolean }) => void }) {
  return (
    <label className="study-sort">
      Sort by{' '}
      <select
        value={`${sort.key}:${sort.descending ? 'desc' : 'asc'}`}
        onChange={(event) => {
          const [key, direction] = event.target.value.split(':') as [SortKey, string];
          onChange({ key, descending: direction === 'desc' });
        }}
      >
        {COLUMNS.flatMap((column) => [
          <option key={`${column.key}:asc`} value={`${column.key}:asc`}>
            {column.label} ▲
          </option>,
          <option key={`${column.key}:desc`} value={`${column.key}:desc`}>
            {column.label} ▼
          </option>,
        ])}
      </select>
    </label>
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

export function StudyList() {
  const { query, setQuery, sort, setSort } = useStudySearchStore();
  const navigate = useNavigate();
  const isPhone = useIsPhoneLayout();
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

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setQuery(queryFromForm(new FormData(event.currentTarget)));
  };

  const open = (study: StudySummary) => navigate(`/viewer/${study.archiveId}/${study.studyInstanceUid}`);
  const openTimeline = (study: StudySummary) => navigate(`/timeline/${study.archiveId}/${study.studyInstanceUid}`);

  const toggleSort = (key: SortKey) =>
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
        {isSearching
          ? `Searching ${archives.length === 1 ? archives[0]?.config.name : `${archives.length} archives`}…`
          : cut.length > 0
            ? `At least ${studies.length} studies: more exist than are shown`
            : `${studies.length} ${studies.length === 1 ? 'study' : 'studies'}`}
      </div>
      {cut.length > 0 && !(sort.key === 'studyDate' && sort.descending) ? (
        // Every archive is read newest first whatever the sort: another order sorts what is loaded.
        <p className="sort-scope-note muted" data-testid="sort-scope-note">
          Sorted by {COLUMNS.find((column) => column.key === sort.key)?.label.toLowerCase()} {sort.descending ? '(descending)' : '(ascending)'} among the {studies.length} studies
          loaded, the newest of each archive; studies not loaded are not in this order.
        </p>
      ) : null}
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
        <>
          <StudySortChoice sort={sort} onChange={(next) => setSort(() => next)} />
          <ul className="study-cards" data-testid="study-cards" aria-label="Studies">
            {studies.map((study) => (
              <StudyCard key={`${study.archiveId}/${study.studyInstanceUid}`} study={study} archive={archives.find((a) => a.id === study.archiveId)} onOpen={open} onOpenTimeline={openTimeline} />
            ))}
          </ul>
        </>
      ) : (
        <StudyTable
          studies={studies}
          archiveNameOf={(archiveId) => archives.find((a) => a.id === archiveId)?.config.name}
          onOpen={open}
          onOpenTimeline={openTimeline}
          header={
            <tr aria-rowindex={1}>
              {COLUMNS.map((column) => (
                <th
                  key={column.key}
                  aria-sort={sort.key === column.key ? (sort.descending ? 'descending' : 'ascending') : 'none'}
                >
                  <button type="button" onClick={() => toggleSort(column.key)}>
                    {column.label}
                    {sort.key === column.key ? (sort.descending ? ' ▼' : ' ▲') : ''}
                  </button>
                </th>
              ))}
              <th title="Number of series / number of images in the study">Series / images</th>
              <th>Archive</th>
              <th>
                <span className="visually-hidden">Patient timeline</span>
              </th>
            </tr>
          }
        />
      )}
    </div>
  );
}
