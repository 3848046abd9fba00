import { describe, expect, it } from 'vitest';
import { seriesListUrl, studyByUidUrl } from './resourceUrls';
import { SERIES_INCLUDE_FIELDS, toStudyQueryParams } from './query';

const roots = { qidoRoot: '/dicomweb/radiology', wadoRoot: '/dicomweb/radiology' };

describe('the boot script’s study searches', () => {
  it('ask for one study by UID with the study list’s fields, commas literal', () => {
    const url = new URL(studyByUidUrl(roots, '1.2.3'), 'http://viewer');
    expect(url.pathname).toBe('/dicomweb/radiology/studies');
    expect(Object.fromEntries(url.searchParams)).toEqual(toStudyQueryParams({ studyInstanceUid: '1.2.3' }));
    expect(studyByUidUrl(roots, '1.2.3')).not.toContain('%2C');
  });

  it('ask for a study’s series with the fields ArchiveClient.searchSeries asks for', () => {
    expect(seriesListUrl(roots, '1.2.3')).toBe(`/dicomweb/radiology/studies/1.2.3/series?includefield=${SERIES_INCLUDE_FIELDS.join(',')}`);
  });
});
