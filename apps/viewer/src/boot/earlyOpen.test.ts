import { describe, expect, it } from 'vitest';
import { adoptOrAsk, seriesLinkOf, studyLinkOf } from './earlyOpen';

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
