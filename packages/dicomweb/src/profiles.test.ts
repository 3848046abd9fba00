import { describe, expect, it } from 'vitest';
import { ARCHIVE_PROFILES, collectPages, firstStudySearchParams, matchesStudyQuery, matchesWildcard, matchingStudiesOf, studyDateRangeOf, studyListFirstQuery, studyListPageOf } from './profiles';
import type { StudySummary } from './summaries';

const study: StudySummary = {
  archiveId: 'clinics',
  studyInstanceUid: '2.25.7',
  patientName: 'LONGVIEW^CAROL^A',
  patientId: 'K-3300',
  issuerOfPatientId: 'LONGVIEW-CLIN',
  patientBirthDate: '19580923',
  patientSex: 'F',
  studyDate: '20220214',
  studyTime: '101500',
  studyDescription: 'FUNDUS PHOTO',
  accessionNumber: 'ACC-OP-1',
  modalities: ['OP'],
  bodyParts: ['EYE'],
  sopClassUids: [],
  seriesCount: 1,
  instanceCount: 1,
  otherPatientIds: [],
};

describe('matchesWildcard', () => {
  it('follows DICOM wildcards, case-insensitively, anchored at both ends', () => {
    expect(matchesWildcard('LONGVIEW*CAROL*', 'LONGVIEW^CAROL^A')).toBe(true);
    expect(matchesWildcard('longview*', 'LONGVIEW^CAROL')).toBe(true);
    expect(matchesWildcard('CAROL*', 'LONGVIEW^CAROL')).toBe(false);
    expect(matchesWildcard('K-33?0', 'K-3300')).toBe(true);
    expect(matchesWildcard('K.3300', 'K-3300')).toBe(false); // regex characters are literal
    expect(matchesWildcard('*', undefined)).toBe(false);
  });
});

describe('matchesStudyQuery (what a static archive cannot do itself)', () => {
  it('matches everything on an empty query', () => {
    expect(matchesStudyQuery(study, {})).toBe(true);
  });

  it('matches patient IDs exactly, never by prefix', () => {
    expect(matchesStudyQuery(study, { patientId: 'K-3300' })).toBe(true);
    expect(matchesStudyQuery(study, { patientId: 'K-330' })).toBe(false);
    expect(matchesStudyQuery(study, { patientId: 'k-3300' })).toBe(false);
  });

  it('matches typed names the way the server query does', () => {
    expect(matchesStudyQuery(study, { patientName: 'longview, car' })).toBe(true);
    expect(matchesStudyQuery(study, { patientName: 'LONGVIEW^BOB' })).toBe(false);
  });

  it('matches birth date, accession, modality and study UID', () => {
    expect(matchesStudyQuery(study, { patientBirthDate: '1958-09-23' })).toBe(true);
    expect(matchesStudyQuery(study, { patientBirthDate: '19580924' })).toBe(false);
    expect(matchesStudyQuery(study, { accessionNumber: 'ACC-OP-1', modality: 'op' })).toBe(true);
    expect(matchesStudyQuery(study, { modality: 'CT' })).toBe(false);
    expect(matchesStudyQuery(study, { studyInstanceUid: '2.25.8' })).toBe(false);
  });

  it('applies open and closed date ranges and drops undated studies from ranges', () => {
    expect(matchesStudyQuery(study, { studyDateFrom: '2022-02-14', studyDateTo: '2022-02-14' })).toBe(true);
    expect(matchesStudyQuery(study, { studyDateFrom: '2022-02-15' })).toBe(false);
    expect(matchesStudyQuery(study, { studyDateTo: '2022-02-13' })).toBe(false);
    expect(matchesStudyQuery({ ...study, studyDate: undefined }, { studyDateFrom: '2000-01-01' })).toBe(false);
  });
});

