/**
 * Why a series (or its file) cannot be shown, over the viewport, with Retry where trying again
 * can help (the archive was down, not the data wrong). One look and one test id for every kind
 * of viewport.
 */
export function SeriesError({ message, onRetry }: { message: string; onRetry?: (() => void) | undefined }) {
  return (
    <div className="viewport-message error" role="alert" data-testid="series-error">
      <p>{message}</p>
      {onRetry ? (
        <button type="button" onClick={onRetry}>
          Retry
        </button>
      ) : null}
    </div>
  );
}
