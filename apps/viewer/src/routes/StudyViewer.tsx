import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useLocation, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { hangStudy, protocolFromArrangement, saveUserProtocol, type GridLayout } from '@longview/hanging-protocols';
import { useArchives } from '../archives/ArchivesContext';
import { useSeriesList, useStudy } from '../archives/queries';
import { useStudyOpenedAudit } from '../audit/useViewAudit';
import { ArchiveErrorBanner } from '../components/ArchiveErrorBanner';
import { UnknownArchive } from '../components/UnknownArchive';
import { MeasurementPanel } from '../components/MeasurementPanel';
import { PatientBanner } from '../components/PatientBanner';
import { SeriesBrowser } from '../components/SeriesBrowser';
import { ShortcutSheet } from '../components/ShortcutSheet';
import { isTyping } from '../keyboard/isTyping';
import { LAYOUT_KEYS, readingCommandForKey, type ReadingCommand } from '../keyboard/shortcuts';
import { ExportDialog } from '../export/ExportDialog';
import { useExportAudit } from '../export/reportExport';
import { stepAgenda } from '../board/agenda';
import { BoardBar } from '../board/BoardBar';
import { useBoardStore } from '../board/boardStore';
import { useLiveStore } from '../board/liveStore';
import { sharedViewKeyOf } from '../board/sharedNavigation';
import { registerReading } from '../board/readingHandle';
import { gridOfCase, isCaseOf, sharedCaseOf } from '../board/sharedCase';
import { captureViewport } from '../board/viewportCaptures';
import { cellViewportId, gridFromHanging, readGridParams, withCell, withLayout, writeGridParams, type GridState } from '../reading/gridState';
import { ReadingToolbar } from '../reading/ReadingToolbar';
import { studyFacts, useCurrentStudyFacts } from '../reading/useProtocolHanging';
import { useReadingPrior } from '../reading/useReadingPrior';
import { ViewportGrid, type GridCommands } from '../reading/ViewportGrid';
import { useReadingStore } from '../state/readingStore';
import { useViewerPrefsStore } from '../state/viewerPrefsStore';

/**
 * One study: patient banner, series browser(s) and a grid of stack viewports. The URL holds
 * the grid (`?series=` for one viewport, else layout, cells and prior: UIDs and numbers only);
 * a study opened without them is hung by its hanging protocol, with its prior where it wants one.
 */
