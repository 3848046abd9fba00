import { useRef, useState } from 'react';
import { useParams, useSearchParams, type SetURLSearchParams } from 'react-router-dom';
import type { ArchiveClient, StudySummary } from '@longview/dicomweb';
import { useArchives } from '../archives/ArchivesContext';
import { useSeriesList, useStudy } from '../archives/queries';
import { useStudyOpenedAudit } from '../audit/useViewAudit';
import { useReadingCapture } from '../board/useReadingCapture';
import { useSharedCaseView } from '../board/useSharedCaseView';
import { ArchiveErrorBanner } from '../study/ArchiveErrorBanner';
import { UnknownArchive } from '../archives/UnknownArchive';
import { MeasurementPanel } from '../results/MeasurementPanel';
import { SegmentationPanel } from '../oncology/SegmentationPanel';
import { ShortcutSheet } from '../keyboard/ShortcutSheet';
import { StudyHeader } from '../study/StudyHeader';
import { StudySeriesBrowsers } from '../study/StudySeriesBrowsers';
import { ExportDialog } from '../export/ExportDialog';
import { useExportAudit } from '../export/reportExport';
import { droppedSeriesRole, type DraggedSeries } from '../reading/dragSeries';
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

type SeriesListQuery = ReturnType<typeof useSeriesList>;

/** What the reading area shows before it has a grid. */
function readingPlaceholder(study: ReturnType<typeof useStudy>, seriesList: SeriesListQuery): string {
  if (seriesList.isPending || study.isPending) return 'Loading series…';
  return seriesList.data?.length === 0 ? 'No series to show.' : 'Arranging the viewports…';
}

interface StudyPage {
  archiveId: string;
  studyUid: string;
  archive: ArchiveClient | undefined;
  study: ReturnType<typeof useStudy>;
  seriesList: SeriesListQuery;
  params: URLSearchParams;
  setParams: SetURLSearchParams;
}

/**
 * The study's reading: its grid (from the URL, else hung by its protocol, with its prior), the
 * active and maximised cells (a shared view may set them), and the grid's edits and keys.
 */
function useStudyReading(page: StudyPage, dialogs: { openShare: () => void; isDialogOpen: boolean; onSeriesPlaced: () => void }) {
  const { archiveId, studyUid, study, seriesList, params, setParams } = page;
  const [activeIndex, setActiveIndex] = useState(0);
  const [maximisedIndex, setMaximisedIndex] = useState<number | undefined>(undefined);
  const commandsRef = useRef<GridCommands | undefined>(undefined);
  const reading = useStudyGrid(page.archive, studyUid, study, seriesList.data, params, setParams);
  const sharedCase = useSharedCaseView(archiveId, studyUid, params, setParams, { setActiveIndex, setMaximisedIndex });
  useReadingCapture(archiveId, studyUid, reading.grid, activeIndex, maximisedIndex);

  const cellCount = reading.grid ? reading.grid.layout.rows * reading.grid.layout.columns : 1;
  const active = Math.min(activeIndex, cellCount - 1);
  const activeCell = reading.grid?.cells[active];
  const editing = useGridEditing(reading.grid, setParams, {
    study: study.data,
    series: seriesList.data,
    priorSeries: reading.priorSeries.data,
    facts: reading.currentFacts,
    onSeriesPlaced: dialogs.onSeriesPlaced,
    onLayoutChanged: () => setMaximisedIndex(undefined),
  });
  const { placeSeries, changeLayout } = editing;
  const selectSeries = (seriesUid: string) => placeSeries(active, { study: 'current', seriesUid });
  useReadingCommands({ archiveId, studyUid, series: seriesList.data, active, activeCell, cellCount, commandsRef, changeLayout, selectSeries, setActiveIndex, setMaximisedIndex, openShare: dialogs.openShare, isDialogOpen: dialogs.isDialogOpen });

  const dropSeries = (index: number, dropped: DraggedSeries) => {
    const role = droppedSeriesRole(dropped, { archiveId, studyUid }, reading.priorRef);
    if (role) placeSeries(index, { study: role, seriesUid: dropped.seriesUid });
  };
  const toggleMaximise = (index: number) => setMaximisedIndex((current) => (current === undefined ? index : undefined));
  return { ...reading, ...editing, sharedCase, commandsRef, active, activeCell, setActiveIndex, maximisedIndex, dropSeries, toggleMaximise };
}

type StudyReading = ReturnType<typeof useStudyReading>;

interface StudyReadingAreaProps {
  reading: StudyReading;
  archive: ArchiveClient;
  studyUid: string;
  study: StudySummary | undefined;
  seriesList: SeriesListQuery;
  /** What the area says before the grid is arranged. */
  placeholder: string;
  onFirstImage: () => void;
}

/** The study page's grid of viewports and its toolbar, as the reading has them. */
function StudyReadingArea({ reading, archive, studyUid, study, seriesList, placeholder, onFirstImage }: StudyReadingAreaProps) {
  const { grid, priorStudy, priorArchive, active, commandsRef } = reading;
  return (
    <ReadingArea
      grid={grid}
      placeholder={placeholder}
      toolbar={{
        onLayout: reading.changeLayout,
        protocolName: reading.protocolName,
        onAlign: () => commandsRef.current?.alignToActive(),
        onLinkHere: () => commandsRef.current?.linkHere(),
        onSaveProtocol: study ? reading.saveProtocol : undefined,
        savedMessage: reading.savedMessage,
      }}
      cellChoices={grid ? cellChoicesOf(grid.cells, seriesList.data, reading.priorSeries.data, priorStudy?.studyDate) : []}
      archive={archive}
      studyUid={studyUid}
      study={study}
      prior={priorStudy && priorArchive ? { archive: priorArchive, study: priorStudy, summary: reading.priorSummary.data } : undefined}
      priorState={reading.prior.kind}
      activeIndex={active}
      onActivate={reading.setActiveIndex}
      maximisedIndex={reading.maximisedIndex}
      onToggleMaximise={reading.toggleMaximise}
      onDropSeries={reading.dropSeries}
      onFirstImage={onFirstImage}
      commandsRef={commandsRef}
      awaitingPrior={reading.awaitingPrior}
      sharedCase={reading.sharedCase}
    />
  );
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
  const reading = useStudyReading(
    { archiveId, studyUid, archive, study, seriesList, params, setParams },
    { openShare: () => setIsShareOpen(true), isDialogOpen: isExportOpen || isShareOpen, onSeriesPlaced: () => setFirstImageShown(false) },
  );
  const { priorStudy, priorArchive, active, activeCell } = reading;

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
          onSelect={(role, seriesUid) => reading.placeSeries(active, { study: role, seriesUid })}
          loadThumbnails={firstImageShown}
        />
        <StudyReadingArea reading={reading} archive={archive} studyUid={studyUid} study={study.data} seriesList={seriesList} placeholder={readingPlaceholder(study, seriesList)} onFirstImage={() => setFirstImageShown(true)} />
        {/* The page's, not a cell's: every cell of the grid keeps the same size. */}
        <SegmentationPanel archive={archive} studyUid={studyUid} series={seriesList.data} />
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
