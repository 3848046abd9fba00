import type { ArchiveClient, SeriesSummary } from '@longview/dicomweb';
import type { GridState } from '../state/gridState';
import { SeriesBrowser } from './SeriesBrowser';

interface SeriesQuery {
  data: SeriesSummary[] | undefined;
  error: Error | null;
  isPending: boolean;
  refetch: () => Promise<unknown>;
}

/** The study's series, and its prior's under them when the reading has one. */
export function StudySeriesBrowsers(props: {
  archive: ArchiveClient;
  studyUid: string;
  series: SeriesQuery;
  prior: { archive: ArchiveClient; study: { studyInstanceUid: string; studyDate?: string | undefined }; series: SeriesQuery } | undefined;
  activeCell: GridState['cells'][number] | undefined;
  onSelect: (study: 'current' | 'prior', seriesUid: string) => void;
  loadThumbnails: boolean;
}) {
  const { series, prior, activeCell } = props;
  return (
    <div className="series-browsers">
      <SeriesBrowser
        archive={props.archive}
        studyUid={props.studyUid}
        series={series.data}
        error={series.error}
        isLoading={series.isPending}
        onRetry={() => void series.refetch()}
        selectedSeriesUid={activeCell?.study === 'current' ? activeCell.seriesUid : undefined}
        onSelect={(seriesUid) => props.onSelect('current', seriesUid)}
        loadThumbnails={props.loadThumbnails}
      />
      {prior ? (
        <section className="prior-series" aria-label="Prior study series" data-testid="prior-series">
          <h2>Prior · {prior.study.studyDate?.replace(/^(\d{4})(\d{2})(\d{2})$/, '$1-$2-$3')}</h2>
          <SeriesBrowser
            archive={prior.archive}
            studyUid={prior.study.studyInstanceUid}
            series={prior.series.data}
            error={prior.series.error}
            isLoading={prior.series.isPending}
            onRetry={() => void prior.series.refetch()}
            selectedSeriesUid={activeCell?.study === 'prior' ? activeCell.seriesUid : undefined}
            onSelect={(seriesUid) => props.onSelect('prior', seriesUid)}
            loadThumbnails={props.loadThumbnails}
          />
        </section>
      ) : null}
    </div>
  );
}
