import type { ArchiveClient } from '@longview/dicomweb';

export interface ZipExportOptions {
  archive: ArchiveClient;
  studyUid: string;
  seriesUids: readonly string[];
  signal: AbortSignal;
  onProgress: (done: number, total: number) => void;
}

/**
 * Fetches every instance of the series as Part-10, de-identifies each one with one UID map for
 * the whole export (so the study, series and frame of reference stay one), and packs them in
 * a ZIP: `series-01/0001.dcm`, … in series then instance-number order, no PHI in any name.
 *
 * The de-identification package and the ZIP writer are loaded here, on first export, so the
 * viewer's first image never waits for them.
 */
export async function exportDeidentifiedZip({ archive, studyUid, seriesUids, signal, onProgress }: ZipExportOptions): Promise<{ zip: Blob; instanceCount: number }> {
  const [{ deidentifyPart10, UidRemapper }, { zipSync }] = await Promise.all([import('@longview/deidentify'), import('fflate')]);
  const lists = await Promise.all(seriesUids.map((series) => archive.searchInstances(studyUid, series, signal)));
  const total = lists.reduce((sum, list) => sum + list.length, 0);
  const uids = new UidRemapper();
  const files: Record<string, Uint8Array> = {};
  let done = 0;
  onProgress(done, total);
  for (const [seriesIndex, instances] of lists.entries()) {
    const seriesUid = seriesUids[seriesIndex] as string;
    const ordered = [...instances].sort((a, b) => (a.instanceNumber ?? 0) - (b.instanceNumber ?? 0));
    for (const [index, instance] of ordered.entries()) {
      const part10 = await archive.retrieveStoredInstance(studyUid, seriesUid, instance.sopInstanceUid, signal);
      const { bytes } = deidentifyPart10(part10, uids);
      files[`series-${pad(seriesIndex + 1, 2)}/${pad(index + 1, 4)}.dcm`] = bytes;
      done += 1;
      onProgress(done, total);
    }
  }
  // Stored, not deflated (level 0): most pixel data is already compressed or barely
  // compressible, and deflating hundreds of megabytes on the main thread would freeze the UI.
  const zip = zipSync(files, { level: 0 });
  return { zip: new Blob([zip as Uint8Array<ArrayBuffer>], { type: 'application/zip' }), instanceCount: done };
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}
