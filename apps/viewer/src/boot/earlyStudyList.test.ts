import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ARCHIVE_PROFILES, firstStudySearchParams, studyListFirstQuery, type ArchiveConfig, type ViewerConfig } from '@longview/dicomweb/plain';
import { testArchive } from '../../testing/archiveConfig';

type EarlyStudyListModule = typeof import('./earlyStudyList');

const archive = (id: string, profile: ArchiveConfig['profile'] = 'dicomweb', auth: ArchiveConfig['auth'] = { kind: 'none' }): ArchiveConfig => testArchive(id, { profile, auth });

const ARCHIVES = [archive('radiology'), archive('clinics', 'static-tree'), archive('oncology', 'dicomweb', { kind: 'bearer' })];
const config = (studyList?: { limit: number }): ViewerConfig => ({ version: 1, archives: ARCHIVES, identity: { issuerAliases: {} }, ...(studyList ? { studyList } : {}) }) as unknown as ViewerConfig;

/** Every URL asked, answered with one study each; the signals the requests were made with. */
function archivesAnswering() {
  const asked: string[] = [];
  const signals: AbortSignal[] = [];
  vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
    asked.push(url);
    if (init?.signal) signals.push(init.signal);
    return new Response(JSON.stringify([{ '0020000D': { vr: 'UI', Value: ['1.2.3'] } }]), { status: 200 });
  });
  return { asked, signals };
}

/** The parameters of the first request ArchiveClient.searchStudyList makes for `query` (the pure functions it asks with). */
function clientFirstParams(config: ArchiveConfig, query: { limit: number }): Record<string, string> {
  const profile = ARCHIVE_PROFILES[config.profile];
  return firstStudySearchParams(profile, studyListFirstQuery(profile, query));
}

const paramsOf = (url: URL | undefined) => Object.fromEntries(url?.searchParams ?? []);

let early: EarlyStudyListModule;
beforeEach(async () => {
  vi.resetModules();
  early = await import('./earlyStudyList');
});
afterEach(() => vi.unstubAllGlobals());

describe('isStudyListPage', () => {
  it('is the study list opened without parameters, and nothing else', () => {
    expect(early.isStudyListPage({ pathname: '/', search: '' })).toBe(true);
    expect(early.isStudyListPage({ pathname: '/', search: '?code=abc&state=x' })).toBe(false);
    expect(early.isStudyListPage({ pathname: '/timeline/radiology/1.2.3', search: '' })).toBe(false);
    expect(early.isStudyListPage({ pathname: '/viewer/radiology/1.2.3', search: '' })).toBe(false);
  });
});

describe('startEarlyStudyList', () => {
  it('asks each archive without sign-in, once, the first request of the opening search: one study beyond the limit, the first page of it', async () => {
    const { asked } = archivesAnswering();
    early.startEarlyStudyList(config({ limit: 30 }));
    early.startEarlyStudyList(config({ limit: 30 }));
    expect(asked).toHaveLength(2);
    const [radiology, clinics] = asked.map((url) => new URL(url));
    expect(radiology?.pathname).toBe('/radiology/studies');
    expect(Object.fromEntries(radiology?.searchParams ?? [])).toMatchObject({ limit: '31', offset: '0' });
    expect(paramsOf(radiology)).toEqual(clientFirstParams(ARCHIVES[0] as ArchiveConfig, { limit: 30 }));
    // The static tree is asked for all of it, as the client asks it.
    expect(clinics?.searchParams.has('limit')).toBe(false);
    expect(paramsOf(clinics)).toEqual(clientFirstParams(ARCHIVES[1] as ArchiveConfig, { limit: 30 }));
    // The token-protected archive is the app's.
    expect(asked.some((url) => url.includes('/oncology/'))).toBe(false);
  });

  it('asks the configured limit, or the default of 200, and one beyond it', () => {
    const { asked } = archivesAnswering();
    early.startEarlyStudyList(config());
    expect(new URL(asked[0] ?? '').searchParams.get('limit')).toBe('201');
    expect(paramsOf(new URL(asked[0] ?? ''))).toEqual(clientFirstParams(ARCHIVES[0] as ArchiveConfig, { limit: 200 }));
  });
});

