import { useEffect, useMemo, useState } from 'react';
import type { ArchiveClient, StudySummary } from '@longview/dicomweb';
import type { KeyObjectTitle, MeasurementReport } from '@longview/measurement-report';
import { useKeyImages } from './useKeyImages';
import { loadedRender } from '../render/loadRender';
import { bearerWriteProblem } from './readerIdentity';
import { reportAuthorText } from './reportOrigin';
import { hasUnsavedMeasurements, pageMeasurementsOf } from './reportContent';
import { useResultsOutbox } from './ResultsOutboxProvider';
import type { ResultsOutbox } from './outbox';
import { useUnsavedResultsStore } from '../state/unsavedResultsStore';
import { studyKeyOf, useResultsStore } from './resultsStore';
import { planSave, studyContextOf, type SavePlan } from './saveResults';
import { usePageMeasurements } from './usePageMeasurements';
import { useSavedResults, type SavedResults } from './useSavedResults';

/** PS3.16 CID 7010 titles offered for the reader's key images. */
const KEY_IMAGE_TITLES: readonly KeyObjectTitle[] = ['Of Interest', 'For Conference', 'For Teaching', 'For Referring Provider', 'For Surgery', 'For Therapy'];

const NO_ITEMS: readonly number[] = [];

/** "saved 14:02 by Okafor, Ngozi · 2 earlier versions" (or "by the AI device NodeFinder (…)"). */
export function savedLine(report: Pick<MeasurementReport, 'contentDateTime' | 'observerName' | 'device'>, earlierCount: number): string {
  const savedAt = report.contentDateTime;
  const time = savedAt ? savedAt.toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' }) : 'at an unknown time';
  const earlier = earlierCount > 0 ? ` · ${earlierCount} earlier ${earlierCount === 1 ? 'version' : 'versions'}` : '';
  return `saved ${time} by ${reportAuthorText(report)}${earlier}`;
}

type SaveMessage = { kind: 'info' | 'problem'; text: string } | undefined;

/** Whether a save can start now; when it cannot, what the reader is told (and never a silent refusal). */
type SaveReadiness = { kind: 'refused'; message: NonNullable<SaveMessage> } | { kind: 'ready'; study: StudySummary; readerName: string; outbox: ResultsOutbox };

function saveReadiness(archive: ArchiveClient, hasUnsaved: boolean, study: StudySummary | undefined, saved: SavedResults, outbox: ResultsOutbox | undefined): SaveReadiness {
  const refused = (kind: 'info' | 'problem', text: string): SaveReadiness => ({ kind: 'refused', message: { kind, text } });
  const access = archive.writeAccess();
  if (access.kind === 'read-only') return refused('problem', `Cannot save: ${access.reason}.`);
  if (archive.config.auth.kind === 'bearer') {
    const problem = bearerWriteProblem(archive.config.name);
    if (problem) return refused('problem', `Cannot save: ${problem}`);
  }
  if (!hasUnsaved) return refused('info', 'Nothing new to save.');
  if (!study || saved.readerName === undefined || saved.state === 'loading') return refused('info', 'Still reading what was saved before; try again in a moment.');
  if (saved.state === 'failed') return refused('problem', `Cannot save: the reports already in ${archive.config.name} could not be read, so a new version could not name the one it replaces.`);
  if (!outbox) return refused('problem', 'Cannot save: this browser cannot keep results (storage is switched off).');
  return { kind: 'ready', study, readerName: saved.readerName, outbox };
}

/** Once the outbox holds a save: the page's measurements show as saved in the new report, and the new report and key images as the reader's latest. */
function showSaved(key: string, plan: SavePlan, readerName: string) {
  const { setJustSaved, setJustSavedKeyImages, clearKeyImageToggles, markShown } = useResultsStore.getState();
  if (plan.report && plan.itemOfUid) {
    const report = plan.report;
    loadedRender()?.markMeasurementsSaved(
      new Map([...plan.itemOfUid].map(([uid, itemIndex]) => [uid, { reportSopInstanceUid: report.sopInstanceUid, itemIndex, readerName, savedAt: report.contentDateTime?.toISOString(), reportedValues: undefined }])),
    );
    markShown(key, report.sopInstanceUid, [...plan.itemOfUid.values()]);
    setJustSaved(key, report);
  }
  if (plan.keyImages) {
    setJustSavedKeyImages(key, plan.keyImages);
    clearKeyImageToggles(key);
  }
}

/** While anything is unsaved, the app knows (in-app links ask first) and so does the browser (reloading or closing asks first). */
function useUnsavedGuard(hasUnsaved: boolean) {
  const setHasUnsaved = useUnsavedResultsStore((state) => state.setHasUnsaved);
  useEffect(() => setHasUnsaved(hasUnsaved), [hasUnsaved, setHasUnsaved]);
  useEffect(() => () => setHasUnsaved(false), [setHasUnsaved]);
  useEffect(() => {
    if (!hasUnsaved) return undefined;
    // The browser's own "leave site?" for reloads and closing; in-app links ask through confirmLeavingUnsaved.
    const onBeforeUnload = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [hasUnsaved]);
}

/** Ctrl+S (Cmd+S) saves, instead of the browser's "save page". */
function useSaveShortcut(save: () => Promise<void>) {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key.toLowerCase() !== 's' || !(event.ctrlKey || event.metaKey) || event.altKey) return;
      event.preventDefault(); // not the browser's "save page"
      void save();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });
}

