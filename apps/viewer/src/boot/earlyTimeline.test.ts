import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ArchiveConfig, ViewerConfig } from '@longview/dicomweb/plain';
import { testArchive } from '../../testing/archiveConfig';

type EarlyTimelineModule = typeof import('./earlyTimeline');

const archive = (id: string, patientIdIssuer: string, profile: ArchiveConfig['profile'] = 'dicomweb', auth: ArchiveConfig['auth'] = { kind: 'none' }): ArchiveConfig =>
  testArchive(id, { patientIdIssuer, profile, auth });

const config = (archives: ArchiveConfig[]): ViewerConfig =>
  ({ version: 1, archives, identity: { issuerAliases: { '2.16.840.1.113883.3.9999.1': 'LONGVIEW-RAD' } } }) as unknown as ViewerConfig;

const study = (uid: string, patientId: string) => ({ '0020000D': { vr: 'UI', Value: [uid] }, '00100020': { vr: 'LO', Value: [patientId] } });
const ANCHOR = '1.2.3';
const ANCHOR_SERIES = '1.2.3.1';
/** The anchor's one instance: its record (R-1 at radiology) names C-1 at cardiology in OtherPatientIDsSequence. */
const anchorInstance = {
  '0020000D': { vr: 'UI', Value: [ANCHOR] },
  '0020000E': { vr: 'UI', Value: [ANCHOR_SERIES] },
  '00080018': { vr: 'UI', Value: ['1.2.3.1.1'] },
  '00100020': { vr: 'LO', Value: ['R-1'] },
  '00101002': { vr: 'SQ', Value: [{ '00100020': { vr: 'LO', Value: ['C-1'] }, '00100021': { vr: 'LO', Value: ['LONGVIEW-CARD'] } }] },
};

/** The archives' answers; every URL asked is recorded (archive, path and PatientID). */
function archivesAnswering(): string[] {
  const asked: string[] = [];
  vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
    const { pathname, searchParams } = new URL(url);
    const [, archiveId = '', ...rest] = pathname.split('/');
    const path = rest.join('/');
    const patientId = searchParams.get('PatientID');
    asked.push(`${archiveId} ${path}${patientId ? ` ${patientId}` : ''}`);
    expect(init?.signal).toBeDefined();
    let body: unknown = [];
    if (path === 'studies' && searchParams.get('StudyInstanceUID') === ANCHOR) body = [study(ANCHOR, 'R-1')];
    else if (path === `studies/${ANCHOR}/instances`) body = [anchorInstance];
    else if (path.endsWith('/metadata')) body = [anchorInstance];
    else if (path === 'studies' && archiveId === 'radiology' && patientId === 'R-1') body = [study(ANCHOR, 'R-1')];
    else if (path === 'studies' && archiveId === 'cardiology' && patientId === 'C-1') body = [study('2.2.2', 'C-1')];
    return new Response(JSON.stringify(body), { status: 200 });
  });
  return asked;
}

