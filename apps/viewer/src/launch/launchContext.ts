/**
 * A patient opened by an EHR launch (IID or SMART), held for the tab under an opaque random
 * key: the URL carries `/patient/<key>`, never the patient ID, so nothing identifying lands in
 * history, bookmarks, Referer headers or server logs. sessionStorage keeps it across a reload
 * of the tab and forgets it when the tab closes; another tab cannot open it.
 */
import type { LaunchFilters, LaunchRecord } from '@longview/launch';

export interface LaunchedPatient {
  /** The records the launch names, each an ID under a canonical issuer (see @longview/launch). */
  records: LaunchRecord[];
  source: 'iid' | 'smart';
  /** What part of the history the EHR asked for; the reader can drop it. */
  filters?: LaunchFilters | undefined;
  /** Studies the launch named, "archiveId/studyUid", to select first on the timeline. */
  highlightedStudies?: string[] | undefined;
}

const STORAGE_PREFIX = 'longview:launch:';

function randomKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Keeps the launched patient for this tab; returns the key for `/patient/<key>`. */
export function storeLaunchedPatient(patient: LaunchedPatient): string {
  const key = randomKey();
  sessionStorage.setItem(STORAGE_PREFIX + key, JSON.stringify(patient));
  return key;
}

function isLaunchedPatient(value: unknown): value is LaunchedPatient {
  if (typeof value !== 'object' || value === null) return false;
  const { records, source } = value as Partial<LaunchedPatient>;
  return (
    (source === 'iid' || source === 'smart') &&
    Array.isArray(records) &&
    records.length > 0 &&
    records.every((r) => typeof r?.patientId === 'string' && r.patientId !== '' && typeof r.issuer === 'string' && r.issuer !== '')
  );
}

/** The launched patient of this tab under `key`; undefined when unknown (another tab, expired, tampered). */
export function readLaunchedPatient(key: string): LaunchedPatient | undefined {
  if (!/^[0-9a-f]{32}$/.test(key)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(sessionStorage.getItem(STORAGE_PREFIX + key) ?? 'null');
  } catch {
    return undefined;
  }
  return isLaunchedPatient(value) ? value : undefined;
}

/** The route that shows a launched patient's timeline. */
export function launchedPatientPath(key: string): string {
  return `/patient/${key}`;
}