describe('collectPages', () => {
  const studies = Array.from({ length: 7 }, (_, i) => ({ ...study, studyInstanceUid: `2.25.${i}` }));
  /** An archive holding `held` in its order, answering at most `cap` a page, that notes each `limit@offset` asked. */
  const pagingArchive =
    (requests: string[], held = studies, cap = Infinity) =>
    async (limit: number, offset: number) => {
      requests.push(`${limit}@${offset}`);
      return held.slice(offset, offset + Math.min(limit, cap));
    };

  it('asks pages with limit/offset one after another until a short page, in the archive\'s order', async () => {
    const requests: string[] = [];
    const all = await collectPages(3, undefined, pagingArchive(requests), { largestPage: 3 });
    expect(all.map((s) => s.studyInstanceUid)).toEqual(studies.map((s) => s.studyInstanceUid));
    expect(requests).toEqual(['3@0', '3@3', '3@6']);
  });

  it('grows the pages while they come back whole, each twice the last, up to the largest page', async () => {
    const many = Array.from({ length: 40 }, (_, i) => ({ ...study, studyInstanceUid: `2.25.${i}` }));
    const requests: string[] = [];
    const all = await collectPages(3, undefined, async (limit, offset) => {
      requests.push(`${limit}@${offset}`);
      return many.slice(offset, offset + limit);
    });
    expect(all.map((s) => s.studyInstanceUid)).toEqual(many.map((s) => s.studyInstanceUid));
    // Pages of 3, 6, then 12 (PAGE_GROWTH_LIMIT times 3); 12@33 answered 7, shorter than asked: the end.
    expect(requests).toEqual(['3@0', '6@3', '12@9', '12@21', '12@33']);
  });

  it('pages an archive whose cap a grown page meets at that cap, and hides none of its studies', async () => {
    const eleven = Array.from({ length: 11 }, (_, i) => ({ ...study, studyInstanceUid: `2.25.${i}` }));
    const requests: string[] = [];
    const all = await collectPages(3, undefined, pagingArchive(requests, eleven, 4), { shortestCap: 3 });
    expect(all.map((s) => s.studyInstanceUid)).toEqual(eleven.map((s) => s.studyInstanceUid));
    // 6@3 answered 4: no shorter than the whole page of 3, so maybe the cap; 4@7 confirms it, and
    // pages of 4 follow until one brings nothing.
    expect(requests).toEqual(['3@0', '6@3', '4@7', '4@11']);
  });

  it('takes a grown page shorter than a page answered whole for the end: no request past it', async () => {
    const ten = Array.from({ length: 10 }, (_, i) => ({ ...study, studyInstanceUid: `2.25.${i}` }));
    const requests: string[] = [];
    const all = await collectPages(3, undefined, pagingArchive(requests, ten), { shortestCap: 2 });
    expect(all).toHaveLength(10);
    // 12@9 answered 1, shorter than the 6 that 6@3 answered whole: no cap.
    expect(requests).toEqual(['3@0', '6@3', '12@9']);
  });

  it('stops at the wanted number without asking for more', async () => {
    const requests: string[] = [];
    expect(await collectPages(3, 4, pagingArchive(requests))).toHaveLength(4);
    expect(requests).toEqual(['3@0', '1@3']);
  });

  it('takes a page shorter than the shortest cap for the end: one request', async () => {
    const requests: string[] = [];
    expect(await collectPages(10, undefined, pagingArchive(requests), { shortestCap: 8 })).toHaveLength(7);
    expect(requests).toEqual(['10@0']);
  });

  it('asks past a short page that may be the archive\'s cap once, and it was the end', async () => {
    const requests: string[] = [];
    expect(await collectPages(10, undefined, pagingArchive(requests), { shortestCap: 5 })).toHaveLength(7);
    expect(requests).toEqual(['10@0', '7@7']);
  });

  it('pages an archive that caps its answers below the page size at its cap, and hides none of its studies', async () => {
    const requests: string[] = [];
    const all = await collectPages(3, undefined, pagingArchive(requests, studies, 2), { shortestCap: 2 });
    expect(all.map((s) => s.studyInstanceUid)).toEqual(studies.map((s) => s.studyInstanceUid));
    // The cap confirmed by one page (2@2), then pages of two until a short one.
    expect(requests).toEqual(['3@0', '2@2', '2@4', '2@6']);
  });

  it('survives an archive that ignores offset: each study once, and no endless loop', async () => {
    const requests: string[] = [];
    const all = await collectPages(3, undefined, async (limit, offset) => {
      requests.push(`${limit}@${offset}`);
      return studies.slice(0, limit);
    }, { largestPage: 3 });
    expect(all.map((s) => s.studyInstanceUid)).toEqual(['2.25.0', '2.25.1', '2.25.2']);
    expect(requests).toEqual(['3@0', '3@3']);
  });

  it('asks an archive that answered more than asked for one more page only, as before', async () => {
    const requests: string[] = [];
    const all = await collectPages(3, undefined, async (limit, offset) => {
      requests.push(`${limit}@${offset}`);
      return studies;
    });
    expect(all).toHaveLength(7);
    expect(requests).toEqual(['3@0', '3@7']);
  });

  it('fails the search when a page fails, rather than list part of it as the whole', async () => {
    const search = collectPages(3, undefined, async (limit, offset) => {
      if (offset >= 3) throw new Error('the archive went away');
      return studies.slice(offset, offset + limit);
    });
    await expect(search).rejects.toThrow('the archive went away');
  });
});

