import { describe, expect, it } from 'vitest';
import { BUILT_IN_PROTOCOLS, FALLBACK_PROTOCOL } from './builtins';
import { chooseProtocol, firstStackSeriesOf, hangStudy, needsImageFacts } from './hang';
import { readerProtocols, saveUserProtocol } from './userProtocols';
import type { HangingProtocol, SeriesFacts, StudyFacts } from './protocol';

const series = (uid: string, modality: string, description: string | undefined, seriesNumber?: number, images?: SeriesFacts['images']): SeriesFacts => ({
  seriesInstanceUid: uid, modality, seriesDescription: description, seriesNumber, ...(images ? { images } : {}),
});

const study = (uid: string, bodyParts: string[], list: SeriesFacts[], fields: Partial<StudyFacts> = {}): StudyFacts => ({
  archiveId: 'radiology', studyInstanceUid: uid, studyDate: '20240115', studyDescription: undefined, bodyParts, series: list, ...fields,
});

const ctChest = study('ct-now', ['CHEST'], [series('ct-now-scout', 'CT', 'Topogram', 1), series('ct-now-axial', 'CT', 'Axial 1.25mm', 2)]);
const ctPrior = study('ct-then', ['CHEST'], [series('ct-then-axial', 'CT', 'Axial 4mm', 2)], { studyDate: '20221017' });

describe('chooseProtocol', () => {
  it('matches modality and body part, folding synonyms', () => {
    expect(chooseProtocol(ctChest, BUILT_IN_PROTOCOLS).id).toBe('ct-chest-prior');
    expect(chooseProtocol({ ...ctChest, bodyParts: ['THORAX'] }, BUILT_IN_PROTOCOLS).id).toBe('ct-chest-prior');
    const brain = study('mr', ['BRAIN'], [series('t1', 'MR', 'AX T1 SE')]);
    expect(chooseProtocol(brain, BUILT_IN_PROTOCOLS).id).toBe('mr-brain');
  });

  it('falls back to one viewport when nothing matches (a CT head is not a CT chest)', () => {
    const head = study('ct-head', ['HEAD'], [series('h', 'CT', 'Axial')]);
    expect(chooseProtocol(head, BUILT_IN_PROTOCOLS)).toBe(FALLBACK_PROTOCOL);
    expect(chooseProtocol(study('none', [], []), BUILT_IN_PROTOCOLS)).toBe(FALLBACK_PROTOCOL);
  });

  it('prefers the more specific rule, then the order given', () => {
    const anyCt: HangingProtocol = { ...BUILT_IN_PROTOCOLS[0] as HangingProtocol, id: 'any-ct', match: { modality: 'CT' } };
    expect(chooseProtocol(ctChest, [anyCt, ...BUILT_IN_PROTOCOLS]).id).toBe('ct-chest-prior');
    const second: HangingProtocol = { ...anyCt, id: 'any-ct-2' };
    expect(chooseProtocol(ctChest, [anyCt, second]).id).toBe('any-ct');
  });

  it('lets a user protocol win over a built-in one that matches as well', () => {
    const mine: HangingProtocol = { ...FALLBACK_PROTOCOL, id: 'mine', match: { modality: 'CT' }, isUserDefined: true };
    expect(chooseProtocol(ctChest, [...BUILT_IN_PROTOCOLS, mine]).id).toBe('mine');
  });

  it('honours a study description pattern', () => {
    const lowDose: HangingProtocol = { ...FALLBACK_PROTOCOL, id: 'low-dose', match: { modality: 'CT', studyDescription: 'low\\s*dose' } };
    expect(chooseProtocol({ ...ctChest, bodyParts: [], studyDescription: 'CT CHEST LOW DOSE' }, [lowDose]).id).toBe('low-dose');
    expect(chooseProtocol({ ...ctChest, bodyParts: [], studyDescription: 'CT CHEST' }, [lowDose]).id).toBe('fallback');
  });
});

