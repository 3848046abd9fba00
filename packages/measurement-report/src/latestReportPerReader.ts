import type { MeasurementReport } from './model';

export interface ReaderReports {
  observerName: string;
  latest: MeasurementReport;
  /** How many other reports of this observer there are (earlier versions, or rival branches). */
  earlierCount: number;
}

/**
 * Per observer, the newest report: one that no other report of the same observer names as
 * predecessor; ties broken by contentDateTime, then SOP Instance UID. A report whose predecessor
 * is missing from the list still counts. A device's reports (an AI's, TID 1004) are its own,
 * by its UID or name, never an unnamed reader's; reports without an observer are grouped under ''.
 * The same SOP instance listed twice (from two archives, say) is counted once.
 */
export function latestReportPerReader(reports: MeasurementReport[]): ReaderReports[] {
  const byObserver = new Map<string, Map<string, MeasurementReport>>();
  for (const report of reports) {
    const own = byObserver.get(observerKeyOf(report)) ?? new Map<string, MeasurementReport>();
    byObserver.set(observerKeyOf(report), own);
    if (!own.has(report.sopInstanceUid)) own.set(report.sopInstanceUid, report);
  }
  return [...byObserver.values()]
    .map((own) => {
      const versions = [...own.values()];
      const superseded = new Set(versions.flatMap((report) => report.predecessors.filter((uid) => uid !== report.sopInstanceUid)));
      const heads = versions.filter((report) => !superseded.has(report.sopInstanceUid));
      // A cycle of predecessors leaves no head: then every version is a candidate.
      const [latest] = (heads.length > 0 ? heads : versions).sort(newestFirst);
      return latest && { observerName: latest.observerName ?? '', latest, earlierCount: versions.length - 1 };
    })
    .filter((entry): entry is ReaderReports => entry !== undefined)
    .sort((a, b) => a.observerName.localeCompare(b.observerName));
}

/** Whose report this is: the person observer, else the device (a key no person's name can be), else ''. */
function observerKeyOf(report: MeasurementReport): string {
  if (report.observerName !== undefined) return report.observerName;
  const device = report.device?.uid ?? report.device?.name;
  return device !== undefined ? `\u0000device ${device}` : '';
}

/** Newest content first (undated last), then the greater SOP Instance UID, so the choice is stable. */
function newestFirst(a: MeasurementReport, b: MeasurementReport): number {
  const time = (report: MeasurementReport) => report.contentDateTime?.getTime() ?? Number.NEGATIVE_INFINITY;
  if (time(a) !== time(b)) return time(b) - time(a);
  return a.sopInstanceUid < b.sopInstanceUid ? 1 : a.sopInstanceUid > b.sopInstanceUid ? -1 : 0;
}
