import { describe, expect, it } from 'vitest';
import { ARCHIVE_PROFILES } from './profiles';
import { searchMatchingStudies, searchStudyList } from './studySearch';
import { byStudyDateDescending, type StudySummary } from './summaries';

const dicomweb = ARCHIVE_PROFILES.dicomweb;
const TODAY = '2026-12-07';

/** `count` studies of one patient, one every `everyDays` days back from TODAY, in a shuffled (archive's own) order. */
function patientStudies(count: number, everyDays: number): StudySummary[] {
  const studies: StudySummary[] = [];
  for (let i = 0; i < count; i += 1) {
    const date = new Date(Date.UTC(2026, 11, 7) - i * everyDays * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
    studies.push({ archiveId: 'scale', studyInstanceUid: `2.25.${i}`, patientId: 'P', studyDate: date, modalities: ['CR'], bodyParts: [], sopClassUids: [] } as unknown as StudySummary);
  }
  // An archive's own order: not by date (every seventh first, and so on).
  return [...studies].sort((a, b) => (Number(a.studyInstanceUid.slice(5)) % 7) - (Number(b.studyInstanceUid.slice(5)) % 7));
}

/**
 * A QIDO-RS archive over `studies`: StudyDate ranges, limit and offset as Orthanc applies them,
 * answering at most `cap` per request. Records every request's parameters.
 */
function archiveOf(studies: StudySummary[], cap = Number.POSITIVE_INFINITY) {
  const asked: Array<Record<string, string>> = [];
  const ask = async (params: Record<string, string>) => {
    asked.push(params);
    const [from, to] = (params.StudyDate ?? '-').split('-');
    const matching = studies.filter((s) => (!from || (s.studyDate ?? '') >= from) && (!to || (s.studyDate ?? '') <= to) && (params.StudyDate === undefined || s.studyDate));
    const offset = Number(params.offset ?? 0);
    const limit = Math.min(Number(params.limit ?? Number.POSITIVE_INFINITY), cap);
    return matching.slice(offset, offset + limit);
  };
  return { asked, ask };
}

describe('searchStudyList', () => {
  it('lists a patient of 2,500 studies newest first, from descending date windows, and says more exist', async () => {
    const studies = patientStudies(2500, 5);
    const { asked, ask } = archiveOf(studies);
    const page = await searchStudyList(dicomweb, { limit: 200 }, TODAY, ask);
    expect(page.studies.map((s) => s.studyInstanceUid)).toEqual([...studies].sort(byStudyDateDescending).slice(0, 200).map((s) => s.studyInstanceUid));
    expect(page.moreExist).toBe(true);
    expect(page.sentMoreThanAsked).toBe(false);
    // The first request is the whole search with one beyond the limit; the rest are date windows, one request each.
    expect(asked[0]).toMatchObject({ limit: '201', offset: '0' });
    expect(asked[0]).not.toHaveProperty('StudyDate');
    expect(asked.slice(1).every((params) => params.StudyDate !== undefined)).toBe(true);
    expect(page.requests).toBe(asked.length);
  });

  it('takes a window shorter than an answer the archive already gave for the end of it: no page asked past it', async () => {
    // About 122 a year: the last year's window answers 121 of the 200 asked, fewer than the first answer's 201.
    const { asked, ask } = archiveOf(patientStudies(2500, 3));
    await searchStudyList(dicomweb, { limit: 200 }, TODAY, ask);
    expect(asked.some((params) => params.StudyDate !== undefined)).toBe(true);
    // Each window was asked once: no window's request repeats with a later offset.
    expect(asked.filter((params) => params.offset !== '0')).toEqual([]);
  });

  it('pages a window of an archive that caps its answers at 100 at its cap, and still lists the newest 200', async () => {
    const studies = patientStudies(2500, 1);
    const { asked, ask } = archiveOf(studies, 100);
    const page = await searchStudyList(dicomweb, { limit: 200 }, TODAY, ask);
    expect(page.studies.map((s) => s.studyInstanceUid)).toEqual([...studies].sort(byStudyDateDescending).slice(0, 200).map((s) => s.studyInstanceUid));
    expect(asked.some((params) => params.offset === '100')).toBe(true);
  });

  it('answers a small archive in one request, sorted here', async () => {
    const studies = patientStudies(12, 30);
    const { asked, ask } = archiveOf(studies);
    const page = await searchStudyList(dicomweb, { limit: 200 }, TODAY, ask);
    expect(asked).toHaveLength(1);
    expect(page.studies.map((s) => s.studyDate)).toEqual([...studies].sort(byStudyDateDescending).map((s) => s.studyDate));
    expect(page.moreExist).toBe(false);
  });

  it('sorts and cuts a static tree, which sends everything at once', async () => {
    const studies = patientStudies(40, 3);
    const { asked, ask } = archiveOf(studies);
    const page = await searchStudyList(ARCHIVE_PROFILES['static-tree'], { limit: 10 }, TODAY, ask);
    expect(asked).toHaveLength(1);
    expect(asked[0]).not.toHaveProperty('limit');
    expect(page.studies.map((s) => s.studyInstanceUid)).toEqual([...studies].sort(byStudyDateDescending).slice(0, 10).map((s) => s.studyInstanceUid));
    expect(page.moreExist).toBe(true);
  });
});

describe('searchMatchingStudies', () => {
  it('pages a patient of 2,500 studies from 1,000 a page, growing, every study once, in the archive\'s order', async () => {
    const studies = patientStudies(2500, 1);
    const { asked, ask } = archiveOf(studies);
    const { studies: found } = await searchMatchingStudies(dicomweb, { patientId: 'P' }, ask);
    expect(found.map((s) => s.studyInstanceUid)).toEqual(studies.map((s) => s.studyInstanceUid));
    // 2000@1000 answered 1,500: no shorter than the whole page before it, so it may be a cap, and
    // is asked past once.
    expect(asked.map((params) => `${params.limit}@${params.offset}`)).toEqual(['1000@0', '2000@1000', '1500@2500']);
  });

  it('pages a patient of 10,000 studies in four requests, none over 4,000', async () => {
    const studies = patientStudies(10000, 1);
    const { asked, ask } = archiveOf(studies);
    const { studies: found } = await searchMatchingStudies(dicomweb, { patientId: 'P' }, ask);
    expect(new Set(found.map((s) => s.studyInstanceUid)).size).toBe(10000);
    // 4000@7000 answered 3,000, shorter than the 4,000 before it: the end, no request past it.
    expect(asked.map((params) => `${params.limit}@${params.offset}`)).toEqual(['1000@0', '2000@1000', '4000@3000', '4000@7000']);
  });
});