describe('hangStudy', () => {
  const ctProtocol = chooseProtocol(ctChest, BUILT_IN_PROTOCOLS);

  it('puts the current CT beside the prior CT, skipping the localizer', () => {
    const hanging = hangStudy(ctProtocol, ctChest, ctPrior);
    expect(hanging.layout).toEqual({ rows: 1, columns: 2 });
    expect(hanging.syncScroll).toBe(true);
    expect(hanging.cells).toEqual([
      { kind: 'series', study: 'current', archiveId: 'radiology', studyInstanceUid: 'ct-now', seriesInstanceUid: 'ct-now-axial', sopInstanceUid: undefined },
      { kind: 'series', study: 'prior', archiveId: 'radiology', studyInstanceUid: 'ct-then', seriesInstanceUid: 'ct-then-axial', sopInstanceUid: undefined },
    ]);
  });

  it('keeps a cell waiting while the prior is looked for, and shrinks the grid when there is none', () => {
    expect(hangStudy(ctProtocol, ctChest, undefined).cells.map((c) => c.kind)).toEqual(['series', 'awaiting-prior']);
    const alone = hangStudy(ctProtocol, ctChest, null);
    expect(alone.layout).toEqual({ rows: 1, columns: 1 });
    expect(alone.cells.map((c) => c.kind)).toEqual(['series']);
  });

  it('places MR sequences by description, not by series order, and never takes FLAIR for T2', () => {
    const brain = study('mr', ['BRAIN'], [
      series('t2', 'MR', 'AX T2 TSE', 4), series('flair', 'MR', 'AX T2 FLAIR', 5), series('t1', 'MR', 'AX T1 SE', 3), series('sag', 'MR', 'SAG T1 SE', 6),
    ]);
    const hanging = hangStudy(chooseProtocol(brain, BUILT_IN_PROTOCOLS), brain, null);
    expect(hanging.layout).toEqual({ rows: 2, columns: 2 });
    expect(hanging.cells.map((c) => (c.kind === 'series' ? c.seriesInstanceUid : c.kind))).toEqual(['t1', 't2', 'flair', 'sag']);
  });

  it('leaves a cell empty when its sequence is missing instead of repeating a series', () => {
    const brain = study('mr', ['BRAIN'], [series('t1', 'MR', 'AX T1 SE', 3), series('t2', 'MR', 'AX T2 TSE', 4)]);
    expect(hangStudy(chooseProtocol(brain, BUILT_IN_PROTOCOLS), brain, null).cells.map((c) => c.kind)).toEqual(['series', 'series', 'empty', 'empty']);
  });

  it('hangs the four mammographic views by view and laterality, whatever order they are stored in', () => {
    const images = [
      { sopInstanceUid: 'lcc', instanceNumber: 1, viewPosition: 'CC', laterality: 'L' },
      { sopInstanceUid: 'rcc', instanceNumber: 2, viewPosition: 'CC', laterality: 'R' },
      { sopInstanceUid: 'lmlo', instanceNumber: 3, viewPosition: 'MLO', laterality: 'L' },
      { sopInstanceUid: 'rmlo', instanceNumber: 4, viewPosition: 'MLO', laterality: 'R' },
    ];
    const mg = study('mg', ['BREAST'], [series('mg-series', 'MG', 'SCREENING', 1, images)]);
    const protocol = chooseProtocol(mg, BUILT_IN_PROTOCOLS);
    expect(needsImageFacts(protocol)).toBe(true);
    const hanging = hangStudy(protocol, mg, null);
    expect(hanging.cells.map((c) => (c.kind === 'series' ? `${c.seriesInstanceUid}/${c.sopInstanceUid}` : c.kind))).toEqual([
      'mg-series/rcc', 'mg-series/lcc', 'mg-series/rmlo', 'mg-series/lmlo',
    ]);
  });

  it('without per-image facts the mammography cells stay empty rather than guessing', () => {
    const mg = study('mg', ['BREAST'], [series('mg-series', 'MG', 'SCREENING', 1)]);
    expect(hangStudy(chooseProtocol(mg, BUILT_IN_PROTOCOLS), mg, null).cells.every((c) => c.kind === 'empty')).toBe(true);
  });

  it('the fallback shows the first series by number', () => {
    const other = study('us', [], [series('b', 'US', 'two', 2), series('a', 'US', 'one', 1)]);
    const hanging = hangStudy(chooseProtocol(other, BUILT_IN_PROTOCOLS), other, null);
    expect(hanging.layout).toEqual({ rows: 1, columns: 1 });
    expect(hanging.cells).toEqual([{ kind: 'series', study: 'current', archiveId: 'radiology', studyInstanceUid: 'us', seriesInstanceUid: 'a', sopInstanceUid: undefined }]);
  });

  it('a protocol that wants no prior never waits for one', () => {
    const brain = study('mr', ['HEAD'], [series('t1', 'MR', 'AX T1')]);
    const protocol = chooseProtocol(brain, BUILT_IN_PROTOCOLS);
    expect(protocol.priors).toBe(0);
    expect(hangStudy(protocol, brain, undefined).cells.some((c) => c.kind === 'awaiting-prior')).toBe(false);
    // Both X-ray and CT comparisons want exactly one prior.
    expect(BUILT_IN_PROTOCOLS.filter((p) => p.priors > 0).map((p) => p.priors)).toEqual([1, 1, 1]);
  });
});

