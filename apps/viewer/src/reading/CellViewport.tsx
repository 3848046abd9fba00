import type { ReactNode } from 'react';
import type { ArchiveClient, StudySummary } from '@longview/dicomweb';
import type { SharedCell } from '@longview/shared-view';
import { ContentViewport } from '../content/ContentViewport';
import { FusionViewport } from '../oncology/FusionViewport';
import { PetMipViewport } from '../oncology/PetMipViewport';
import type { SeriesStack } from '../series/seriesStack';
import type { GridState } from '../state/gridState';
import type { SyncableViewer } from './useGridSync';

/** What the grid keeps of each cell's viewer and stack, for synchronisation and reference lines. */
export interface CellRuntime {
  viewer: SyncableViewer | undefined;
  stack: SeriesStack | undefined;
}

interface CellViewportProps {
  cell: GridState['cells'][number];
  /** Changes when the cell shows other content: its viewport is then a new one. */
  contentKey: string;
  /** The archive and study of the cell's series: the current study's, or the prior's once found. */
  archive: ArchiveClient | undefined;
  studyUid: string | undefined;
  /** The current study's summary (PET/CT views take it whichever study the cell shows). */
  study: StudySummary | undefined;
  /** The summary of the study the cell shows (the prior's for a prior). */
  cellStudy: StudySummary | undefined;
  viewportId: string;
  isActive: boolean;
  onActivate: () => void;
  onFirstImage: () => void;
  onRuntime: (change: Partial<CellRuntime>) => void;
  sharedView: { cell: SharedCell; key: number } | undefined;
  isInDenseGrid: boolean;
  frameOverlay: ReactNode;
  /** What an empty cell says (drag a series here, or where the prior stands). */
  emptyMessage: string;
}

/** The viewport of one grid cell, by what the cell shows: PET/CT fusion, PET MIP, any other content; or why it is empty. */
export function CellViewport(props: CellViewportProps) {
  const { cell, contentKey, archive, studyUid, study, onRuntime, sharedView } = props;
  if (!cell || !archive || !studyUid) {
    return (
      <div className="viewport-placeholder" data-testid="empty-cell">
        {props.emptyMessage}
      </div>
    );
  }
  const where = { archive, studyUid, viewportId: props.viewportId, isActive: props.isActive, onActivate: props.onActivate };
  // A fusion and an image stack report their viewer and stack (synchronisation, reference lines) and take on a shared view.
  const synced = { onViewer: (viewer: SyncableViewer | undefined) => onRuntime({ viewer }), onStack: (stack: SeriesStack | undefined) => onRuntime({ stack }), sharedView };
  if (cell.display === 'fusion' && cell.fusedSeriesUid) {
    return (
      <FusionViewport
        key={contentKey}
        {...where}
        ctSeriesUid={cell.seriesUid}
        petSeriesUid={cell.fusedSeriesUid}
        study={study}
        {...synced}
      />
    );
  }
  if (cell.display === 'mip') return <PetMipViewport key={contentKey} {...where} petSeriesUid={cell.seriesUid} study={study} />;
  return (
    <ContentViewport
      key={contentKey}
      {...where}
      seriesUid={cell.seriesUid}
      sopInstanceUid={cell.sopInstanceUid}
      study={props.cellStudy}
      onFirstImage={props.onFirstImage}
      {...synced}
      isInDenseGrid={props.isInDenseGrid}
      frameOverlay={props.frameOverlay}
    />
  );
}
