import { isSignInError, SmartSignInNotice } from '../launch/SmartSignIn';

/**
 * A clear, per-archive error with a way to try again; never a stack trace. `advice` replaces the
 * archive's own sentence where the caller knows better what to do (a search too broad to answer).
 */
export function ArchiveErrorBanner({ archiveName, error, onRetry, advice }: { archiveName: string; error: unknown; onRetry: () => void; advice?: string | undefined }) {
  // Retrying cannot help an archive that wants a (new) sign-in: offer that instead.
  if (isSignInError(error)) return <SmartSignInNotice error={error} />;
  const message = advice ??
    (typeof (error as { userMessage?: unknown })?.userMessage === 'string'
      ? (error as { userMessage: string }).userMessage
      : `${archiveName} could not be searched.`);
  return (
    <div className="error-banner" role="alert" data-testid="archive-error">
      <span>{message}</span>
      <button type="button" onClick={onRetry}>
        Retry
      </button>
    </div>
  );
}
