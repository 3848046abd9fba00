import type { CSSProperties, ReactNode } from 'react';
import { SPECIALTY_LABELS, type axisTicks, type Specialty, type TimeBin, type TimelineStudy } from '@longview/timeline';
import type { LanesLayout, PlacedMark } from './lanesLayout';
import type { MarkPosition } from './TimelineEntryButton';
import { LABEL_WIDTH_PX } from './useTimelineZoom';

type Ticks = ReturnType<typeof axisTicks>;
export type RenderEntry = (entry: TimelineStudy, position: MarkPosition | undefined, mode: 'cards' | 'dots') => ReactNode;
export type RenderBin = (specialty: Specialty, bin: TimeBin<TimelineStudy>, style: CSSProperties) => ReactNode;

/** The time axis above the lanes: its ticks and their labels. */
export function TimelineAxis({ ticks, trackWidth }: { ticks: Ticks; trackWidth: number }) {
  return (
    <div className="timeline-axis" style={{ width: trackWidth + LABEL_WIDTH_PX }}>
      <div className="lane-label" />
      <div className="axis-track" style={{ width: trackWidth }}>
        {ticks.map((tick) => (
          <span key={tick.day} className={`axis-tick${tick.isMajor ? ' major' : ''}`} style={{ left: tick.x }}>
            {tick.label}
          </span>
        ))}
      </div>
    </div>
  );
}

/** One specialty's lane: its label and count, the major grid lines and its marks in rows (those drawn). */
export function TimelineLane(props: {
  specialty: Specialty;
  placed: readonly PlacedMark[];
  layout: Pick<LanesLayout, 'mode' | 'size'>;
  trackWidth: number;
  ticks: Ticks;
  isDrawn: (mark: PlacedMark) => boolean;
  renderEntry: RenderEntry;
  renderBin: RenderBin;
}) {
  const { specialty, placed, layout, trackWidth } = props;
  const rows = Math.max(1, ...placed.map((p) => p.row + 1));
  const count = placed.reduce((n, mark) => n + (mark.kind === 'bin' ? mark.bin.items.length : 1), 0);
  const top = (row: number) => 4 + row * (layout.size.height + 4);
  return (
    <section
      className={`timeline-lane lane-${specialty}`}
      data-testid="timeline-lane"
      data-specialty={specialty}
      aria-label={SPECIALTY_LABELS[specialty]}
      style={{ width: trackWidth + LABEL_WIDTH_PX }}
    >
      <h3 className="lane-label">
        {SPECIALTY_LABELS[specialty]} <span className="muted">{count}</span>
      </h3>
      <div className="lane-track" style={{ width: trackWidth, height: rows * (layout.size.height + 4) + 4 }}>
        {props.ticks
          .filter((t) => t.isMajor)
          .map((tick) => (
            <span key={tick.day} className="grid-line" style={{ left: tick.x }} />
          ))}
        {placed.filter(props.isDrawn).map((mark) =>
          mark.kind === 'bin'
            ? props.renderBin(specialty, mark.bin, { left: mark.x, top: top(mark.row), width: mark.width, height: layout.size.height })
            : props.renderEntry(mark.entry, { left: mark.x, top: top(mark.row) }, layout.mode === 'cards' ? 'cards' : 'dots'),
        )}
      </div>
    </section>
  );
}

/** The studies without a date, as cards after the lanes; none, no lane. */
export function UndatedLane({ undated, renderEntry }: { undated: readonly TimelineStudy[]; renderEntry: RenderEntry }) {
  if (undated.length === 0) return null;
  return (
    <section className="timeline-lane undated" aria-label="Studies without a date">
      <h3 className="lane-label">Undated</h3>
      <div className="lane-track undated-track">{undated.map((entry) => renderEntry(entry, undefined, 'cards'))}</div>
    </section>
  );
}

interface TimelineBinButtonProps {
  specialty: Specialty;
  bin: TimeBin<TimelineStudy>;
  style: CSSProperties;
  /** The bin counts the study that takes the lanes' Tab stop. */
  holdsFocus: boolean;
  /** ...and that study is the selected one. */
  isCurrent: boolean;
  register: (element: HTMLButtonElement | null) => void;
  onZoomInto: () => void;
}

/** A month or year of one lane's studies, counted (bins mode): a click zooms in on it. */
export function TimelineBinButton({ specialty, bin, style, holdsFocus, isCurrent, register, onZoomInto }: TimelineBinButtonProps) {
  const label = `${bin.items.length} ${bin.items.length === 1 ? 'study' : 'studies'} in ${bin.label}, ${SPECIALTY_LABELS[specialty]}; zoom in`;
  return (
    <button
      type="button"
      className={`timeline-bin${isCurrent ? ' focused' : ''}`}
      data-testid="timeline-bin"
      data-unit={bin.unit}
      data-bin={bin.id}
      data-count={bin.items.length}
      data-specialty={specialty}
      style={style}
      tabIndex={holdsFocus ? 0 : -1}
      aria-label={label}
      aria-current={isCurrent ? 'true' : undefined}
      title={label}
      ref={register}
      onClick={onZoomInto}
    >
      {bin.items.length}
    </button>
  );
}
