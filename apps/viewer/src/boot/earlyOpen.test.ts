import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ArchiveConfig } from '@longview/dicomweb/plain';
import { adoptOrAsk, iidStudyLaunchOf, openStudyEarly, seriesLinkOf, studyLinkOf, studyOfIidLaunch, takeEarlyIidStudySearch, takeEarlyInstanceList, takeEarlySeriesList } from './earlyOpen';
import type { StudySummary } from '@longview/dicomweb/plain';
import { testArchive } from '../../testing/archiveConfig';

describe('seriesLinkOf', () => {
  it('reads a single-series viewer link', () => {
    expect(seriesLinkOf({ pathname: '/viewer/radiology/1.2.3', search: '?series=1.2.3.4' })).toEqual({ archiveId: 'radiology', study: '1.2.3', series: '1.2.3.4' });
  });

  it('leaves grids, hung studies and other pages alone', () => {
    expect(seriesLinkOf({ pathname: '/viewer/radiology/1.2.3', search: '' })).toBeUndefined();
    expect(seriesLinkOf({ pathname: '/viewer/radiology/1.2.3', search: '?series=1.2.3.4&layout=2x2' })).toBeUndefined();
    expect(seriesLinkOf({ pathname: '/timeline/radiology/1.2.3', search: '?series=1.2.3.4' })).toBeUndefined();
  });
});

describe('adoptOrAsk', () => {
  it('adopts an early answer without asking', async () => {
    let asked = 0;
    const result = await adoptOrAsk(
      Promise.resolve([1, 2]),
      (answer) => (answer as number[]).length,
      async () => {
        asked += 1;
        return 0;
      },
    );
    expect(result).toBe(2);
    expect(asked).toBe(0);
  });

  it('asks when there is no early answer or the early request failed', async () => {
    const ask = async () => 7;
    expect(await adoptOrAsk(undefined, () => 1, ask)).toBe(7);
    expect(await adoptOrAsk(Promise.reject(new Error('HTTP 500')), () => 1, ask)).toBe(7);
  });

  it('lets a malformed early answer fail as the client says', async () => {
    const adopt = () => {
      throw new Error('malformed');
    };
    await expect(adoptOrAsk(Promise.resolve('nonsense'), adopt, async () => 7)).rejects.toThrow('malformed');
  });
});

describe('studyLinkOf', () => {
  it('reads a study link hung by its protocol', () => {
    expect(studyLinkOf({ pathname: '/viewer/radiology/1.2.3', search: '' })).toEqual({ archiveId: 'radiology', study: '1.2.3' });
  });

  it('leaves series links, grids named in the URL and other pages alone', () => {
    expect(studyLinkOf({ pathname: '/viewer/radiology/1.2.3', search: '?series=1.2.3.4' })).toBeUndefined();
    expect(studyLinkOf({ pathname: '/viewer/radiology/1.2.3', search: '?layout=2x2' })).toBeUndefined();
    expect(studyLinkOf({ pathname: '/timeline/radiology/1.2.3', search: '' })).toBeUndefined();
    expect(studyLinkOf({ pathname: '/viewer/radiology', search: '' })).toBeUndefined();
  });
});

describe('iidStudyLaunchOf', () => {
  const iid = (search: string) => iidStudyLaunchOf({ pathname: '/IHEInvokeImageDisplay', search });

  it('reads a STUDY launch of one study, with its patient as ID and issuer', () => {
    expect(iid('?requestType=STUDY&studyUID=1.2.3')).toEqual({ study: '1.2.3', patient: undefined });
    expect(iid('?requestType=STUDY&studyUID=1.2.3&patientID=R-1001%5E%5E%5ELONGVIEW-RAD%261.2.9%26ISO')).toEqual({
      study: '1.2.3',
      patient: { id: 'R-1001', issuer: 'LONGVIEW-RAD' },
    });
  });

  it('leaves to the app what it would have to think about: several studies, accession numbers, patient launches, odd patients', () => {
    expect(iid('?requestType=STUDY&studyUID=1.2.3,1.2.4')).toBeUndefined();
    expect(iid('?requestType=STUDY&studyUID=1.2.3&studyUID=1.2.4')).toBeUndefined();
    expect(iid('?requestType=STUDY&studyUID=1.2.3&accessionNumber=A1')).toBeUndefined();
    expect(iid('?requestType=PATIENT&patientID=R-1001%5E%5E%5ELONGVIEW-RAD')).toBeUndefined();
    expect(iid('?requestType=STUDY&studyUID=1.2.3&patientID=R-1001')).toBeUndefined();
    expect(iid('?requestType=STUDY&studyUID=1.2.3&patientID=a&patientID=b')).toBeUndefined();
    expect(iidStudyLaunchOf({ pathname: '/viewer/radiology/1.2.3', search: '?requestType=STUDY&studyUID=1.2.3' })).toBeUndefined();
  });
});