/** Lets every answer (and the searches each leads to) run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

let early: EarlyTimelineModule;
beforeEach(async () => {
  vi.resetModules();
  early = await import('./earlyTimeline');
});
afterEach(() => vi.unstubAllGlobals());

describe('timelineLinkOf', () => {
  it('reads a patient timeline link, and nothing else', () => {
    expect(early.timelineLinkOf({ pathname: '/timeline/radiology/1.2.3', search: '' })).toEqual({ archiveId: 'radiology', study: '1.2.3' });
    expect(early.timelineLinkOf({ pathname: '/timeline/radiology/1.2.3', search: '?layout=list' })).toBeUndefined();
    expect(early.timelineLinkOf({ pathname: '/viewer/radiology/1.2.3', search: '' })).toBeUndefined();
    expect(early.timelineLinkOf({ pathname: '/patient/abc', search: '' })).toBeUndefined();
  });
});

describe('startEarlyTimeline', () => {
  const archives = [archive('radiology', 'LONGVIEW-RAD'), archive('cardiology', 'LONGVIEW-CARD'), archive('clinics', 'LONGVIEW-CLIN', 'static-tree'), archive('oncology', 'LONGVIEW-ONC', 'dicomweb', { kind: 'bearer' })];

  it('asks for the anchor and its links at once, then every open archive for the anchor\'s ID and each ID its record links, each once', async () => {
    const asked = archivesAnswering();
    early.startEarlyTimeline({ archiveId: 'radiology', study: ANCHOR }, config(archives));
    await settle();
    expect(asked.slice(0, 2).sort()).toEqual(['radiology studies', `radiology studies/${ANCHOR}/instances`]);
    const searches = asked.filter((line) => /^\w+ studies \S+$/.test(line));
    // The static tree ignores a query: each ID's search asks for the whole tree, as the app's would.
    expect(asked.filter((line) => line.startsWith('clinics'))).toEqual(['clinics studies', 'clinics studies']);
    expect(searches.sort()).toEqual(['cardiology studies C-1', 'cardiology studies R-1', 'radiology studies C-1', 'radiology studies R-1']);
    // The archive with sign-in is never asked: its token belongs to the app.
    expect(asked.some((line) => line.startsWith('oncology'))).toBe(false);
  });

  it('hands each answer over once, and the archive\'s answer is the one the app will read', async () => {
    archivesAnswering();
    early.startEarlyTimeline({ archiveId: 'radiology', study: ANCHOR }, config(archives));
    await settle();
    const search = early.takeEarlyPatientSearch('cardiology', 'C-1');
    expect(await search).toEqual([study('2.2.2', 'C-1')]);
    expect(early.takeEarlyPatientSearch('cardiology', 'C-1')).toBeUndefined();
    expect(early.takeEarlyPatientSearch('oncology', 'R-1')).toBeUndefined();
    expect(await early.takeEarlyAnchorLinks({ archiveId: 'radiology', study: ANCHOR })).toEqual([anchorInstance]);
    expect(early.takeEarlyAnchorSearch({ archiveId: 'radiology', study: '9.9.9' })).toBeUndefined();
  });

  it('starts no search once the app asks for the timeline itself', async () => {
    const asked = archivesAnswering();
    early.startEarlyTimeline({ archiveId: 'radiology', study: ANCHOR }, config(archives));
    // The app takes the anchor's search before it has answered: the searches are the app's to make.
    expect(early.takeEarlyAnchorSearch({ archiveId: 'radiology', study: ANCHOR })).toBeDefined();
    await settle();
    expect(asked.sort()).toEqual(['radiology studies', `radiology studies/${ANCHOR}/instances`, `radiology studies/${ANCHOR}/series/${ANCHOR_SERIES}/instances/1.2.3.1.1/metadata`]);
  });

  it('cancels a request the app took when the app cancels it', async () => {
    let cancelled = false;
    vi.stubGlobal('fetch', (_url: string, init: RequestInit) => {
      init.signal?.addEventListener('abort', () => (cancelled = true));
      return new Promise(() => undefined);
    });
    early.startEarlyTimeline({ archiveId: 'radiology', study: ANCHOR }, config(archives));
    const leaving = new AbortController();
    early.takeEarlyAnchorSearch({ archiveId: 'radiology', study: ANCHOR }, leaving.signal);
    leaving.abort();
    expect(cancelled).toBe(true);
  });

  it('lets an answer it cannot read lead nowhere, without an unhandled rejection: the app asks again and says what is wrong', async () => {
    const asked: string[] = [];
    vi.stubGlobal('fetch', async (url: string) => {
      const { pathname, searchParams } = new URL(url);
      asked.push(pathname);
      // The anchor's search answers as it should; every patient search answers an object, not a list.
      if (searchParams.get('StudyInstanceUID') === ANCHOR) return new Response(JSON.stringify([study(ANCHOR, 'R-1')]), { status: 200 });
      return new Response(JSON.stringify({ '0020000D': 'not a list of studies' }), { status: 200 });
    });
    early.startEarlyTimeline({ archiveId: 'radiology', study: ANCHOR }, config(archives));
    await settle();
    expect(asked.filter((path) => path.endsWith('/studies')).length).toBeGreaterThan(1);
    await expect(early.takeEarlyPatientSearch('cardiology', 'R-1')).resolves.toEqual({ '0020000D': 'not a list of studies' });
  });

  it('asks nothing for an anchor in an archive with sign-in', async () => {
    const asked = archivesAnswering();
    early.startEarlyTimeline({ archiveId: 'oncology', study: ANCHOR }, config(archives));
    await settle();
    expect(asked).toEqual([]);
  });
});

describe('startEarlyTimeline with a master patient index (PIXm)', () => {
  const archives = [archive('radiology', 'LONGVIEW-RAD'), archive('cardiology', 'LONGVIEW-CARD')];
  const MPI = 'http://mpi.test/fhir';
  const SYSTEMS = { 'urn:sys:rad': 'LONGVIEW-RAD', 'urn:sys:card': 'LONGVIEW-CARD' };
  const withMpi = (auth: { kind: 'none' | 'bearer' } = { kind: 'none' }): ViewerConfig =>
    ({ version: 1, archives, identity: { issuerAliases: {}, pixm: { base: MPI, name: 'MPI', auth, timeoutMs: 3000 } }, launch: { identifierSystems: SYSTEMS } }) as unknown as ViewerConfig;
  const questionUrl = (system: string, id: string) => `${MPI}/Patient/$ihe-pix?${new URLSearchParams({ sourceIdentifier: `${system}|${id}` }).toString()}`;
  /** R-1's record is also C-9 at cardiology, which no DICOM data names: only the MPI knows. */
  const R1_ANSWER = { resourceType: 'Parameters', parameter: [{ name: 'targetIdentifier', valueIdentifier: { system: 'urn:sys:card', value: 'C-9' } }] };

  /** The archives as archivesAnswering, and the MPI; the MPI's questions are recorded with their Accept header. */
  function answeringWithMpi(): { asked: string[]; questions: string[] } {
    const asked: string[] = [];
    const questions: string[] = [];
    const archivesFetch = (() => {
      archivesAnswering();
      return globalThis.fetch;
    })();
    vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
      if (!url.startsWith(MPI)) {
        asked.push(new URL(url).searchParams.get('PatientID') ?? '');
        return archivesFetch(url, init);
      }
      questions.push(`${url} ${(init?.headers as Record<string, string>).accept}`);
      const about = new URL(url).searchParams.get('sourceIdentifier');
      return new Response(JSON.stringify(about === 'urn:sys:rad|R-1' ? R1_ANSWER : { resourceType: 'Parameters' }), { status: 200 });
    });
    return { asked, questions };
  }

  it('asks the MPI about each linked identifier once, as the app asks it, and searches every archive for the records it names', async () => {
    const { asked, questions } = answeringWithMpi();
    early.startEarlyTimeline({ archiveId: 'radiology', study: ANCHOR }, withMpi());
    await settle();
    expect(questions.sort()).toEqual([
      `${questionUrl('urn:sys:card', 'C-1')} application/fhir+json`,
      `${questionUrl('urn:sys:card', 'C-9')} application/fhir+json`,
      `${questionUrl('urn:sys:rad', 'R-1')} application/fhir+json`,
    ]);
    // C-9 only the MPI named: searched for in every archive, each once.
    expect(asked.filter((id) => id === 'C-9')).toEqual(['C-9', 'C-9']);
    // The app reads the MPI's answer itself, once, body unread.
    const answer = await early.takeEarlyMpiAnswer(questionUrl('urn:sys:rad', 'R-1'));
    expect(await answer?.json()).toEqual(R1_ANSWER);
    expect(early.takeEarlyMpiAnswer(questionUrl('urn:sys:rad', 'R-1'))).toBeUndefined();
  });

  it('an IID PATIENT launch asks the MPI about the launched record and searches the records it names, until the app takes a search', async () => {
    const { asked, questions } = answeringWithMpi();
    early.startEarlyPatientLaunch('?requestType=PATIENT&patientID=R-1%5E%5E%5ELONGVIEW-RAD', withMpi());
    await settle();
    expect(questions).toEqual([`${questionUrl('urn:sys:rad', 'R-1')} application/fhir+json`, `${questionUrl('urn:sys:card', 'C-9')} application/fhir+json`]);
    expect(asked.sort()).toEqual(['C-9', 'C-9', 'R-1', 'R-1']);
    expect(await (await early.takeEarlyMpiAnswer(questionUrl('urn:sys:rad', 'R-1')))?.json()).toEqual(R1_ANSWER);
  });

  it('an IID PATIENT launch starts nothing more once the app has taken its first search', async () => {
    const { asked, questions } = answeringWithMpi();
    early.startEarlyPatientLaunch('?requestType=PATIENT&patientID=R-1%5E%5E%5ELONGVIEW-RAD', withMpi());
    // The app asks for itself before the MPI has answered: the records it names are the app's to search.
    expect(early.takeEarlyPatientSearch('radiology', 'R-1')).toBeDefined();
    await settle();
    expect(questions).toEqual([`${questionUrl('urn:sys:rad', 'R-1')} application/fhir+json`]);
    expect(asked.sort()).toEqual(['R-1', 'R-1']);
  });

  it('never asks an MPI with sign-in: its token belongs to the app', async () => {
    const { questions } = answeringWithMpi();
    early.startEarlyTimeline({ archiveId: 'radiology', study: ANCHOR }, withMpi({ kind: 'bearer' }));
    await settle();
    expect(questions).toEqual([]);
  });
});

