import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { useArchives } from '../archives/ArchivesContext';
import { useSeriesList, useStudy } from '../archives/queries';
import { useStudyOpenedAudit } from '../audit/useViewAudit';
import { ArchiveErrorBanner } from '../components/ArchiveErrorBanner';
import { UnknownArchive } from '../components/UnknownArchive';
import { PatientBanner } from '../components/PatientBanner';
import { SeriesBrowser } from '../components/SeriesBrowser';
import { StackViewport } from '../components/StackViewport';
import { isTyping } from '../keyboard/isTyping';
import { ExportDialog } from '../export/ExportDialog';
import { useExportAudit } from '../export/reportExport';

/** One study: patient banner, series browser and the stack viewport. Series UID is in the URL. */
export function StudyViewer() {
  const { archiveId = '', studyUid = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const archive = useArchives().byId(archiveId);
  const study = useStudy(archive, studyUid);
  const onExported = useExportAudit(archive, study.data);
  const seriesList = useSeriesList(archive, studyUid);
  useStudyOpenedAudit(archive, studyUid, study);
  const [firstImageShown, setFirstImageShown] = useState(false);
  const [isExportOpen, setIsExportOpen] = useState(false);

  const selectedSeries = params.get('series') ?? seriesList.data?.[0]?.seriesInstanceUid;

  const selectSeries = (seriesUid: string) => {
    setFirstImageShown(false);
    setParams({ series: seriesUid }, { replace: true });
  };

  // [ and ] step through series; Backspace returns to the list.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (isTyping(event) || isExportOpen) return;
      const list = seriesList.data ?? [];
      const index = list.findIndex((s) => s.seriesInstanceUid === selectedSeries);
      if (event.key === '[' || event.key === ']') {
        const next = list[index + (event.key === ']' ? 1 : -1)];
        if (next) selectSeries(next.seriesInstanceUid);
      } else if (event.key === 'Backspace') {
        navigate('/');
      } else if (event.key === 't' && !event.ctrlKey && !event.metaKey) {
        navigate(`/timeline/${archiveId}/${studyUid}`);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  if (!archive) {
    return <UnknownArchive />;
  }

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
        <button type="button" className="header-button" onClick={() => setIsExportOpen(true)} disabled={!seriesList.data?.length}>
          Export…
        </button>
      </header>
      {study.error ? <ArchiveErrorBanner archiveName={archive.config.name} error={study.error} onRetry={() => void study.refetch()} /> : null}
      <div className="viewer-body">
        <SeriesBrowser
          archive={archive}
          studyUid={studyUid}
          series={seriesList.data}
          error={seriesList.error}
          isLoading={seriesList.isPending}
          onRetry={() => void seriesList.refetch()}
          selectedSeriesUid={selectedSeries}
          onSelect={selectSeries}
          loadThumbnails={firstImageShown}
        />
        {selectedSeries ? (
          <StackViewport
            key={selectedSeries}
            archive={archive}
            studyUid={studyUid}
            seriesUid={selectedSeries}
            study={study.data}
            onFirstImage={() => setFirstImageShown(true)}
          />
        ) : (
          <div className="viewport-placeholder">{seriesList.isPending ? 'Loading series…' : 'No series to show.'}</div>
        )}
      </div>
      {isExportOpen && seriesList.data ? (
        <ExportDialog
          archive={archive}
          studyUid={studyUid}
          series={seriesList.data}
          selectedSeriesUid={selectedSeries}
          viewportElement={() => document.querySelector<HTMLElement>('[data-testid="viewport"]')}
          onClose={() => setIsExportOpen(false)}
          onExported={onExported}
        />
      ) : null}
    </div>
  );
}