/** An archive of the viewer's config, at a test origin. */
const archive = (id: string, patientIdIssuer: string | undefined, auth: ArchiveConfig['auth'] = { kind: 'none' }): ArchiveConfig => testArchive(id, { patientIdIssuer, auth });

describe('studyOfIidLaunch', () => {
  const study = (uid: string, patientId: string | undefined) => ({
    '0020000D': { vr: 'UI', Value: [uid] },
    ...(patientId ? { '00100020': { vr: 'LO', Value: [patientId] } } : {}),
  });
  /** Each archive's QIDO answer by its id; records which archives were asked. */
  function archivesHolding(answers: Record<string, unknown[]>): string[] {
    const asked: string[] = [];
    vi.stubGlobal('fetch', async (url: string) => {
      const id = new URL(url).pathname.split('/')[1] ?? '';
      asked.push(id);
      return new Response(JSON.stringify(answers[id] ?? []), { status: 200 });
    });
    return asked;
  }
  afterEach(() => vi.unstubAllGlobals());

  it('opens the study where the one archive that holds it has it for the patient the launch names, and the app adopts each search', async () => {
    const asked = archivesHolding({ radiology: [study('1.2.3', 'R-1001')], cardiology: [] });
    const found = await studyOfIidLaunch({ study: '1.2.3', patient: { id: 'R-1001', issuer: 'LONGVIEW-RAD' } }, [archive('radiology', 'LONGVIEW-RAD'), archive('cardiology', 'LONGVIEW-CARD')]);
    expect(found?.link).toEqual({ archiveId: 'radiology', study: '1.2.3' });
    expect(asked.sort()).toEqual(['cardiology', 'radiology']);
    expect(takeEarlyIidStudySearch('cardiology', '1.2.3')).toBeDefined();
    expect(takeEarlyIidStudySearch('cardiology', '1.2.3')).toBeUndefined(); // once
    expect(takeEarlyIidStudySearch('radiology', '9.9.9')).toBeUndefined(); // another study's
  });

  it('gives the study link the same search although the app took it before every archive answered (no second request)', async () => {
    const asked = archivesHolding({ radiology: [study('1.2.3', 'R-1001')], cardiology: [] });
    const launching = studyOfIidLaunch({ study: '1.2.3', patient: { id: 'R-1001', issuer: 'LONGVIEW-RAD' } }, [archive('radiology', 'LONGVIEW-RAD'), archive('cardiology', 'LONGVIEW-CARD')]);
    // The app's IID search starts while the boot script still waits for the archives' answers.
    const takenByApp = takeEarlyIidStudySearch('radiology', '1.2.3');
    expect(takenByApp).toBeDefined();
    const found = await launching;
    expect(found?.studySearch).toBe(takenByApp);
    expect(asked.sort()).toEqual(['cardiology', 'radiology']);
  });

  it('opens nothing early for another patient, an issuer that differs, a study without patient ID, or a study in two archives', async () => {
    const radiology = archive('radiology', 'LONGVIEW-RAD');
    archivesHolding({ radiology: [study('1.2.3', 'R-1001')] });
    expect(await studyOfIidLaunch({ study: '1.2.3', patient: { id: 'R-2002', issuer: 'LONGVIEW-RAD' } }, [radiology])).toBeUndefined();
    expect(await studyOfIidLaunch({ study: '1.2.3', patient: { id: 'R-1001', issuer: 'OTHER' } }, [radiology])).toBeUndefined();
    archivesHolding({ radiology: [study('1.2.3', undefined)] });
    expect(await studyOfIidLaunch({ study: '1.2.3', patient: undefined }, [radiology])).toBeUndefined();
    archivesHolding({ radiology: [study('1.2.3', 'R-1001')], mirror: [study('1.2.3', 'R-1001')] });
    expect(await studyOfIidLaunch({ study: '1.2.3', patient: undefined }, [radiology, archive('mirror', 'LONGVIEW-RAD')])).toBeUndefined();
  });

  it('never asks an archive with sign-in (its token belongs to the app)', async () => {
    const asked = archivesHolding({ radiology: [study('1.2.3', 'R-1001')] });
    const gated = archive('oncology', 'LONGVIEW-ONC', { kind: 'bearer' });
    const found = await studyOfIidLaunch({ study: '1.2.3', patient: undefined }, [archive('radiology', 'LONGVIEW-RAD'), gated]);
    expect(found?.link.archiveId).toBe('radiology');
    expect(asked).toEqual(['radiology']);
  });
});

