import { SPECIALTIES, SPECIALTY_LABELS, type Specialty } from '@longview/timeline';
import type { ArchiveClient } from '@longview/dicomweb';

export interface TimelineFilterState {
  hiddenSpecialties: ReadonlySet<Specialty>;
  hiddenArchives: ReadonlySet<string>;
  modality: string;
  /** ISO dates from the date inputs; empty for open ends. */
  from: string;
  to: string;
}

export const NO_FILTER: TimelineFilterState = { hiddenSpecialties: new Set(), hiddenArchives: new Set(), modality: '', from: '', to: '' };

function toggled<T>(set: ReadonlySet<T>, value: T): Set<T> {
  const next = new Set(set);
  if (next.has(value)) next.delete(value);
  else next.add(value);
  return next;
}

interface TimelineFiltersProps {
  filter: TimelineFilterState;
  onChange: (filter: TimelineFilterState) => void;
  countBySpecialty: ReadonlyMap<Specialty, number>;
  modalities: readonly string[];
  archives: readonly ArchiveClient[];
}

/** Lanes, archives, modality and dates to show. Filters only hide; they never refetch. */
export function TimelineFilters({ filter, onChange, countBySpecialty, modalities, archives }: TimelineFiltersProps) {
  const isFiltered = filter !== NO_FILTER;
  return (
    <div className="timeline-filters" role="group" aria-label="Timeline filters">
      <div className="filter-chips" role="group" aria-label="Specialties">
        {SPECIALTIES.filter((s) => (countBySpecialty.get(s) ?? 0) > 0).map((specialty) => (
          <button
            key={specialty}
            type="button"
            className={`chip lane-${specialty}`}
            aria-pressed={!filter.hiddenSpecialties.has(specialty)}
            onClick={() => onChange({ ...filter, hiddenSpecialties: toggled(filter.hiddenSpecialties, specialty) })}
          >
            {SPECIALTY_LABELS[specialty]} {countBySpecialty.get(specialty)}
          </button>
        ))}
      </div>
      <label>
        Modality{' '}
        <select aria-label="Modality filter" value={filter.modality} onChange={(event) => onChange({ ...filter, modality: event.target.value })}>
          <option value="">Any</option>
          {modalities.map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </select>
      </label>
      <label>
        From <input type="date" aria-label="Studies from" value={filter.from} onChange={(event) => onChange({ ...filter, from: event.target.value })} />
      </label>
      <label>
        To <input type="date" aria-label="Studies to" value={filter.to} onChange={(event) => onChange({ ...filter, to: event.target.value })} />
      </label>
      <div className="filter-chips" role="group" aria-label="Archives">
        {archives.map((archive) => (
          <label key={archive.id} className="archive-toggle">
            <input
              type="checkbox"
              checked={!filter.hiddenArchives.has(archive.id)}
              onChange={() => onChange({ ...filter, hiddenArchives: toggled(filter.hiddenArchives, archive.id) })}
            />{' '}
            {archive.config.name}
          </label>
        ))}
      </div>
      {isFiltered ? (
        <button type="button" onClick={() => onChange(NO_FILTER)}>
          Show all
        </button>
      ) : null}
    </div>
  );
}
