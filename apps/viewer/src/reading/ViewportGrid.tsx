import { useCallback, useMemo, useState, type Dispatch, type MutableRefObject, type SetStateAction } from 'react';
import { cellDropHandlers, type DraggedSeries } from './dragSeries';
import { formatDicomDate } from '@longview/dicom-meta';
import type { ArchiveClient, StudySummary } from '@longview/dicomweb';
import type { SharedCase, SharedCell } from '@longview/shared-view';
import { LivePointerLayer } from '../board/LivePointerLayer';
import { contentOfCell } from '../board/sharedCase';
import { publishLivePointer } from '../board/liveStore';
import { useReadingStore } from '../state/readingStore';
import type { TimelineStudy } from '../timeline/usePatientTimeline';
import { geometryOf } from './cellGeometry';
import { cellViewportId, type GridState } from '../state/gridState';
import { ReferenceLines } from './ReferenceLines';
import { CellViewport, type CellRuntime } from './CellViewport';
import { useGridSync, type SyncedCell, type SyncNote } from './useGridSync';
import type { ReadingPrior } from './useReadingPrior';

/** What the study viewer's keys ask of the grid. */
export interface GridCommands {
  alignToActive: () => void;
  linkHere: () => void;
}

export interface PriorForGrid {
  archive: ArchiveClient;
  study: TimelineStudy;
  summary: StudySummary | undefined;
}

interface ViewportGridProps {
  grid: GridState;
  archive: ArchiveClient;
  studyUid: string;
  study: StudySummary | undefined;
  prior: PriorForGrid | undefined;
  priorState: ReadingPrior['kind'];
  activeIndex: number;
  onActivate: (index: number) => void;
  maximisedIndex: number | undefined;
  onToggleMaximise: (index: number) => void;
  onDropSeries: (index: number, series: DraggedSeries) => void;
  onFirstImage: () => void;
  commandsRef: MutableRefObject<GridCommands | undefined>;
  /** Cells the hanging protocol keeps for the prior while it is being looked for. */
  awaitingPrior: readonly number[];
  /** A shared view (link, agenda, live presenter) for this grid's cells to take on. */
  sharedCase?: { shared: SharedCase; key: number } | undefined;
  /**
   * The phone layout: only the active cell is shown, filling the grid. The others stay mounted
   * at their grid size (hidden), so switching cells is instant and synchronisation keeps working.
   */
  isSingleCell?: boolean;
}

function emptyCellMessage(isForPrior: boolean, priorState: ReadingPrior['kind']): string {
  if (!isForPrior) return 'Drag a series here';
  if (priorState === 'searching') return 'Looking for the prior…';
  if (priorState === 'not-this-patient') return 'The prior named in this link is not one of this patient’s studies: not shown.';
  return 'No prior study found';
}

const SYNC_NOTES: Record<Exclude<SyncNote, undefined>, string> = {
  'outside-range': 'No slice at this level',
  'needs-link': 'Other frame of reference: press Shift+Y to link',
};

/** The view a shared case asks of this cell, when the cell shows the series it names. */
function sharedViewOf(sharedCase: ViewportGridProps['sharedCase'], cell: GridState['cells'][number], index: number): { cell: SharedCell; key: number } | undefined {
  const sharedCell = sharedCase?.shared.cells[index];
  if (!sharedCell || !cell) return undefined;
  const shown = contentOfCell(sharedCell);
  const isSame =
    shown.study === cell.study &&
    shown.seriesUid === cell.seriesUid &&
    (shown.sopInstanceUid ?? '') === (cell.sopInstanceUid ?? '') &&
    (shown.display ?? '') === (cell.display ?? '') &&
    (shown.fusedSeriesUid ?? '') === (cell.fusedSeriesUid ?? '');
  return isSame ? { cell: sharedCell, key: sharedCase?.key ?? 0 } : undefined;
}

/** Over a prior's cell: whose study, when, and from which archive. */
function PriorBanner({ prior }: { prior: PriorForGrid }) {
  return (
    <div className="cell-banner prior" data-testid="prior-banner" data-study-uid={prior.study.studyInstanceUid} data-study-date={prior.study.studyDate}>
      <strong>PRIOR</strong> {formatDicomDate(prior.study.studyDate)} · {prior.study.description ?? ''} · {prior.study.patientId ?? ''} · {prior.archive.config.name}
    </div>
  );
}

interface GridCellProps {
  grid: ViewportGridProps;
  cell: GridState['cells'][number];
  index: number;
  contentKey: string;
  runtime: Record<number, CellRuntime>;
  note: SyncNote;
  isDropTarget: boolean;
  setDropTarget: Dispatch<SetStateAction<number | undefined>>;
  onRuntime: (index: number, change: Partial<CellRuntime>) => void;
  showReferenceLines: boolean;
}

/**
 * One cell of the grid: its series' viewport (or why it is empty), the prior's banner, a sync
 * note, the live pointer layer; a drop target for series cards, double click to maximise.
 */