describe('studyListPageOf', () => {
  const answer = (count: number) => Array.from({ length: count }, (_, i) => ({ ...study, studyInstanceUid: `2.25.${i}` }));

  it('an answer within the limit: all shown, nothing more', () => {
    expect(studyListPageOf(answer(3), 3, false)).toMatchObject({ moreExist: false, sentMoreThanAsked: false });
    expect(studyListPageOf(answer(3), 3, false).studies).toHaveLength(3);
  });

  it('the one study beyond the limit says more exist, and is not shown but counted as received', () => {
    const page = studyListPageOf(answer(4), 3, false);
    expect(page.moreExist).toBe(true);
    expect(page.studies.map((s) => s.studyInstanceUid)).toEqual(['2.25.0', '2.25.1', '2.25.2']);
    expect(page.received).toHaveLength(4);
  });

  it('an archive that ignored the limit: the list keeps the limit and says it sent more', () => {
    const page = studyListPageOf(answer(50), 3, true);
    expect(page).toMatchObject({ moreExist: true, sentMoreThanAsked: true });
    expect(page.studies).toHaveLength(3);
    expect(page.received).toHaveLength(50);
  });
});

describe('studyListFirstQuery', () => {
  it('asks one study beyond the limit, within the search\'s own dates as DICOM dates where the archive filters', () => {
    expect(studyListFirstQuery(ARCHIVE_PROFILES.dicomweb, { limit: 200 })).toEqual({ limit: 201, studyDateFrom: undefined, studyDateTo: undefined });
    expect(studyListFirstQuery(ARCHIVE_PROFILES.dicomweb, { modality: 'CT', studyDateFrom: '2024-01-01', limit: 30 })).toEqual({ modality: 'CT', studyDateFrom: '20240101', studyDateTo: undefined, limit: 31 });
  });
  it('leaves a date the archive must judge as written, and asks a static tree for all of it', () => {
    expect(studyListFirstQuery(ARCHIVE_PROFILES.dicomweb, { studyDateFrom: '2024-13-45', limit: 30 })).toEqual({ studyDateFrom: '2024-13-45', limit: 31 });
    expect(studyListFirstQuery(ARCHIVE_PROFILES['static-tree'], { patientId: 'K-3300', limit: 30 })).toEqual({ patientId: 'K-3300', limit: undefined });
  });
  it('reads the search\'s date range', () => {
    expect(studyDateRangeOf({ studyDateFrom: ' 2024-01-01 ', studyDateTo: '20241231' })).toEqual({ from: '20240101', to: '20241231' });
    expect(studyDateRangeOf({})).toEqual({ from: undefined, to: undefined });
    expect(studyDateRangeOf({ studyDateTo: 'yesterday' })).toBeUndefined();
  });
});

describe('firstStudySearchParams', () => {
  it('is the search\'s first page where the archive pages, the search itself where it cannot, the whole tree from a static one', () => {
    const dicomweb = firstStudySearchParams(ARCHIVE_PROFILES.dicomweb, { patientId: 'K-3300' });
    expect(dicomweb).toMatchObject({ PatientID: 'K-3300', limit: '1000', offset: '0' });
    expect(firstStudySearchParams(ARCHIVE_PROFILES.dicomweb, { patientId: 'K-3300', limit: 25 })).toMatchObject({ limit: '25', offset: '0' });
    expect(firstStudySearchParams({ filtersOnServer: true, pageSize: undefined }, { patientId: 'K-3300' })).not.toHaveProperty('offset');
    const staticTree = firstStudySearchParams(ARCHIVE_PROFILES['static-tree'], { patientId: 'K-3300' });
    expect(Object.keys(staticTree)).toEqual(['includefield']);
  });

  it('leaves the matching to a static tree\'s reader: only the studies of the search are kept', () => {
    const other = { ...study, studyInstanceUid: '2.25.8', patientId: 'K-9999' };
    expect(matchingStudiesOf(ARCHIVE_PROFILES['static-tree'], { patientId: 'K-3300' }, [study, other])).toEqual([study]);
    expect(matchingStudiesOf(ARCHIVE_PROFILES.dicomweb, { patientId: 'K-3300' }, [study, other])).toEqual([study, other]);
  });
});
