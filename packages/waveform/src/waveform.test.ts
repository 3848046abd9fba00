import { describe, expect, it } from 'vitest';
import type { DicomJson } from '@longview/dicom-meta';
import {
  decodeMultiplexGroup,
  ecgLayout,
  heartRateOf,
  millivoltsPerUnit,
  pixelsPerMm,
  readMultiplexGroups,
  tracePoints,
  WaveformDecodeError,
} from './index';

const v = (vr: string, ...values: unknown[]) => ({ vr, Value: values });
const code = (value: string, scheme: string, meaning: string): DicomJson => ({ '00080100': v('SH', value), '00080102': v('SH', scheme), '00080104': v('LO', meaning) });

function channel(label: string | undefined, mdc: string, sensitivity: number, extra: DicomJson = {}): DicomJson {
  return {
    ...(label ? { '003A0203': v('SH', label) } : {}),
    '003A0208': v('SQ', code(mdc, 'MDC', `Lead ${label ?? mdc}`)),
    '003A0210': v('DS', sensitivity),
    '003A0211': v('SQ', code('uV', 'UCUM', 'microvolt')),
    ...extra,
  };
}

function ecgMetadata(channels: DicomJson[], samples: number, interpretation = 'SS', bits = 16): DicomJson {
  return {
    '54000100': v('SQ', {
      '003A0005': v('US', channels.length),
      '003A0010': v('UL', samples),
      '003A001A': v('DS', 500),
      '003A0020': v('SH', 'RHYTHM'),
      '003A0200': v('SQ', ...channels),
      '54001004': v('US', bits),
      '54001006': v('CS', interpretation),
      '54001010': { vr: 'OW', BulkDataURI: 'http://archive/studies/1/series/2/instances/3/bulk/54001010' },
    }),
  };
}

const int16Bytes = (values: number[]) => new Uint8Array(Int16Array.from(values).buffer);

describe('decoding waveform samples', () => {
  it('de-interleaves channels and applies sensitivity, correction factor and baseline', () => {
    const metadata = ecgMetadata(
      [
        channel(undefined, '2:2', 2.5),
        // Calibrated channel: 5 µV per unit corrected by 0.98, offset by -20 µV.
        channel(undefined, '2:3', 5, { '003A0212': v('DS', 0.98), '003A0213': v('DS', -20) }),
      ],
      3,
    );
    const [group] = readMultiplexGroups(metadata);
    expect(group).toMatchObject({ samplingFrequencyHz: 500, samplesPerChannel: 3, sampleInterpretation: 'SS', label: 'RHYTHM' });
    expect(group?.data?.BulkDataURI).toMatch(/bulk\/54001010$/);
    // Samples interleaved: (II, V1) at t0, t1, t2.
    const [ii, v1] = decodeMultiplexGroup(group!, int16Bytes([600, -100, 0, 0, -40, 32767]));
    expect(ii).toMatchObject({ label: 'II', unit: 'uV', sourceCode: '2:2' });
    expect(Array.from(ii!.values)).toEqual([1500, 0, -100]);
    expect(v1?.label).toBe('V1');
    expect(Array.from(v1!.values).map((x) => Number(x.toFixed(4)))).toEqual([-100 * 5 * 0.98 - 20, -20, 32767 * 5 * 0.98 - 20]);
  });

  it('reads unsigned and 8-bit samples, and refuses what it cannot decode', () => {
    const unsigned = readMultiplexGroups(ecgMetadata([channel('A', 'x', 1)], 2, 'US'))[0]!;
    expect(Array.from(decodeMultiplexGroup(unsigned, new Uint8Array([0xff, 0xff, 1, 0]))[0]!.values)).toEqual([65535, 1]);
    const signedBytes = readMultiplexGroups(ecgMetadata([channel('A', 'x', 1)], 2, 'SB', 8))[0]!;
    expect(Array.from(decodeMultiplexGroup(signedBytes, new Uint8Array([0xff, 0x7f]))[0]!.values)).toEqual([-1, 127]);

    const muLaw = readMultiplexGroups(ecgMetadata([channel('A', 'x', 1)], 2, 'MB', 8))[0]!;
    expect(() => decodeMultiplexGroup(muLaw, new Uint8Array(2))).toThrow(WaveformDecodeError);
    const mismatched = readMultiplexGroups(ecgMetadata([channel('A', 'x', 1)], 2, 'SS', 8))[0]!;
    expect(() => decodeMultiplexGroup(mismatched, new Uint8Array(4))).toThrow(/8 bits allocated/);
    const short = readMultiplexGroups(ecgMetadata([channel('A', 'x', 1), channel('B', 'y', 1)], 10))[0]!;
    expect(() => decodeMultiplexGroup(short, new Uint8Array(20))).toThrow(/20 bytes of samples, 40 expected/);
  });

  it('refuses a group whose channel count disagrees with its definitions', () => {
    const metadata = ecgMetadata([channel('A', 'x', 1)], 2);
    (metadata['54000100']!.Value![0] as DicomJson)['003A0005'] = v('US', 3);
    expect(() => readMultiplexGroups(metadata)).toThrow(/3 channels declared, 1 defined/);
  });

  it('names leads by their code first, then their label, then the code meaning', () => {
    const [group] = readMultiplexGroups(ecgMetadata([channel('Lead 2 (odd label)', '2:2', 1), channel('aVR', 'UNKNOWN', 1), channel(undefined, '99', 1)], 1));
    expect(group?.channels.map((c) => c.label)).toEqual(['II', 'aVR', '99']);
  });

  it('converts voltage units to millivolts', () => {
    expect(millivoltsPerUnit('uV')).toBe(0.001);
    expect(millivoltsPerUnit('mV')).toBe(1);
    expect(millivoltsPerUnit('mmHg')).toBeUndefined();
  });
});

