import { describe, expect, it } from 'vitest';
import { sharedCaseFromReadingUrl } from './readingUrl';
import { validateSharedCase } from './validate';

const STUDY = '2.25.118220443118907622347651357402557519745';
const A = '2.25.301845709812405723154362088442170001';
const B = '2.25.301845709812405723154362088442170002';
const SOP = '2.25.301845709812405723154362088442170003';
const PRIOR = '2.25.291005553386409717418196155932838116431';

const read = (query: string, archiveId = 'oncology', studyUid = STUDY) => sharedCaseFromReadingUrl(archiveId, studyUid, new URLSearchParams(query));

describe('sharedCaseFromReadingUrl (format 0 → the model)', () => {
  it('migrates layout, cells (with a single instance) and the prior, every cell on its first image', () => {
    const sharedCase = read(`layout=2x2&cells=c:${A},p:${B}:${SOP},-,c:${B}&prior=legacy:${PRIOR}`);
    expect(sharedCase).toEqual({
      archiveId: 'oncology',
      studyUid: STUDY,
      prior: { archiveId: 'legacy', studyUid: PRIOR },
      layout: { rows: 2, columns: 2 },
      cells: [
        { study: 'current', seriesUid: A, image: 0 },
        { study: 'prior', seriesUid: B, sopInstanceUid: SOP, image: 0 },
        null,
        { study: 'current', seriesUid: B, image: 0 },
      ],
    });
    expect(validateSharedCase(sharedCase)).toEqual({ ok: true, sharedCase });
  });

  it('leaves malformed cells empty and fills missing ones with empty cells', () => {
    expect(read(`layout=1x3&cells=c:1.2.x,q:${A}`)?.cells).toEqual([null, null, null]);
    expect(read(`layout=1x3&cells=c:${A}:${SOP}:extra,c:${B}`)?.cells).toEqual([null, { study: 'current', seriesUid: B, image: 0 }, null]);
  });

  it('drops a prior cell when no valid prior is named (it could not be shown)', () => {
    expect(read(`layout=1x2&cells=c:${A},p:${B}`)?.cells).toEqual([{ study: 'current', seriesUid: A, image: 0 }, null]);
    const badPrior = read(`layout=1x2&cells=c:${A},p:${B}&prior=legacy:DOE`);
    expect(badPrior?.prior).toBeUndefined();
    expect(badPrior?.cells[1]).toBeNull();
  });

  it('falls back to ?series= when the layout is not one the viewer offers, as readGridParams does', () => {
    expect(read(`layout=5x1&cells=c:${A}&series=${B}`)).toEqual({
      archiveId: 'oncology',
      studyUid: STUDY,
      layout: { rows: 1, columns: 1 },
      cells: [{ study: 'current', seriesUid: B, image: 0 }],
    });
    expect(read(`layout=0x2&cells=c:${A}`)).toBeUndefined();
  });

  it('is undefined when the URL names no view, or the path is not an archive id and a UID', () => {
    expect(read('')).toBeUndefined();
    expect(read('series=not-a-uid')).toBeUndefined();
    expect(read(`series=${A}`, 'bad archive')).toBeUndefined();
    expect(read(`series=${A}`, 'oncology', 'DOE^JOHN')).toBeUndefined();
  });
});
