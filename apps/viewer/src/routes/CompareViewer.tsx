import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useArchives } from '../archives/ArchivesContext';
import { useSeriesList, useStudy } from '../archives/queries';
import { ArchiveErrorBanner } from '../study/ArchiveErrorBanner';
import { MeasurementPanel } from '../results/MeasurementPanel';
import { PatientBanner } from '../study/PatientBanner';
import { ShortcutSheet } from '../keyboard/ShortcutSheet';
import { ContentViewport } from '../content/ContentViewport';
import { UnknownArchive } from '../archives/UnknownArchive';
import { useToolsMenu } from '../layout/formFactor';

/**
 * A study beside its prior. Each pane carries its own patient banner: the two studies may come
 * from different archives under different local IDs, and each is shown under its own record.
 * Keys act on the pane last clicked.
 */
export function CompareViewer() {
  const { archiveA = '', studyA = '', archiveB = '', studyB = '' } = useParams();
  const [activePane, setActivePane] = useState(0);
  // On narrow screens the active pane's toolbars open from Tools (styles/phone.css); on a phone the panes lie one over the other.
  const hasToolsMenu = useToolsMenu();
  const [isToolsOpen, setIsToolsOpen] = useState(false);
  return (
    <div className={`compare-viewer${hasToolsMenu ? ' tools-menu' : ''}${hasToolsMenu && isToolsOpen ? ' tools-open' : ''}`}>
      <header className="app-header">
        <Link to={`/timeline/${archiveA}/${studyA}`} className="back-link" title="Back to the patient's timeline">
          ← Timeline
        </Link>
        <span className="app-subtitle">Comparison with prior</span>
        {hasToolsMenu ? (
          <button type="button" className="tools-toggle" aria-expanded={isToolsOpen} data-testid="tools-toggle" onClick={() => setIsToolsOpen((open) => !open)}>
            {isToolsOpen ? 'Close tools' : 'Tools'}
          </button>
        ) : null}
      </header>
      <div className="compare-body">
        <div className="compare-panes">
          <ComparePane label="Current" archiveId={archiveA} studyUid={studyA} viewportId="compare-current" isActive={activePane === 0} onActivate={() => setActivePane(0)} />
          <ComparePane label="Prior" archiveId={archiveB} studyUid={studyB} viewportId="compare-prior" isActive={activePane === 1} onActivate={() => setActivePane(1)} />
        </div>
        <MeasurementPanel activeViewportId={activePane === 0 ? 'compare-current' : 'compare-prior'} />
      </div>
      <ShortcutSheet modality={undefined} />
    </div>
  );
}

interface ComparePaneProps {
  label: string;
  archiveId: string;
  studyUid: string;
  viewportId: string;
  isActive: boolean;
  onActivate: () => void;
}

function ComparePane({ label, archiveId, studyUid, viewportId, isActive, onActivate }: ComparePaneProps) {
  const archive = useArchives().byId(archiveId);
  const study = useStudy(archive, studyUid);
  const seriesList = useSeriesList(archive, studyUid);
  const [chosenSeries, setChosenSeries] = useState<string | undefined>(undefined);
  const selected = chosenSeries ?? seriesList.data?.[0]?.seriesInstanceUid;
  if (!archive) {
    return (
      <section className="compare-pane">
        <UnknownArchive />
      </section>
    );
  }
  return (
    <section className={`compare-pane${isActive ? ' active' : ''}`} data-testid="compare-pane" data-study-uid={studyUid} data-archive={archiveId} aria-label={`${label} study`}>
      <div className="pane-header">
        <strong className="pane-label">{label}</strong>
        <PatientBanner study={study.data} isLoading={study.isPending} />
        <span className="muted">{archive.config.name}</span>
        <label>
          Series{' '}
          <select value={selected ?? ''} onChange={(event) => setChosenSeries(event.target.value)}>
            {(seriesList.data ?? []).map((s) => (
              <option key={s.seriesInstanceUid} value={s.seriesInstanceUid}>
                #{s.seriesNumber ?? '?'} {s.seriesDescription ?? s.modality ?? 'Series'}
              </option>
            ))}
          </select>
        </label>
      </div>
      {study.error ? <ArchiveErrorBanner archiveName={archive.config.name} error={study.error} onRetry={() => void study.refetch()} /> : null}
      {seriesList.error ? <ArchiveErrorBanner archiveName={archive.config.name} error={seriesList.error} onRetry={() => void seriesList.refetch()} /> : null}
      {selected ? (
        <ContentViewport
          key={selected}
          archive={archive}
          studyUid={studyUid}
          seriesUid={selected}
          study={study.data}
          onFirstImage={() => undefined}
          viewportId={viewportId}
          isActive={isActive}
          onActivate={onActivate}
        />
      ) : (
        <div className="viewport-placeholder">{seriesList.isPending ? 'Loading series…' : 'No series to show.'}</div>
      )}
    </section>
  );
}