describe('the PET/CT protocol', () => {
  const petCt = study('petct', ['CHEST'], [series('ct', 'CT', 'CT AC 3mm', 2), series('pt', 'PT', 'PET AC', 3), series('scout', 'CT', 'Topogram', 1)]);

  it('wins for a study with PET and CT, even over the CT chest rule', () => {
    expect(chooseProtocol(petCt, BUILT_IN_PROTOCOLS).id).toBe('pet-ct');
    expect(chooseProtocol(study('pet-only', [], [series('pt', 'PT', 'PET')]), BUILT_IN_PROTOCOLS)).toBe(FALLBACK_PROTOCOL);
  });

  it('hangs CT, PET, the PET over the CT, and the PET MIP', () => {
    const hanging = hangStudy(chooseProtocol(petCt, BUILT_IN_PROTOCOLS), petCt, null);
    expect(hanging.layout).toEqual({ rows: 2, columns: 2 });
    expect(hanging.cells.map((cell) => (cell.kind === 'series' ? [cell.seriesInstanceUid, cell.display ?? 'stack', cell.fusedSeriesInstanceUid] : [cell.kind]))).toEqual([
      ['ct', 'stack', undefined],
      ['pt', 'stack', undefined],
      ['ct', 'fusion', 'pt'],
      ['pt', 'mip', undefined],
    ]);
  });

  it('leaves the fusion empty when the study has no PET to lay over the CT', () => {
    const protocol = BUILT_IN_PROTOCOLS.find((p) => p.id === 'pet-ct') as HangingProtocol;
    const ctOnly = study('ct', [], [series('ct', 'CT', 'Axial', 2)]);
    expect(hangStudy(protocol, ctOnly, null).cells.map((cell) => cell.kind)).toEqual(['series', 'empty', 'empty', 'empty']);
  });
});

describe('firstStackSeriesOf: the series a page may fetch before the app hangs the study', () => {
  const petCt = study('petct', ['CHEST'], [series('ct', 'CT', 'CT AC 3mm', 2), series('pt', 'PT', 'PET AC', 3), series('scout', 'CT', 'Topogram', 1)]);

  it('is the first plain cell the app hangs: the current axial CT, not the topogram nor the prior', () => {
    expect(firstStackSeriesOf(BUILT_IN_PROTOCOLS, ctChest)).toBe('ct-now-axial');
    const hanging = hangStudy(chooseProtocol(ctChest, BUILT_IN_PROTOCOLS), ctChest, ctPrior);
    expect(hanging.cells[0]).toMatchObject({ kind: 'series', seriesInstanceUid: 'ct-now-axial' });
  });

  it('is the CT stack of a PET/CT, never its fusion or MIP', () => {
    expect(firstStackSeriesOf(BUILT_IN_PROTOCOLS, petCt)).toBe('ct');
  });

  it('follows the reader’s own protocol where it wins', () => {
    const mine: HangingProtocol = { ...FALLBACK_PROTOCOL, id: 'mine', match: { modality: 'CT' }, isUserDefined: true, cells: [{ study: 'current', series: { description: 'Topogram' } }] };
    expect(firstStackSeriesOf([...BUILT_IN_PROTOCOLS, mine], ctChest)).toBe('ct-now-scout');
  });

  it('gives none where the protocol picks single images, or hangs nothing', () => {
    const mg = study('mg', ['BREAST'], [series('mg-series', 'MG', 'SCREENING', 1)]);
    expect(firstStackSeriesOf(BUILT_IN_PROTOCOLS, mg)).toBeUndefined();
    expect(firstStackSeriesOf(BUILT_IN_PROTOCOLS, study('empty', [], []))).toBeUndefined();
  });
});

describe('readerProtocols', () => {
  it('is the built-in protocols, then the reader’s saved ones', () => {
    const mine: HangingProtocol = { ...FALLBACK_PROTOCOL, id: 'user-mine', name: 'Mine', match: { modality: 'CT' }, isUserDefined: true };
    const stored = new Map<string, string>();
    const storage = { getItem: (key: string) => stored.get(key) ?? null, setItem: (key: string, value: string) => void stored.set(key, value) };
    saveUserProtocol(storage, mine);
    expect(readerProtocols(() => storage).map((p) => p.id)).toEqual([...BUILT_IN_PROTOCOLS.map((p) => p.id), 'user-mine']);
  });

  it('is the built-in protocols alone where storage is switched off', () => {
    const switchedOff = () => {
      throw new DOMException('The operation is insecure.', 'SecurityError');
    };
    expect(readerProtocols(switchedOff)).toEqual(BUILT_IN_PROTOCOLS);
  });
});