export function StudyViewer() {
  const { archiveId = '', studyUid = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const archives = useArchives();
  const archive = archives.byId(archiveId);
  const study = useStudy(archive, studyUid);
  const onExported = useExportAudit(archive, study.data);
  const seriesList = useSeriesList(archive, studyUid);
  useStudyOpenedAudit(archive, studyUid, study);
  const [firstImageShown, setFirstImageShown] = useState(false);
  const [isExportOpen, setIsExportOpen] = useState(false);
  const [isShareOpen, setIsShareOpen] = useState(false);
  const [activeIndex, setActiveIndex] = useState(0);
  const [maximisedIndex, setMaximisedIndex] = useState<number | undefined>(undefined);
  const [savedMessage, setSavedMessage] = useState<string | undefined>(undefined);
  const commandsRef = useRef<GridCommands | undefined>(undefined);
  const reading = useReadingStore();

  // The grid the URL names, if any; otherwise the hanging protocol decides.
  const named = useMemo(() => readGridParams(params), [params]);
  const isProtocolHung = named === undefined;
  // Undefined while the study query runs (its body part chooses the protocol); null if it failed.
  const current = useCurrentStudyFacts(archive, studyUid, study.isPending ? undefined : (study.data ?? null), seriesList.data, isProtocolHung);
  const wantsPrior = (isProtocolHung && (current.protocol?.priors ?? 0) > 0) || named?.prior !== undefined;
  const prior = useReadingPrior(archive, studyUid, wantsPrior, named?.prior);
  const priorStudy = prior.kind === 'found' ? prior.study : undefined;
  const priorArchive = priorStudy ? archives.byId(priorStudy.archiveId) : undefined;
  const priorSummary = useStudy(priorArchive, priorStudy?.studyInstanceUid ?? '');
  const priorSeries = useSeriesList(priorArchive, priorStudy?.studyInstanceUid ?? '', priorArchive !== undefined);
  const priorRef = priorStudy ? { archiveId: priorStudy.archiveId, studyUid: priorStudy.studyInstanceUid } : undefined;

  // The protocol's hanging, once the current study (and the prior it wants) are known.
  const hanging = useMemo(() => {
    if (!isProtocolHung || !current.protocol || !current.facts || !current.isReady) return undefined;
    const priorFacts =
      prior.kind === 'found'
        ? priorSeries.data
          ? studyFacts(prior.study.archiveId, prior.study.studyInstanceUid, priorSummary.data, priorSeries.data)
          : undefined
        : prior.kind === 'searching'
          ? undefined
          : null;
    return hangStudy(current.protocol, current.facts, priorFacts);
  }, [isProtocolHung, current.protocol, current.facts, current.isReady, prior, priorSeries.data, priorSummary.data]);
  const isHangingSettled = hanging !== undefined && !hanging.cells.some((cell) => cell.kind === 'awaiting-prior');

  // A settled hanging goes into the URL: shareable, and stable while the reader changes it.
  // Remembered once applied: from then on the URL holds the grid, and the reader may change it.
  const [appliedProtocolName, setAppliedProtocolName] = useState<string | undefined>(undefined);
  const protocolName = hanging?.protocolName ?? appliedProtocolName;
  useEffect(() => {
    if (!isHangingSettled || !hanging) return;
    setAppliedProtocolName(hanging.protocolName);
    useReadingStore.getState().setScrollSynced(hanging.syncScroll);
    setParams(writeGridParams(gridFromHanging(hanging, priorRef)), { replace: true });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per settled hanging
  }, [isHangingSettled]);

  const grid: GridState | undefined = named ?? (hanging ? gridFromHanging(hanging, priorRef) : undefined);

  // A shared view for this study (a link, an agenda step, the live presenter): its grid goes
  // into the URL, its sync, active and maximised cell here; each cell applies its own view.
  // Taken on while following a live presenter, or on the visit the request navigated to (its
  // key in the history entry): the study opened again later opens as it would anyway.
  const target = useBoardStore((state) => state.target);
  const location = useLocation();
  const isFollowingLive = useLiveStore((state) => state.sessionId !== undefined && !state.isDetached && state.snapshot?.isPresenter === false);
  const isThisVisit = isFollowingLive || (target !== undefined && sharedViewKeyOf(location.state) === target.key);
  const sharedCase = target && isThisVisit && isCaseOf(target.shared, archiveId, studyUid) ? target : undefined;
  useEffect(() => {
    if (!sharedCase) return;
    const { shared } = sharedCase;
    const wanted = new URLSearchParams(writeGridParams(gridOfCase(shared)));
    if (wanted.toString() !== params.toString()) setParams(wanted, { replace: true, state: location.state });
    if (shared.sync) {
      useReadingStore.setState({
        isScrollSynced: shared.sync.scroll,
        isWindowSynced: shared.sync.window,
        isZoomSynced: shared.sync.zoom,
        showReferenceLines: shared.sync.referenceLines,
      });
    }
    setActiveIndex(shared.activeCell ?? 0);
    setMaximisedIndex(shared.maximisedCell);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per shared view
  }, [sharedCase?.key]);

  // What sharing reads of this reading: the grid and every cell's own view, when asked.
  const captureRef = useRef<() => ReturnType<typeof sharedCaseOf> | undefined>(() => undefined);
  captureRef.current = () => {
    if (!grid) return undefined;
    const sync = useReadingStore.getState();
    return sharedCaseOf({
      archiveId,
      studyUid,
      grid,
      captures: grid.cells.map((cell, index) => (cell ? captureViewport(cellViewportId(index)) : undefined)),
      activeCell: Math.min(activeIndex, grid.layout.rows * grid.layout.columns - 1),
      maximisedCell: maximisedIndex,
      sync: { scroll: sync.isScrollSynced, window: sync.isWindowSynced, zoom: sync.isZoomSynced, referenceLines: sync.showReferenceLines },
    });
  };
  useEffect(() => registerReading({ archiveId, studyUid, capture: () => captureRef.current() }), [archiveId, studyUid]);

  const awaitingPrior = hanging?.cells.flatMap((cell, index) => (cell.kind === 'awaiting-prior' ? [index] : [])) ?? [];
  const cellCount = grid ? grid.layout.rows * grid.layout.columns : 1;
  const active = Math.min(activeIndex, cellCount - 1);
  const activeCell = grid?.cells[active];

  const setGrid = useCallback(
    (next: GridState) => {
      setParams(writeGridParams(next), { replace: true });
    },
    [setParams],
  );

  const placeSeries = (index: number, content: GridState['cells'][number]) => {
    if (!grid) return;
    setFirstImageShown(false);
    setGrid(withCell(grid, index, content));
  };

  const changeLayout = (layout: GridLayout) => {
    if (!grid) return;
    setMaximisedIndex(undefined);
    setGrid(withLayout(grid, layout));
  };

  const saveProtocol = () => {
    if (!grid || !study.data) return;
    const modality = seriesList.data?.find((s) => s.seriesInstanceUid === grid.cells.find(Boolean)?.seriesUid)?.modality ?? study.data.modalities[0];
    if (!modality) return;
    const describe = (cell: GridState['cells'][number]) => {
      if (!cell) return undefined;
      const list = cell.study === 'prior' ? priorSeries.data : seriesList.data;
      const series = list?.find((s) => s.seriesInstanceUid === cell.seriesUid);
      const image = cell.sopInstanceUid ? current.facts?.series.flatMap((s) => s.images ?? []).find((i) => i.sopInstanceUid === cell.sopInstanceUid) : undefined;
      return { study: cell.study, modality: series?.modality, seriesDescription: series?.seriesDescription, viewPosition: image?.viewPosition, laterality: image?.laterality };
    };
    const protocol = protocolFromArrangement({ modality, bodyPart: study.data.bodyParts[0], layout: grid.layout, cells: grid.cells.map(describe), syncScroll: reading.isScrollSynced });
    try {
      saveUserProtocol(window.localStorage, protocol);
      setSavedMessage(`Saved “${protocol.name}”: used for the next ${modality} study of this kind.`);
    } catch {
      setSavedMessage('This browser does not allow saving protocols (storage is switched off).');
    }
  };

  const selectSeries = (seriesUid: string) => {
    placeSeries(active, { study: 'current', seriesUid });
  };

  const runReadingCommand = (command: ReadingCommand) => {
    const list = seriesList.data ?? [];
    const layout = LAYOUT_KEYS.find((entry) => entry.command === command);
    if (layout) return changeLayout({ rows: layout.rows, columns: layout.columns });
    switch (command) {
      case 'toggle-maximise':
        return setMaximisedIndex((current) => (current === undefined ? active : undefined));
      case 'next-cell':
        return setActiveIndex((active + 1) % cellCount);
      case 'previous-cell':
        return setActiveIndex((active - 1 + cellCount) % cellCount);
      case 'toggle-sync-scroll':
        reading.toggleScrollSync();
        if (!reading.isScrollSynced) commandsRef.current?.alignToActive();
        return undefined;
      case 'link-positions':
        return commandsRef.current?.linkHere();
      case 'toggle-sync-window':
        return reading.toggleWindowSync();
      case 'toggle-sync-zoom':
        return reading.toggleZoomSync();
      case 'toggle-reference-lines':
        return reading.toggleReferenceLines();
      case 'previous-series':
      case 'next-series': {
        if (activeCell?.study === 'prior') return undefined;
        const index = list.findIndex((s) => s.seriesInstanceUid === activeCell?.seriesUid);
        const next = list[index + (command === 'next-series' ? 1 : -1)];
        if (next) selectSeries(next.seriesInstanceUid);
        return undefined;
      }
      case 'open-timeline':
        return navigate(`/timeline/${archiveId}/${studyUid}`);
      case 'back-to-list':
        return navigate('/');
      case 'share':
        return setIsShareOpen(true);
      case 'previous-case':
      case 'next-case': {
        const next = stepAgenda(command === 'next-case' ? 1 : -1);
        if (next) navigate(next.path, { state: next.state });
        return undefined;
      }
      default:
        return undefined;
    }
  };

  // Study-level keys (keyboard/shortcuts.ts READING_SHORTCUTS); viewport keys go to the active cell.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (isTyping(event) || isExportOpen || isShareOpen || event.ctrlKey || event.metaKey || event.altKey) return;
      const command = readingCommandForKey(event.key, event.code, event.shiftKey);
      if (!command) return;
      event.preventDefault();
      runReadingCommand(command);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const isHelpOpen = useViewerPrefsStore((state) => state.isShortcutHelpOpen);
  if (!archive) {
    return <UnknownArchive />;
  }

  const activeModality = seriesList.data?.find((s) => s.seriesInstanceUid === activeCell?.seriesUid)?.modality ?? study.data?.modalities[0];
  return (
    <div className="study-viewer">
      <header className="app-header">
        <Link to="/" className="back-link" title="Back to the study list (Backspace)">
          ← Studies
        </Link>
        <PatientBanner study={study.data} isLoading={study.isPending} />
        <Link to={`/timeline/${archiveId}/${studyUid}`} className="header-link" title="Everything imaged for this patient, in every archive (T)">
          Patient timeline
        </Link>
        <BoardBar archiveId={archiveId} studyUid={studyUid} isShareOpen={isShareOpen} onShareOpen={setIsShareOpen} />
        <button type="button" className="header-button" onClick={() => setIsExportOpen(true)} disabled={!seriesList.data?.length}>
          Export…
        </button>
      </header>
      {study.error ? <ArchiveErrorBanner archiveName={archive.config.name} error={study.error} onRetry={() => void study.refetch()} /> : null}
      <div className="viewer-body">
        <div className="series-browsers">
          <SeriesBrowser
            archive={archive}
            studyUid={studyUid}
            series={seriesList.data}
            error={seriesList.error}
            isLoading={seriesList.isPending}
            onRetry={() => void seriesList.refetch()}
            selectedSeriesUid={activeCell?.study === 'current' ? activeCell.seriesUid : undefined}
            onSelect={selectSeries}
            loadThumbnails={firstImageShown}
          />
          {priorStudy && priorArchive ? (
            <section className="prior-series" aria-label="Prior study series" data-testid="prior-series">
              <h2>Prior · {priorStudy.studyDate?.replace(/^(\d{4})(\d{2})(\d{2})$/, '$1-$2-$3')}</h2>
              <SeriesBrowser
                archive={priorArchive}
                studyUid={priorStudy.studyInstanceUid}
                series={priorSeries.data}
                error={priorSeries.error}
                isLoading={priorSeries.isPending}
                onRetry={() => void priorSeries.refetch()}
                selectedSeriesUid={activeCell?.study === 'prior' ? activeCell.seriesUid : undefined}
                onSelect={(seriesUid) => placeSeries(active, { study: 'prior', seriesUid })}
                loadThumbnails={firstImageShown}
              />
            </section>
          ) : null}
        </div>
        <div className="reading-area">
          {grid ? (
            <ReadingToolbar
              layout={grid.layout}
              onLayout={changeLayout}
              protocolName={protocolName}
              onAlign={() => commandsRef.current?.alignToActive()}
              onLinkHere={() => commandsRef.current?.linkHere()}
              onSaveProtocol={study.data ? saveProtocol : undefined}
              savedMessage={savedMessage}
            />
          ) : null}
          {grid ? (
            <ViewportGrid
              grid={grid}
              archive={archive}
              studyUid={studyUid}
              study={study.data}
              prior={priorStudy && priorArchive ? { archive: priorArchive, study: priorStudy, summary: priorSummary.data } : undefined}
              priorState={prior.kind}
              activeIndex={active}
              onActivate={setActiveIndex}
              maximisedIndex={maximisedIndex}
              onToggleMaximise={(index) => setMaximisedIndex((current) => (current === undefined ? index : undefined))}
              onDropSeries={(index, dropped) => {
                const role = dropped.studyUid === studyUid && dropped.archiveId === archiveId ? 'current' : priorRef && dropped.studyUid === priorRef.studyUid && dropped.archiveId === priorRef.archiveId ? 'prior' : undefined;
                // Only this study's and its confirmed prior's series: never another patient's.
                if (role) placeSeries(index, { study: role, seriesUid: dropped.seriesUid });
              }}
              onFirstImage={() => setFirstImageShown(true)}
              commandsRef={commandsRef}
              awaitingPrior={awaitingPrior}
              sharedCase={sharedCase}
            />
          ) : (
            <div className="viewport-placeholder">{seriesList.isPending || study.isPending ? 'Loading series…' : seriesList.data?.length === 0 ? 'No series to show.' : 'Arranging the viewports…'}</div>
          )}
        </div>
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
          viewportElement={() =>
            document.querySelector<HTMLElement>('.viewport-cell.active [data-testid="viewport"]') ?? document.querySelector<HTMLElement>('[data-testid="viewport"]')
          }
          onClose={() => setIsExportOpen(false)}
          onExported={onExported}
        />
      ) : null}
    </div>
  );
}
