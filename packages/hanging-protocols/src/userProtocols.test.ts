import { describe, expect, it } from 'vitest';
import { BUILT_IN_PROTOCOLS } from './builtins';
import { chooseProtocol, hangStudy } from './hang';
import type { StudyFacts } from './protocol';
import { loadUserProtocols, protocolFromArrangement, saveUserProtocol, USER_PROTOCOLS_KEY, type ProtocolStorage } from './userProtocols';

function memoryStorage(initial?: string): ProtocolStorage & { value: string | null } {
  const store = {
    value: initial ?? null,
    getItem: () => store.value,
    setItem: (_key: string, value: string) => {
      store.value = value;
    },
  };
  return store;
}

const ctChest: StudyFacts = {
  archiveId: 'radiology', studyInstanceUid: 'ct', studyDate: '20240115', studyDescription: 'CT CHEST', bodyParts: ['CHEST'],
  series: [
    { seriesInstanceUid: 'lung', seriesNumber: 2, seriesDescription: 'Lung 1.25mm (B70f)', modality: 'CT' },
    { seriesInstanceUid: 'soft', seriesNumber: 3, seriesDescription: 'Soft tissue 3mm', modality: 'CT' },
  ],
};

describe('user protocols', () => {
  it('saves the arrangement and hangs the next study of the kind the same way, before the built-in', () => {
    const storage = memoryStorage();
    const mine = protocolFromArrangement({
      modality: 'CT', bodyPart: 'CHEST', layout: { rows: 1, columns: 3 }, syncScroll: false,
      cells: [
        { study: 'current', modality: 'CT', seriesDescription: 'Soft tissue 3mm' },
        { study: 'current', modality: 'CT', seriesDescription: 'Lung 1.25mm (B70f)' },
        undefined,
      ],
    });
    saveUserProtocol(storage, mine);
    const loaded = loadUserProtocols(storage);
    expect(loaded).toHaveLength(1);
    const protocol = chooseProtocol(ctChest, [...BUILT_IN_PROTOCOLS, ...loaded]);
    expect(protocol.id).toBe('user-ct-chest');
    expect(protocol.priors).toBe(0);
    const hanging = hangStudy(protocol, ctChest, null);
    expect(hanging.layout).toEqual({ rows: 1, columns: 3 });
    // Descriptions with regex characters are matched literally.
    expect(hanging.cells.map((c) => (c.kind === 'series' ? c.seriesInstanceUid : c.kind))).toEqual(['soft', 'lung', 'empty']);
  });

  it('replaces a protocol saved earlier under the same id', () => {
    const storage = memoryStorage();
    const base = protocolFromArrangement({ modality: 'CT', bodyPart: 'CHEST', layout: { rows: 1, columns: 1 }, syncScroll: false, cells: [undefined] });
    saveUserProtocol(storage, base);
    saveUserProtocol(storage, { ...base, layout: { rows: 2, columns: 2 } });
    expect(loadUserProtocols(storage).map((p) => p.layout)).toEqual([{ rows: 2, columns: 2 }]);
  });

  it('ignores malformed stored protocols and keeps the good ones', () => {
    const good = protocolFromArrangement({ modality: 'DX', bodyPart: 'CHEST', layout: { rows: 1, columns: 2 }, syncScroll: false, cells: [{ study: 'current', modality: 'DX', seriesDescription: 'PA' }, { study: 'prior', modality: 'DX', seriesDescription: 'PA' }] });
    const bad = [
      { ...good, id: 'bad-layout', layout: { rows: 0, columns: 2 } },
      { ...good, id: 'huge-layout', layout: { rows: 40, columns: 40 } },
      { ...good, id: 'bad-regex', cells: [{ study: 'current', series: { description: '([' } }] },
      { ...good, id: 'bad-role', cells: [{ study: 'someone-else', series: {} }] },
      { ...good, id: 'too-many-cells', layout: { rows: 1, columns: 1 } },
      { ...good, id: 'bad-laterality', cells: [{ study: 'current', series: { laterality: 'X' } }] },
      { ...good, id: 'no-modality', match: {} },
      { ...good, id: 'three-priors', priors: 3 },
      'a string',
      null,
    ];
    const storage = memoryStorage(JSON.stringify([...bad, good]));
    const loaded = loadUserProtocols(storage);
    expect(loaded.map((p) => p.id)).toEqual([good.id]);
    expect(loaded[0]?.priors).toBe(1);
  });

  it('reads unparseable or non-list storage as no protocols', () => {
    expect(loadUserProtocols(memoryStorage('{not json'))).toEqual([]);
    expect(loadUserProtocols(memoryStorage('{"id":"x"}'))).toEqual([]);
    expect(loadUserProtocols(memoryStorage())).toEqual([]);
    expect(USER_PROTOCOLS_KEY).toMatch(/v1$/);
  });
});
