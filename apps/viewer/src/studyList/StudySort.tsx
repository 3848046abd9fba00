import type { StudySort, StudySortKey } from '../state/studySearchStore';

/** The sortable columns of the study list, in the table's order. */
export const SORT_COLUMNS: ReadonlyArray<{ key: StudySortKey; label: string }> = [
  { key: 'patientName', label: 'Patient' },
  { key: 'patientId', label: 'Patient ID' },
  // Birth date and sex beside the name: two patients can share a name (never join on it).
  { key: 'patientBirthDate', label: 'Born / sex' },
  { key: 'studyDate', label: 'Study date' },
  { key: 'studyDescription', label: 'Description' },
  { key: 'modalities', label: 'Modalities' },
  { key: 'accessionNumber', label: 'Accession' },
];

/** The table's header row: a click on a sortable column sorts by it, a second click reverses. */
export function StudySortHeader({ sort, onToggle }: { sort: StudySort; onToggle: (key: StudySortKey) => void }) {
  return (
    <tr aria-rowindex={1}>
      {SORT_COLUMNS.map((column) => (
        <th
          key={column.key}
          aria-sort={sort.key === column.key ? (sort.descending ? 'descending' : 'ascending') : 'none'}
        >
          <button type="button" onClick={() => onToggle(column.key)}>
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
  );
}

/** The table's sortable column headers, as one choice for the cards. */
export function StudySortChoice({ sort, onChange }: { sort: StudySort; onChange: (sort: StudySort) => void }) {
  return (
    <label className="study-sort">
      Sort by{' '}
      <select
        value={`${sort.key}:${sort.descending ? 'desc' : 'asc'}`}
        onChange={(event) => {
          const [key, direction] = event.target.value.split(':') as [StudySortKey, string];
          onChange({ key, descending: direction === 'desc' });
        }}
      >
        {SORT_COLUMNS.flatMap((column) => [
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
