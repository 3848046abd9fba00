import { describe, expect, it } from 'vitest';
import { rememberRefusal, streamableSeriesOf } from './seriesStream';

const series = (root: string, id: string) => `${root}/studies/1.2/series/${id}`;
const frame = (seriesUrl: string, sop: string, n = 1) => `wadors:${seriesUrl}/instances/${sop}/frames/${n}`;
const stackOf = (seriesUrl: string, count: number) => Array.from({ length: count }, (_, i) => frame(seriesUrl, `2.25.${i}`));

describe('streamableSeriesOf', () => {
  const ct = series('/dicomweb/radiology', '1.2.3');

  it('retrieves a series of single-frame instances whole', () => {
    expect(streamableSeriesOf(stackOf(ct, 8))).toBe(ct);
  });

  it('leaves small stacks, multi-frame instances and mixed series to frame-by-frame fetching', () => {
    expect(streamableSeriesOf(stackOf(ct, 7))).toBeUndefined();
    expect(streamableSeriesOf(Array.from({ length: 20 }, (_, i) => frame(ct, '2.25.9', i + 1)))).toBeUndefined();
    expect(streamableSeriesOf([...stackOf(ct, 8), frame(series('/dicomweb/radiology', '1.2.4'), '2.25.99')])).toBeUndefined();
  });

  it('does not ask an archive that does not do series retrieves again', () => {
    const refusing = series('/dicomweb/clinics', '7.7');
    // One series missing, or the archive busy, says nothing of the others.
    rememberRefusal(refusing, 404);
    rememberRefusal(refusing, 503);
    expect(streamableSeriesOf(stackOf(refusing, 10))).toBe(refusing);
    rememberRefusal(refusing, 406);
    expect(streamableSeriesOf(stackOf(refusing, 10))).toBeUndefined();
    expect(streamableSeriesOf(stackOf(series('/dicomweb/clinics', '8.8'), 10))).toBeUndefined();
    expect(streamableSeriesOf(stackOf(ct, 10))).toBe(ct);
  });
});
