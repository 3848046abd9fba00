import { dicomDateToDay, type Specialty, type TimelineStudy } from '@longview/timeline';

/**
 * The study an arrow key (or Home / End) moves the focus to: ←/→ through the studies in time,
 * ↑/↓ to the nearest in date in the lane above or below. Undefined for any other key.
 */
export function studyForKey(
  key: string,
  order: readonly TimelineStudy[],
  dated: readonly TimelineStudy[],
  lanes: readonly Specialty[],
  focusedKey: string | undefined,
): { target: TimelineStudy | undefined } | undefined {
  const index = order.findIndex((e) => e.key === focusedKey);
  const current = order[index];
  switch (key) {
    case 'ArrowRight':
      return { target: order[Math.min(index + 1, order.length - 1)] ?? order[0] };
    case 'ArrowLeft':
      return { target: order[Math.max(index - 1, 0)] };
    case 'Home':
      return { target: order[0] };
    case 'End':
      return { target: order[order.length - 1] };
    case 'ArrowDown':
    case 'ArrowUp': {
      if (!current) return { target: order[0] };
      const laneIndex = lanes.indexOf(current.specialty);
      const lane = lanes[laneIndex + (key === 'ArrowDown' ? 1 : -1)];
      const day = dicomDateToDay(current.studyDate) ?? 0;
      const nearest = dated
        .filter((e) => e.specialty === lane)
        .sort((a, b) => Math.abs((dicomDateToDay(a.studyDate) ?? 0) - day) - Math.abs((dicomDateToDay(b.studyDate) ?? 0) - day))[0];
      return { target: nearest ?? current };
    }
    default:
      return undefined;
  }
}

/**
 * What a timeline entry publishes on its element, the same in the lanes and in the phone's
 * list: which study, archive, lane and date, and whether it comes from an earlier answer.
 */
export function entryDataAttributes(entry: TimelineStudy) {
  return {
    'data-testid': 'timeline-entry',
    'data-study-uid': entry.studyInstanceUid,
    'data-archive': entry.archiveId,
    'data-specialty': entry.specialty,
    'data-date': entry.studyDate ?? '',
    'data-stale': entry.isStale ? 'true' : undefined,
  } as const;
}
