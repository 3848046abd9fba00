import { describe, expect, it } from 'vitest';
import { axisTicks, fitScale, zoomLevelName } from './axis';
import { dicomDateToDay } from './entries';
import { packIntoRows } from './packing';

const day = (da: string) => dicomDateToDay(da) as number;

describe('time axis', () => {
  it('fits the whole span into the width with a margin at both ends', () => {
    const scale = fitScale(day('20160314'), day('20250120'), 1000);
    const x = (d: number) => (d - scale.startDay) * scale.pxPerDay;
    expect(x(day('20160314'))).toBeGreaterThan(0);
    expect(x(day('20250120'))).toBeLessThan(1000);
    expect(x(day('20250120')) - x(day('20160314'))).toBeGreaterThan(900);
  });

  it('labels years when zoomed out and months, then days, when zoomed in', () => {
    const years = axisTicks(fitScale(day('20160101'), day('20251231'), 1000), 1000);
    // The margin after 2025-12-31 reaches into 2026.
    expect(years.map((t) => t.label)).toEqual(['2016', '2017', '2018', '2019', '2020', '2021', '2022', '2023', '2024', '2025', '2026']);
    expect(years.every((t, i) => i === 0 || t.x > (years[i - 1]?.x ?? 0))).toBe(true);

    const months = axisTicks({ startDay: day('20231115'), pxPerDay: 3 }, 400);
    // 400 px at 3 px a day: 2023-11-15 to 2024-03-27.
    expect(months.map((t) => t.label)).toEqual(['Dec', '2024', 'Feb', 'Mar']);
    expect(months.find((t) => t.label === '2024')).toMatchObject({ isMajor: true, x: (day('20240101') - day('20231115')) * 3 });

    const days = axisTicks({ startDay: day('20240228'), pxPerDay: 60 }, 200);
    expect(days.map((t) => t.label)).toEqual(['28', '29', 'Mar 2024', '2']);
  });

  it('thins year labels to decades when a year is too narrow to label', () => {
    const ticks = axisTicks({ startDay: day('19500101'), pxPerDay: 0.05 }, 1400);
    expect(zoomLevelName(0.05)).toBe('decades');
    // 18 px a year: a label every 5 years, on round years.
    expect(ticks.map((t) => t.label)).toEqual(Array.from({ length: 16 }, (_, i) => String(1950 + 5 * i)));
  });
});

describe('packIntoRows', () => {
  it('stacks only the items that would overlap', () => {
    expect(packIntoRows([{ x: 0, width: 50 }, { x: 20, width: 50 }, { x: 60, width: 50 }, { x: 75, width: 50 }, { x: 200, width: 50 }])).toEqual([0, 1, 0, 1, 0]);
  });
});