describe('the whole opening search', () => {
  /** An archive of `count` dated studies, one a week back from today, answering StudyDate ranges, limit and offset. */
  function archiveHolding(count: number) {
    const today = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate());
    const studies = Array.from({ length: count }, (_, i) => ({
      uid: `2.25.${i}`,
      date: new Date(today - i * 7 * 86_400_000).toISOString().slice(0, 10).replaceAll('-', ''),
    }));
    // The archive's own order is not by date.
    const stored = [...studies].sort((a, b) => (Number(a.uid.slice(5)) % 5) - (Number(b.uid.slice(5)) % 5));
    const asked: Array<Record<string, string>> = [];
    vi.stubGlobal('fetch', async (url: string) => {
      const params = Object.fromEntries(new URL(url).searchParams);
      asked.push(params);
      const [from, to] = (params.StudyDate ?? '-').split('-');
      const matching = stored.filter((s) => (!from || s.date >= from) && (!to || s.date <= to));
      const offset = Number(params.offset ?? 0);
      const page = matching.slice(offset, offset + Number(params.limit ?? matching.length));
      return new Response(JSON.stringify(page.map((s) => ({ '0020000D': { vr: 'UI', Value: [s.uid] }, '00080020': { vr: 'DA', Value: [s.date] } }))), { status: 200 });
    });
    return { studies, asked };
  }

  it('runs the newest-first date windows of an archive holding more than the limit, so the app has the whole page', async () => {
    const { studies, asked } = archiveHolding(400);
    early.startEarlyStudyList({ ...config({ limit: 30 }), archives: [ARCHIVES[0]] } as ViewerConfig);
    const page = await early.takeEarlyStudyList('radiology', { limit: 30 });
    // Her 30 newest, newest first, though the archive's first answer held others.
    expect(page?.studies.map((s) => s.studyInstanceUid)).toEqual(studies.slice(0, 30).map((s) => s.uid));
    expect(page?.moreExist).toBe(true);
    // The first request, then the date windows, all asked here.
    expect(asked[0]).toMatchObject({ limit: '31', offset: '0' });
    expect(asked.length).toBeGreaterThan(1);
    expect(asked.slice(1).every((params) => params.StudyDate !== undefined)).toBe(true);
    expect(page?.requests).toBe(asked.length);
  });
});

describe('takeEarlyStudyList', () => {
  it('hands each archive\'s answer over once, for the opening search only', async () => {
    archivesAnswering();
    early.startEarlyStudyList(config({ limit: 30 }));
    expect(early.takeEarlyStudyList('radiology', { limit: 30, patientId: 'LV-0001' })).toBeUndefined();
    expect(early.takeEarlyStudyList('radiology', { limit: 60 })).toBeUndefined();
    const answer = early.takeEarlyStudyList('radiology', { limit: 30 });
    await expect(answer).resolves.toMatchObject({ studies: [{ archiveId: 'radiology', studyInstanceUid: '1.2.3' }], moreExist: false, sentMoreThanAsked: false });
    expect(early.takeEarlyStudyList('radiology', { limit: 30 })).toBeUndefined();
    expect(early.takeEarlyStudyList('oncology', { limit: 30 })).toBeUndefined();
  });

  it('cancels the early request with the app\'s query', () => {
    const { signals } = archivesAnswering();
    early.startEarlyStudyList(config({ limit: 30 }));
    const app = new AbortController();
    void early.takeEarlyStudyList('radiology', { limit: 30 }, app.signal)?.catch(() => undefined);
    expect(signals[0]?.aborted).toBe(false);
    app.abort();
    expect(signals[0]?.aborted).toBe(true);
    expect(signals[1]?.aborted).toBe(false);
  });

  it('gives nothing before the boot script has asked', () => {
    expect(early.takeEarlyStudyList('radiology', { limit: 200 })).toBeUndefined();
  });
});
