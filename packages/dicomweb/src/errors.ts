/**
 * Archive errors carry the sentence a clinician sees and whether retrying can help.
 * They never carry patient data: only the archive's display name, HTTP status and counts.
 */
/**
 * The largest answer read through dicomweb-client (searches, metadata, LUT bulk data,
 * thumbnails). A 2,000-slice CT's series metadata is about 4 MB; anything past this is a
 * broken or hostile archive, and parsing it whole would take the tab's memory with it.
 * (Stored instances for export are fetched apart, without this limit.)
 */
export const MAX_ANSWER_BYTES = 32 * 1024 * 1024;

/**
 * `unauthorized`: an archive configured for bearer tokens refused the token (401/403), or the
 * viewer holds none for it; the way forward is signing in (again), not retrying.
 */
export type ArchiveErrorKind = 'unavailable' | 'rejected' | 'unauthorized' | 'malformed' | 'not-found' | 'too-large';

export class ArchiveError extends Error {
  readonly kind: ArchiveErrorKind;
  readonly archiveId: string;
  readonly status: number | undefined;
  /** What the user is told, e.g. "Radiology PACS did not answer." */
  readonly userMessage: string;
  readonly isRetryable: boolean;
  /** An `unavailable` archive that was reached but did not answer within its time limit. */
  readonly timedOut: boolean;

  constructor(options: { kind: ArchiveErrorKind; archiveId: string; archiveName: string; status?: number; detail?: string; timedOut?: boolean }) {
    const userMessage = options.timedOut ? `${options.archiveName} did not answer in time.` : userMessageFor(options.kind, options.archiveName, options.status);
    super(options.detail ? `${userMessage} (${options.detail})` : userMessage);
    this.name = 'ArchiveError';
    this.kind = options.kind;
    this.archiveId = options.archiveId;
    this.status = options.status;
    this.userMessage = userMessage;
    this.isRetryable = options.kind === 'unavailable';
    this.timedOut = options.timedOut ?? false;
  }
}

function userMessageFor(kind: ArchiveErrorKind, archiveName: string, status: number | undefined): string {
  switch (kind) {
    case 'unavailable':
      return status
        ? `${archiveName} is not answering (HTTP ${status}).`
        : `${archiveName} did not answer. It may be down or unreachable.`;
    case 'rejected':
      return `${archiveName} refused the request (HTTP ${status ?? '?'}).`;
    case 'unauthorized':
      return status
        ? `${archiveName} did not accept your sign-in (HTTP ${status}); its studies are not shown. Sign in again to see them.`
        : `${archiveName} needs you to sign in; its studies are not shown yet.`;
    case 'not-found':
      return `${archiveName} does not have the requested images.`;
    case 'malformed':
      return `${archiveName} sent a response the viewer cannot read.`;
    case 'too-large':
      return `${archiveName} sent an answer too large to use (over ${MAX_ANSWER_BYTES / 1024 / 1024} MB); nothing of it is shown.`;
  }
}

/** The request was cancelled by the viewer itself (the user moved on); never shown as an error. */
export class RequestCancelled extends Error {
  constructor() {
    super('Request cancelled');
    this.name = 'RequestCancelled';
  }
}

export function isRequestCancelled(error: unknown): error is RequestCancelled {
  return error instanceof RequestCancelled;
}
