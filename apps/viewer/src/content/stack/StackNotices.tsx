import type { StackViewState } from '@longview/render';
import type { SeriesStackState } from '../../series/useSeriesStack';
import { SeriesError } from '../../viewport/SeriesError';

interface StackNoticesProps {
  series: SeriesStackState;
  view: StackViewState | undefined;
  renderError: string | undefined;
  onRetry: () => void;
}

/** What the viewport says over the image: opening, a series or display failure, an image that cannot be shown, missing metadata. */
export function StackNotices({ series, view, renderError, onRetry }: StackNoticesProps) {
  return (
    <>
      {series.kind === 'opening' ? <div className="viewport-message" role="status">Opening series…</div> : null}
      {series.kind === 'failed' ? <SeriesError message={series.message} onRetry={series.isRetryable ? onRetry : undefined} /> : null}
      {renderError ? (
        <div className="viewport-message error" role="alert">
          {renderError}
        </div>
      ) : null}
      {view?.unavailableReason ? (
        <div className="image-unavailable" role="alert" data-testid="image-error">
          <p>
            Image {view.imageIndex + 1} cannot be displayed. {view.unavailableReason}
          </p>
        </div>
      ) : null}
      {series.kind === 'ready' && series.metadataError ? (
        <div className="viewport-notice" role="alert">
          {series.metadataError} Only the first image is available.{' '}
          <button type="button" onClick={onRetry}>
            Retry
          </button>
        </div>
      ) : null}
    </>
  );
}