function GridCell(props: GridCellProps) {
  const { grid, cell, index, runtime, note, isDropTarget } = props;
  const { prior, activeIndex, maximisedIndex } = grid;
  const { rows, columns } = grid.grid.layout;
  const isPrior = cell?.study === 'prior';
  const cellStudyUid = isPrior ? prior?.study.studyInstanceUid : grid.studyUid;
  const isActive = index === activeIndex;
  const isMaximised = index === maximisedIndex;
  const active = runtime[activeIndex];
  const className = ['viewport-cell', isActive ? 'active' : '', isMaximised ? 'maximised' : '', isPrior ? 'prior' : '', isDropTarget ? 'drop-target' : ''].filter(Boolean).join(' ');
  return (
    <div
      className={className}
      data-testid="viewport-cell"
      data-cell-index={index}
      data-study-role={cell?.study}
      data-study-uid={cell ? cellStudyUid : undefined}
      data-series-uid={cell?.seriesUid}
      data-sop-instance-uid={cell?.sopInstanceUid}
      data-active={isActive}
      data-maximised={isMaximised}
      data-sync-note={note}
      onPointerDownCapture={() => grid.onActivate(index)}
      onPointerMove={(event) => {
        const rect = event.currentTarget.getBoundingClientRect();
        publishLivePointer({ cell: index, x: (event.clientX - rect.left) / rect.width, y: (event.clientY - rect.top) / rect.height });
      }}
      onPointerLeave={() => publishLivePointer(undefined)}
      onDoubleClick={() => grid.onToggleMaximise(index)}
      {...cellDropHandlers(index, props.setDropTarget, grid.onDropSeries)}
    >
      {isPrior && prior ? <PriorBanner prior={prior} /> : null}
      {note ? (
        <div className="cell-sync-note" role="status">
          {SYNC_NOTES[note]}
        </div>
      ) : null}
      <LivePointerLayer cellIndex={index} />
      <CellViewport
        cell={cell}
        contentKey={props.contentKey}
        archive={isPrior ? prior?.archive : grid.archive}
        studyUid={cellStudyUid}
        study={grid.study}
        cellStudy={isPrior ? prior?.summary : grid.study}
        viewportId={cellViewportId(index)}
        isActive={isActive}
        onActivate={() => grid.onActivate(index)}
        onFirstImage={grid.onFirstImage}
        onRuntime={(change) => props.onRuntime(index, change)}
        sharedView={sharedViewOf(grid.sharedCase, cell, index)}
        isInDenseGrid={rows >= 2 && columns >= 2}
        frameOverlay={props.showReferenceLines && !isActive && active ? <ReferenceLines source={active} target={{ viewer: runtime[index]?.viewer, stack: runtime[index]?.stack }} /> : null}
        emptyMessage={emptyCellMessage(isPrior || grid.awaitingPrior.includes(index), grid.priorState)}
      />
    </div>
  );
}

/**
 * The viewports of a reading, rows × columns. Each cell is a full stack viewport (its own
 * overlay, tools and measurements); a prior's cell says so, with its date and record, above
 * the image. Cells take series dropped from the series lists; double-click maximises.
 */
export function ViewportGrid(props: ViewportGridProps) {
  const { grid, activeIndex, maximisedIndex, isSingleCell = false } = props;
  const [runtime, setRuntime] = useState<Record<number, CellRuntime>>({});
  const [notes, setNotes] = useState<Record<number, SyncNote>>({});
  const [dropTarget, setDropTarget] = useState<number | undefined>(undefined);
  const showReferenceLines = useReadingStore((state) => state.showReferenceLines);

  const update = useCallback((index: number, change: Partial<CellRuntime>) => {
    setRuntime((current) => ({ ...current, [index]: { viewer: undefined, stack: undefined, ...current[index], ...change } }));
  }, []);
  const note = useCallback((index: number, value: SyncNote) => {
    setNotes((current) => (current[index] === value ? current : { ...current, [index]: value }));
  }, []);

  const cellKeys = grid.cells.map((cell) => (cell ? `${cell.study}:${cell.seriesUid}:${cell.sopInstanceUid ?? ''}:${cell.display ?? ''}:${cell.fusedSeriesUid ?? ''}` : ''));
  const synced = useMemo<SyncedCell[]>(
    () =>
      grid.cells.map((cell, i) => {
        const own = runtime[i];
        const isCurrent = cell !== undefined && own?.stack !== undefined;
        return { seriesUid: cell?.seriesUid ?? `empty-${i}`, viewer: isCurrent ? own?.viewer : undefined, geometry: isCurrent ? geometryOf(own?.stack) : undefined };
      }),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- cellKeys stands for grid.cells' content
    [runtime, cellKeys.join('|')],
  );
  const sync = useGridSync(synced, activeIndex, note);
  props.commandsRef.current = sync;

  const { rows, columns } = grid.layout;
  return (
    <div
      className={`viewport-grid${maximisedIndex !== undefined ? ' has-maximised' : ''}${isSingleCell ? ' single-cell' : ''}`}
      data-testid="viewport-grid"
      data-layout={`${rows}x${columns}`}
      style={{ gridTemplateRows: `repeat(${rows}, minmax(0, 1fr))`, gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))` }}
    >
      {grid.cells.map((cell, index) => (
        <GridCell
          key={index}
          grid={props}
          cell={cell}
          index={index}
          contentKey={cellKeys[index] ?? ''}
          runtime={runtime}
          note={notes[index]}
          isDropTarget={dropTarget === index}
          setDropTarget={setDropTarget}
          onRuntime={update}
          showReferenceLines={showReferenceLines}
        />
      ))}
    </div>
  );
}
