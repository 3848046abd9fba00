import { useRef, useState } from 'react';
import { useParams, useSearchParams } from 'react-router-dom';
import { useArchives } from '../archives/ArchivesContext';
import { useSeriesList, useStudy } from '../archives/queries';
import { useStudyOpenedAudit } from '../audit/useViewAudit';
import { useReadingCapture } from '../board/useReadingCapture';
import { useSharedCaseView } from '../board/useSharedCaseView';
import { ArchiveErrorBanner } from '../study/ArchiveErrorBanner';
import { UnknownArchive } from '../archives/UnknownArchive';
import { MeasurementPanel } from '../results/MeasurementPanel';
import { ShortcutSheet } from '../keyboard/ShortcutSheet';
import { StudyHeader } from '../study/StudyHeader';
import { StudySeriesBrowsers } from '../study/StudySeriesBrowsers';
import { ExportDialog } from '../export/ExportDialog';
import { useExportAudit } from '../export/reportExport';
import { droppedSeriesRole } from '../reading/dragSeries';
import { cellViewportId } from '../state/gridState';
import { useGridEditing } from '../reading/useGridEditing';
import { useReadingCommands } from '../reading/useReadingCommands';
import { useStudyGrid } from '../reading/useStudyGrid';
import { ReadingArea } from '../reading/ReadingArea';
import { cellChoicesOf } from '../reading/cellChoices';
import type { GridCommands } from '../reading/ViewportGrid';
import { useViewerPrefsStore } from '../state/viewerPrefsStore';

/** The viewport an export captures: the active cell's, else the only one. */
function activeViewportElement(): HTMLElement | null {
  return document.querySelector<HTMLElement>('.viewport-cell.active [data-testid="viewport"]') ?? document.querySelector<HTMLElement>('[data-testid="viewport"]');
}

/**
 * One study: patient banner, series browser(s) and a grid of stack viewports. The URL holds
 * the grid (`?series=` for one viewport, else layout, cells and prior: UIDs and numbers only);
 * a study opened without them is hung by its hanging protocol, with its prior where it wants one.
 */
export function StudyViewer() {
  const { archiveId = '', studyUid = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const archive = useArchives().byId(archiveId);
  const study = useStudy(archive, studyUid);
  const onExported = useExportAudit(archive, study.data);
  const seriesList = useSeriesList(archive, studyUid);
  useStudyOpenedAudit(archive, studyUid, study);
  const [firstImageShown, setFirstImageShown] = useState(false);
  const [isExportOpen, setIsExportOpen] = useState(false);
  const [isShareOpen, setIsShareOpen] = useState(false);
  const [activeIndex, setActiveIndex] = useState(0);
  const [maximisedIndex, setMaximisedIndex] = useState<number | undefined>(undefined);
  const commandsRef = useRef<GridCommands | undefined>(undefined);
  const reading = useStudyGrid(archive, studyUid, study, seriesList.data, params, setParams);
  const { grid, priorStudy, priorArchive, priorRef } = reading;
  const sharedCase = useSharedCaseView(archiveId, studyUid, params, setParams, { setActiveIndex, setMaximisedIndex });
  useReadingCapture(archiveId, studyUid, grid, activeIndex, maximisedIndex);

  const cellCount = grid ? grid.layout.rows * grid.layout.columns : 1;
  const active = Math.min(activeIndex, cellCount - 1);
  const activeCell = grid?.cells[active];
  const { placeSeries, changeLayout, saveProtocol, savedMessage } = useGridEditing(grid, setParams, {
    study: study.data,
    series: seriesList.data,
    priorSeries: reading.priorSeries.data,
    facts: reading.currentFacts,
    onSeriesPlaced: () => setFirstImageShown(false),
    onLayoutChanged: () => setMaximisedIndex(undefined),
  });
  const selectSeries = (seriesUid: string) => placeSeries(active, { study: 'current', seriesUid });
  const openShare = () => setIsShareOpen(true);
  const isDialogOpen = isExportOpen || isShareOpen;
  useReadingCommands({ archiveId, studyUid, series: seriesList.data, active, activeCell, cellCount, commandsRef, changeLayout, selectSeries, setActiveIndex, setMaximisedIndex, openShare, isDialogOpen });

  const isHelpOpen = useViewerPrefsStore((state) => state.isShortcutHelpOpen);
  if (!archive) return <UnknownArchive />;
  const activeModality = seriesList.data?.find((s) => s.seriesInstanceUid === activeCell?.seriesUid)?.modality ?? study.data?.modalities[0];
  return (
    <div className="study-viewer">
      <StudyHeader archive={archive} archiveId={archiveId} studyUid={studyUid} study={study} isShareOpen={isShareOpen} onShareOpen={setIsShareOpen} onExport={seriesList.data?.length ? () => setIsExportOpen(true) : undefined} />
      {study.error ? <ArchiveErrorBanner archiveName={archive.config.name} error={study.error} onRetry={() => void study.refetch()} /> : null}
      <div className="viewer-body">
        <StudySeriesBrowsers
          archive={archive}
          studyUid={studyUid}
          series={seriesList}
          prior={priorStudy && priorArchive ? { archive: priorArchive, study: priorStudy, series: reading.priorSeries } : undefined}
          activeCell={activeCell}
          onSelect={(role, seriesUid) => placeSeries(active, { study: role, seriesUid })}
          loadThumbnails={firstImageShown}
        />
        <ReadingArea
          grid={grid}
          placeholder={seriesList.isPending || study.isPending ? 'Loading series…' : seriesList.data?.length === 0 ? 'No series to show.' : 'Arranging the viewports…'}
          toolbar={{
            onLayout: changeLayout,
            protocolName: reading.protocolName,
            onAlign: () => commandsRef.current?.alignToActive(),
            onLinkHere: () => commandsRef.current?.linkHere(),
            onSaveProtocol: study.data ? saveProtocol : undefined,
            savedMessage,
          }}
          cellChoices={grid ? cellChoicesOf(grid.cells, seriesList.data, reading.priorSeries.data, priorStudy?.studyDate) : []}
          archive={archive}
          studyUid={studyUid}
          study={study.data}
          prior={priorStudy && priorArchive ? { archive: priorArchive, study: priorStudy, summary: reading.priorSummary.data } : undefined}
          priorState={reading.prior.kind}
          activeIndex={active}
          onActivate={setActiveIndex}
          maximisedIndex={maximisedIndex}
          onToggleMaximise={(index) => setMaximisedIndex((current) => (current === undefined ? index : undefined))}
          onDropSeries={(index, dropped) => {
            const role = droppedSeriesRole(dropped, { archiveId, studyUid }, priorRef);
            if (role) placeSeries(index, { study: role, seriesUid: dropped.seriesUid });
          }}
          onFirstImage={() => setFirstImageShown(true)}
          commandsRef={commandsRef}
          awaitingPrior={reading.awaitingPrior}
          sharedCase={sharedCase}
        />
        {/* The page's, not a cell's: every cell of the grid keeps the same size. */}
        <MeasurementPanel activeViewportId={cellViewportId(active)} />
      </div>
      {isHelpOpen ? <ShortcutSheet modality={activeModality} /> : null}
      {isExportOpen && seriesList.data ? (
        <ExportDialog
          archive={archive}
          studyUid={studyUid}
          series={seriesList.data}
          selectedSeriesUid={activeCell?.study === 'current' ? activeCell.seriesUid : seriesList.data[0]?.seriesInstanceUid}
          viewportElement={activeViewportElement}
          onClose={() => setIsExportOpen(false)}
          onExported={onExported}
        />
      ) : null}
    </div>
  );
}
