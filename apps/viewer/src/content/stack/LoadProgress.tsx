import type { StackLoadProgress } from '@longview/render';

/**
 * Per-series loading progress, the list of images that failed with why, and how many loaded
 * images were released again to stay within the configured memory (config.json "memory").
 */
export function LoadProgress({
  progress,
  failedImages,
  releasedCount = 0,
  onSelectImage,
}: {
  progress: StackLoadProgress | undefined;
  failedImages: ReadonlyMap<number, string>;
  releasedCount?: number;
  onSelectImage: (index: number) => void;
}) {
  if (!progress) return null;
  const done = progress.loaded + progress.failed;
  const isComplete = done >= progress.total;
  return (
    <div className="load-progress" data-testid="load-progress" data-loaded={progress.loaded} data-failed={progress.failed} data-total={progress.total}>
      {!isComplete ? (
        <>
          <progress max={progress.total} value={done} aria-label="Series loading progress" />
          <span>
            Loading {done} / {progress.total}
          </span>
        </>
      ) : (
        <span className="muted">
          {progress.loaded} of {progress.total} images loaded
        </span>
      )}
      {releasedCount > 0 ? (
        <span className="muted released-images" data-testid="released-images" data-released={releasedCount}>
          {releasedCount} {releasedCount === 1 ? 'image' : 'images'} released to stay within memory; reloaded when shown
        </span>
      ) : null}
      {failedImages.size > 0 ? (
        <details className="failed-images" data-testid="failed-images">
          <summary>
            {failedImages.size} {failedImages.size === 1 ? 'image' : 'images'} could not be displayed
          </summary>
          <ul>
            {[...failedImages.entries()]
              .sort(([a], [b]) => a - b)
              .map(([index, message]) => (
                <li key={index}>
                  <button type="button" onClick={() => onSelectImage(index)}>
                    Image {index + 1}
                  </button>
                  : {message}
                </li>
              ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}
