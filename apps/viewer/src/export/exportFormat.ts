/** What the user asked to export. */
export type ExportScope = 'series' | 'study';
export type ExportFormat = 'dicom-deidentified' | 'png';

/**
 * What was exported, for the audit trail (issue 9). UIDs and counts only, never names: these
 * are the ORIGINAL study and series UIDs, so an auditor can tell which record left the building.
 */
export interface ExportRecord {
  studyUid: string;
  seriesUids: string[];
  format: ExportFormat;
  instanceCount: number;
}

export type ExportProgress =
  | { kind: 'idle' }
  | { kind: 'running'; done: number; total: number }
  | { kind: 'finished'; record: ExportRecord; fileName: string }
  | { kind: 'failed'; message: string };

/** A file name with no PHI in it: what and when, never whose. */
export function exportFileName(format: ExportFormat, scope: ExportScope, now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return format === 'png' ? `longview-image-${stamp}.png` : `longview-deidentified-${scope}-${stamp}.zip`;
}

/** Offers a blob to the user as a download. */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started from the URL; give the browser a moment before revoking it.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
