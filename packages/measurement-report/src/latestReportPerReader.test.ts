import { describe, expect, it } from 'vitest';
import { latestReportPerReader, type MeasurementReport } from './index';

function report(sopInstanceUid: string, observerName: string | undefined, predecessors: string[] = [], at?: string): MeasurementReport {
  return {
    sopInstanceUid,
    seriesInstanceUid: '1.2.9',
    studyInstanceUid: '1.2.3',
    observerName,
    device: undefined,
    contentDateTime: at ? new Date(at) : undefined,
    manufacturer: 'Longview',
    softwareVersions: undefined,
    predecessors,
    measurements: [],
    segmentFindings: [],
    problems: [],
  };
}

const latest = (reports: MeasurementReport[]) =>
  latestReportPerReader(reports).map((entry) => ({ observer: entry.observerName, latest: entry.latest.sopInstanceUid, earlier: entry.earlierCount }));

describe('latestReportPerReader', () => {
  it('follows a chain of versions to its end, whatever the order and even when the clock says otherwise', () => {
    const chain = [report('a2', 'Doe^Jane', ['a1'], '2025-01-02T10:00:00Z'), report('a3', 'Doe^Jane', ['a2'], '2025-01-01T09:00:00Z'), report('a1', 'Doe^Jane', [], '2025-01-03T08:00:00Z')];
    expect(latest(chain)).toEqual([{ observer: 'Doe^Jane', latest: 'a3', earlier: 2 }]);
  });

  it('keeps two readers apart, ordered by name', () => {
    const reports = [report('b1', 'Roe^Rita', [], '2025-01-05T00:00:00Z'), report('a1', 'Doe^Jane'), report('a2', 'Doe^Jane', ['a1'])];
    expect(latest(reports)).toEqual([
      { observer: 'Doe^Jane', latest: 'a2', earlier: 1 },
      { observer: 'Roe^Rita', latest: 'b1', earlier: 0 },
    ]);
  });

  it('counts a report whose predecessor is not in the list', () => {
    expect(latest([report('c2', 'Doe^Jane', ['c1-not-fetched'])])).toEqual([{ observer: 'Doe^Jane', latest: 'c2', earlier: 0 }]);
  });

  it('breaks a tie between rival versions by content time, then by SOP Instance UID', () => {
    const branches = [report('d0', 'Doe^Jane'), report('d1', 'Doe^Jane', ['d0'], '2025-02-01T12:00:00Z'), report('d2', 'Doe^Jane', ['d0'], '2025-02-01T12:00:01Z')];
    expect(latest(branches)).toEqual([{ observer: 'Doe^Jane', latest: 'd2', earlier: 2 }]);
    const sameTime = [report('1.2.40', 'Doe^Jane', [], '2025-02-01T12:00:00Z'), report('1.2.41', 'Doe^Jane', [], '2025-02-01T12:00:00Z')];
    expect(latest(sameTime)[0]?.latest).toBe('1.2.41');
    expect(latest([...sameTime].reverse())[0]?.latest).toBe('1.2.41');
    // An undated report loses to a dated one.
    expect(latest([report('e9', 'Doe^Jane'), report('e1', 'Doe^Jane', [], '2020-01-01T00:00:00Z')])[0]?.latest).toBe('e1');
  });

  it('counts a report listed twice once, and groups reports without an observer together', () => {
    const reports = [report('f1', undefined), report('f2', undefined, ['f1']), report('f2', undefined, ['f1'])];
    expect(latest(reports)).toEqual([{ observer: '', latest: 'f2', earlier: 1 }]);
  });

  it('keeps a device\'s reports (an AI\'s) apart from an unnamed reader\'s and from another device\'s', () => {
    const device = (uid: string, name: string) => ({ uid, name, manufacturer: 'Acme', model: undefined });
    const byDevice = (sop: string, uid: string, predecessors: string[] = []) => ({ ...report(sop, undefined, predecessors), device: device(uid, 'NodeFinder') });
    const reports = [report('h1', undefined), byDevice('i1', '2.25.1'), byDevice('i2', '2.25.1', ['i1']), byDevice('j1', '2.25.2')];
    expect(latest(reports)).toEqual([
      { observer: '', latest: 'h1', earlier: 0 },
      { observer: '', latest: 'i2', earlier: 1 },
      { observer: '', latest: 'j1', earlier: 0 },
    ]);
  });

  it('still answers for a cycle of predecessors, and for nothing', () => {
    expect(latest([report('g1', 'Doe^Jane', ['g2'], '2025-01-01T00:00:00Z'), report('g2', 'Doe^Jane', ['g1'], '2025-01-02T00:00:00Z')])).toEqual([
      { observer: 'Doe^Jane', latest: 'g2', earlier: 1 },
    ]);
    expect(latestReportPerReader([])).toEqual([]);
  });
});