describe('openStudyEarly (a study opened from inside the app)', () => {
  const config = (id: string, auth: ArchiveConfig['auth'] = { kind: 'none' }) => archive(id, undefined, auth);
  const summary = (archiveId: string, studyInstanceUid: string) => ({ archiveId, studyInstanceUid, modalities: ['CT'], bodyParts: [] }) as unknown as StudySummary;
  const CT_SERIES = { '0020000E': { vr: 'UI', Value: ['1.2.3.4'] }, '00080060': { vr: 'CS', Value: ['CT'] }, '00200011': { vr: 'IS', Value: [2] } };
  /** Records each path asked; the series list holds one CT series, its instance list nothing. */
  function answering(authorizations: Array<string | undefined> = []): string[] {
    const asked: string[] = [];
    vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
      const { pathname } = new URL(url);
      asked.push(pathname);
      authorizations.push((init?.headers as Record<string, string> | undefined)?.Authorization);
      return new Response(JSON.stringify(pathname.endsWith('/series') ? [CT_SERIES] : []), { status: 200 });
    });
    return asked;
  }
  const settle = () => new Promise((resolve) => setTimeout(resolve, 20));
  afterEach(() => vi.unstubAllGlobals());

  it('asks for the series list at once and the first series\' instance list from it, for the viewer to adopt once', async () => {
    const asked = answering();
    openStudyEarly(config('radiology'), summary('radiology', '1.2.3'));
    await settle();
    expect(asked).toEqual(['/radiology/studies/1.2.3/series', '/radiology/studies/1.2.3/series/1.2.3.4/instances']);
    expect(await takeEarlySeriesList({ archiveId: 'radiology', study: '1.2.3' })).toEqual([CT_SERIES]);
    expect(takeEarlySeriesList({ archiveId: 'radiology', study: '1.2.3' })).toBeUndefined();
    expect(takeEarlyInstanceList({ archiveId: 'radiology', study: '1.2.3', series: '1.2.3.4' })).toBeDefined();
  });

  it('asks an archive with sign-in only with the Authorization header the app hands over, on every request', async () => {
    const authorizations: Array<string | undefined> = [];
    const asked = answering(authorizations);
    openStudyEarly(config('oncology', { kind: 'bearer' }), summary('oncology', '4.4'), { Authorization: 'Bearer t0k3n' });
    await settle();
    expect(asked).toEqual(['/oncology/studies/4.4/series', '/oncology/studies/4.4/series/1.2.3.4/instances']);
    expect(authorizations).toEqual(['Bearer t0k3n', 'Bearer t0k3n']);
    expect(takeEarlyInstanceList({ archiveId: 'oncology', study: '4.4', series: '1.2.3.4' })).toBeDefined();
  });

  it('asks nothing again for the second open of a double click, nor of an archive with sign-in while signed out', async () => {
    const asked = answering();
    openStudyEarly(config('cardiology'), summary('cardiology', '5.6.7'));
    openStudyEarly(config('cardiology'), summary('cardiology', '5.6.7'));
    openStudyEarly(config('oncology', { kind: 'bearer' }), summary('oncology', '8.9'));
    await settle();
    expect(asked.filter((path) => path.endsWith('/series'))).toEqual(['/cardiology/studies/5.6.7/series']);
    expect(asked.some((path) => path.startsWith('/oncology'))).toBe(false);
  });
});
