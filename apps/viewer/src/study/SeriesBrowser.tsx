import type { ArchiveClient, SeriesSummary } from '@longview/dicomweb';
import { useSeriesThumbnail } from '../archives/queries';
import { ContentKindIcon } from '../content/ContentKindIcon';
import { useAiMadeSeries } from '../oncology/useAiMadeSeries';
import { KeyImageCount } from '../results/KeyImageBadge';
import type { SeriesThumbnail } from '../series/seriesThumbnail';
import { SERIES_DRAG_TYPE } from '../reading/dragSeries';
import { ArchiveErrorBanner } from './ArchiveErrorBanner';

interface SeriesBrowserProps {
  archive: ArchiveClient;
  studyUid: string;
  series: SeriesSummary[] | undefined;
  error: unknown;
  isLoading: boolean;
  onRetry: () => void;
  selectedSeriesUid: string | undefined;
  onSelect: (seriesUid: string) => void;
  /** Thumbnails wait for the first image so they never compete with it for the network. */
  loadThumbnails: boolean;
}

export function SeriesBrowser(props: SeriesBrowserProps) {
  const { series, error, isLoading } = props;
  const aiMadeBy = useAiMadeSeries(props.archive, props.studyUid, series);
  return (
    <nav className="series-browser" aria-label="Series">
      {isLoading ? <p className="muted">Loading series…</p> : null}
      {error ? <ArchiveErrorBanner archiveName={props.archive.config.name} error={error} onRetry={props.onRetry} /> : null}
      {series?.length === 0 ? <p className="muted">This study has no series.</p> : null}
      <ol>
        {series?.map((s) => (
          <li key={s.seriesInstanceUid}>
            <SeriesCard {...props} series={s} isSelected={s.seriesInstanceUid === props.selectedSeriesUid} aiMadeBy={aiMadeBy.get(s.seriesInstanceUid)} />
          </li>
        ))}
      </ol>
    </nav>
  );
}

function SeriesCard({
  archive,
  studyUid,
  series,
  isSelected,
  onSelect,
  loadThumbnails,
  aiMadeBy,
}: Omit<SeriesBrowserProps, 'series'> & { series: SeriesSummary; isSelected: boolean; aiMadeBy: string | undefined }) {
  const thumbnail = useSeriesThumbnail(archive, studyUid, series.seriesInstanceUid, loadThumbnails);
  return (
    <button
      type="button"
      className={`series-card${isSelected ? ' selected' : ''}`}
      aria-pressed={isSelected}
      data-series-uid={series.seriesInstanceUid}
      onClick={() => onSelect(series.seriesInstanceUid)}
      // Dragged onto a viewport of the grid (reading/ViewportGrid.tsx), which checks it is this study's.
      draggable
      onDragStart={(event) => {
        event.dataTransfer.setData(SERIES_DRAG_TYPE, JSON.stringify({ archiveId: archive.id, studyUid, seriesUid: series.seriesInstanceUid }));
        event.dataTransfer.effectAllowed = 'copy';
      }}
    >
      <SeriesThumbnailView thumbnail={thumbnail.data} isError={thumbnail.isError} modality={series.modality} />
      <div className="series-text">
        <span className="series-title">
          {series.seriesNumber !== undefined ? `#${series.seriesNumber} ` : ''}
          {series.seriesDescription ?? 'Unnamed series'}
        </span>
        {/* A program's result says so on its card, with who made it (issue 27). */}
        {aiMadeBy ? (
          <span className="series-ai" data-testid="series-ai-mark" data-made-by={aiMadeBy} title={aiMadeBy}>
            <span className="ai-mark">AI-generated</span> {aiMadeBy.replace(/^AI: /, '')}
          </span>
        ) : null}
        <span className="muted">
          {series.modality ?? '—'} · {series.instanceCount ?? '?'} {series.instanceCount === 1 ? 'image' : 'images'}
          <KeyImageCount archive={archive} studyUid={studyUid} seriesUid={series.seriesInstanceUid} />
        </span>
      </div>
    </button>
  );
}

/**
 * The picture of a series, or its kind drawn and named ("SR report", "Key images (3)", "PDF",
 * "ECG 12-lead"); a failed request still names the modality. data-* say which, for tests.
 */
function SeriesThumbnailView({ thumbnail, isError, modality }: { thumbnail: SeriesThumbnail | undefined; isError: boolean; modality: string | undefined }) {
  if (thumbnail?.kind === 'image') {
    return (
      <div
        className="thumbnail"
        data-testid="series-thumbnail"
        data-thumbnail="image"
        data-content-kind={thumbnail.contentKind}
        data-sop-instance-uid={thumbnail.sopInstanceUid}
        data-label={thumbnail.label}
        title={thumbnail.label}
      >
        <img src={thumbnail.url} alt="" />
        {/* On a 64 px picture only the codec fits: "▶ H.264" for "Video · H.264". */}
        {thumbnail.label ? <span className="thumbnail-label on-image">{thumbnail.label.replace(/^Video · /, '▶ ')}</span> : null}
      </div>
    );
  }
  if (thumbnail?.kind === 'icon') {
    return (
      <div className="thumbnail icon" data-testid="series-thumbnail" data-thumbnail="icon" data-content-kind={thumbnail.contentKind} title={thumbnail.note ? `${thumbnail.label}: ${thumbnail.note}` : thumbnail.label}>
        <ContentKindIcon kind={thumbnail.contentKind} isKeyImages={thumbnail.isKeyImages} />
        <span className="thumbnail-label" data-testid="series-thumbnail-label">
          {thumbnail.label}
        </span>
        {thumbnail.note ? <span className="thumbnail-note">{thumbnail.note}</span> : null}
      </div>
    );
  }
  return (
    <div className="thumbnail icon" data-testid="series-thumbnail" data-thumbnail={isError ? 'failed' : 'loading'}>
      <span className="thumbnail-label">{modality ?? 'Series'}</span>
      {isError ? <span className="thumbnail-note">No preview</span> : null}
    </div>
  );
}