/** What the key images are for, as their Key Object Selection will say. */
function KeyImageTitleChoice({ title, onChange }: { title: KeyObjectTitle; onChange: (title: KeyObjectTitle) => void }) {
  return (
    <label className="save-results-title">
      <span className="visually-hidden">Key images are saved as</span>
      <select value={title} onChange={(event) => onChange(event.target.value as KeyObjectTitle)} aria-label="Key images are saved as" title="What the key images are for (PS3.16 CID 7010)">
        {KEY_IMAGE_TITLES.map((option) => (
          <option key={option} value={option}>
            ★ {option}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Why the last save did not happen (or that there was nothing to save), until dismissed. */
function SaveMessageLine({ message, onDismiss }: { message: NonNullable<SaveMessage>; onDismiss: () => void }) {
  return (
    <span className={`save-results-message ${message.kind}`} role={message.kind === 'problem' ? 'alert' : 'status'}>
      <span data-testid="save-message">{message.text}</span>
      <button type="button" className="save-results-dismiss" aria-label="Dismiss this message" onClick={onDismiss}>
        ×
      </button>
    </span>
  );
}

/**
 * Save (and Ctrl+S): the reader's measurements of this study as a new version of their TID 1500
 * report, and their key images as a new Key Object Selection, into the study's own archive
 * through the durable outbox. Says why when the archive cannot take them; never hidden. While
 * anything is unsaved, leaving the page asks first.
 */
export function SaveResults({ archive, studyUid, study }: { archive: ArchiveClient; studyUid: string; study: StudySummary | undefined }) {
  const outbox = useResultsOutbox();
  const measurements = usePageMeasurements();
  const saved = useSavedResults(archive, studyUid);
  const keyImages = useKeyImages(archive, studyUid);
  const key = studyKeyOf(archive.id, studyUid);
  const shown = useResultsStore((state) => state.shown[key]);
  const [title, setTitle] = useState<KeyObjectTitle>('Of Interest');
  const [message, setMessage] = useState<SaveMessage>(undefined);

  const page = useMemo(() => pageMeasurementsOf(measurements, studyUid), [measurements, studyUid]);
  const shownItems = useMemo(() => new Set(shown && shown.reportSopInstanceUid === saved.mine?.sopInstanceUid ? shown.items : NO_ITEMS), [shown, saved.mine]);
  const areMeasurementsUnsaved = hasUnsavedMeasurements(page, saved.mine, shownItems);
  const hasUnsaved = areMeasurementsUnsaved || keyImages.hasUnsaved;
  useUnsavedGuard(hasUnsaved);

  const save = async () => {
    const readiness = saveReadiness(archive, hasUnsaved, study, saved, outbox);
    if (readiness.kind === 'refused') return setMessage(readiness.message);
    const firstImageId = measurements.find((m) => m.studyInstanceUid === studyUid && m.imageId)?.imageId;
    let plan: SavePlan;
    try {
      plan = await planSave({
        archive,
        study: studyContextOf(readiness.study, firstImageId ? loadedRender()?.getRegisteredMetadata(firstImageId) : undefined),
        readerName: readiness.readerName,
        savedAt: new Date(),
        ...(areMeasurementsUnsaved ? { measurements: { page, latest: saved.mine, shownItems } } : {}),
        ...(keyImages.hasUnsaved ? { keyImages: { images: keyImages.minePending, title, latest: keyImages.mine } } : {}),
      });
    } catch (error) {
      const reason = error instanceof Error && 'userMessage' in error ? String(error.userMessage) : 'the report could not be written.';
      return setMessage({ kind: 'problem', text: `Not saved: ${reason}` });
    }
    try {
      await readiness.outbox.enqueue(plan.entries);
    } catch {
      return setMessage({ kind: 'problem', text: 'Not saved: this browser could not keep the results. Nothing was lost from the page; try again.' });
    }
    showSaved(key, plan, readiness.readerName);
    setMessage(undefined);
  };
  useSaveShortcut(save);

  const status = hasUnsaved ? 'Unsaved changes' : saved.mine ? savedLine(saved.mine, saved.mineEarlierCount) : undefined;
  return (
    <div className="save-results" data-testid="save-results" data-unsaved={hasUnsaved} data-report-uid={saved.mine?.sopInstanceUid}>
      <button type="button" className="header-button" onClick={() => void save()} title="Save your measurements and key images to the study's archive (Ctrl+S)">
        Save
      </button>
      <KeyImageTitleChoice title={title} onChange={setTitle} />
      <span className="save-results-status" data-testid="save-status" title={status}>
        {status ?? 'Nothing saved yet'}
      </span>
      {message ? <SaveMessageLine message={message} onDismiss={() => setMessage(undefined)} /> : null}
    </div>
  );
}