describe('ECG paper', () => {
  const leads = ['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6'];

  it('is calibrated in CSS pixels: 96 per inch', () => {
    expect(pixelsPerMm()).toBeCloseTo(3.7795, 4);
    // 1.5 mV at 10 mm/mV is 15 mm: 56.69 px on a 96 dpi screen.
    expect(1.5 * 10 * pixelsPerMm()).toBeCloseTo(56.69, 2);
  });

  it('lays out 3 × 4 columns of 2.5 s and a rhythm strip of lead II', () => {
    const layout = ecgLayout(leads, 10, 10, 25);
    expect(layout.traces).toHaveLength(13);
    expect(layout.widthMm).toBe(10 + 250);
    expect(layout.heightMm).toBe(4 * 30);
    const v4 = layout.traces.find((t) => t.lead === 'V4');
    expect(v4).toMatchObject({ fromS: 7.5, toS: 10, xMm: 10 + 187.5, baselineMm: 15, isRhythm: false });
    expect(layout.traces.at(-1)).toMatchObject({ lead: 'II', fromS: 0, toS: 10, baselineMm: 105, isRhythm: true });
    // Doubling the speed doubles the paper; doubling the gain makes room for twice the height.
    expect(ecgLayout(leads, 10, 10, 50).widthMm).toBe(10 + 500);
    expect(ecgLayout(leads, 10, 20, 25).heightMm).toBe(4 * 60);
    expect(ecgLayout(leads, 10, 5, 25).heightMm).toBe(4 * 25);
  });

  it('gives a recording that is not a 12-lead one row per channel', () => {
    const layout = ecgLayout(['Pleth', 'ABP'], 4, 10, 25);
    expect(layout.traces.map((t) => [t.lead, t.baselineMm, t.isRhythm])).toEqual([
      ['Pleth', 15, true],
      ['ABP', 45, true],
    ]);
  });

  it('places samples: 25 mm per second across, gain mm per mV up from the baseline', () => {
    const values = [0, 1.5, -0.5];
    const placement = { lead: 'II', fromS: 0, toS: 10, xMm: 10, baselineMm: 105, isRhythm: true };
    expect(tracePoints(values, 500, placement, 10, 25)).toEqual([10, 105, 10.05, 90, 10.1, 110]);
    expect(tracePoints(values, 500, placement, 20, 50)).toEqual([10, 105, 10.1, 75, 10.2, 115]);
  });
});

describe('heart rate', () => {
  /** A lead with narrow R waves every `rrS` seconds, 10 s at 500 Hz. */
  function beats(rrS: number, jitter: (beat: number) => number = () => 0): Float64Array {
    const values = new Float64Array(5000);
    for (let beat = 0, t = 0.4; t < 10; beat++, t = 0.4 + beat * rrS + jitter(beat)) {
      for (let n = 0; n < values.length; n++) values[n]! += 1.5 * Math.exp(-((n / 500 - t) ** 2) / (2 * 0.01 ** 2));
    }
    return values;
  }

  it('is 75/min for R waves every 800 ms', () => {
    expect(heartRateOf(beats(0.8), 500)).toEqual({ bpm: 75, rrMs: 800, beats: 12 });
  });

  it('gives no figure for an irregular rhythm or a flat line', () => {
    expect(heartRateOf(beats(0.8, (beat) => (beat % 2 ? 0.3 : 0)), 500)).toBeUndefined();
    expect(heartRateOf(new Float64Array(5000), 500)).toBeUndefined();
  });
});