describe('startEarlyPatientLaunch (IHE IID PATIENT)', () => {
  const archives = [archive('radiology', 'LONGVIEW-RAD'), archive('cardiology', 'LONGVIEW-CARD'), archive('oncology', 'LONGVIEW-ONC', 'dicomweb', { kind: 'bearer' })];
  const launch = (patientID: string, extra = '') => `?requestType=PATIENT&patientID=${encodeURIComponent(patientID)}${extra}`;

  it('reads only a PATIENT launch', () => {
    expect(early.iidPatientLaunchOf({ pathname: '/IHEInvokeImageDisplay', search: launch('R-1^^^LONGVIEW-RAD') })).toBe(launch('R-1^^^LONGVIEW-RAD'));
    expect(early.iidPatientLaunchOf({ pathname: '/IHEInvokeImageDisplay', search: '?requestType=STUDY&studyUID=1.2.3' })).toBeUndefined();
    expect(early.iidPatientLaunchOf({ pathname: '/timeline/radiology/1.2.3', search: '?requestType=PATIENT' })).toBeUndefined();
  });

  it('searches every archive without sign-in for the launched ID, once, and the app takes each answer', async () => {
    const asked = archivesAnswering();
    early.startEarlyPatientLaunch(launch('R-1^^^&2.16.840.1.113883.3.9999.1&ISO'), config(archives));
    await settle();
    expect(asked.sort()).toEqual(['cardiology studies R-1', 'radiology studies R-1']);
    expect(await early.takeEarlyPatientSearch('radiology', 'R-1')).toEqual([study(ANCHOR, 'R-1')]);
    expect(early.takeEarlyPatientSearch('radiology', 'R-1')).toBeUndefined();
  });

  it('asks nothing for a launch the app will not open: no authority, a wildcard, a malformed request', async () => {
    for (const query of [launch('R-1'), launch('R-*^^^LONGVIEW-RAD'), launch('R-1^^^LONGVIEW-RAD', '&mostRecentResults=ten')]) {
      vi.resetModules();
      const fresh: EarlyTimelineModule = await import('./earlyTimeline');
      const asked = archivesAnswering();
      fresh.startEarlyPatientLaunch(query, config(archives));
      await settle();
      expect(asked, query).toEqual([]);
    }
    // The same launch, well formed, is searched for.
    const asked = archivesAnswering();
    early.startEarlyPatientLaunch(launch('R-1^^^LONGVIEW-RAD'), config(archives));
    await settle();
    expect(asked.length).toBeGreaterThan(0);
  });
});
