import type { KeyboardEvent } from 'react';
import { formatDicomDate, formatPersonName } from '@longview/dicom-meta';
import type { StudySummary } from '@longview/dicomweb';

/**
 * Keyboard-first, the same for a row and a card: arrows move between studies, Enter opens one,
 * T its patient's timeline. Only studies are stepped to, never the spacer rows of a virtualised
 * table; the row focused is scrolled into view by the browser, which draws the rows beyond it.
 */
export function onStudyKeyDown(event: KeyboardEvent<HTMLElement>, study: StudySummary, onOpen: (study: StudySummary) => void, onOpenTimeline: (study: StudySummary) => void) {
  if (event.target !== event.currentTarget) return;
  if (event.key === 'Enter') onOpen(study);
  if (event.key === 't') onOpenTimeline(study);
  const item = event.currentTarget;
  const next = event.key === 'ArrowDown' ? item.nextElementSibling : event.key === 'ArrowUp' ? item.previousElementSibling : null;
  if (next instanceof HTMLElement && next.dataset.studyUid !== undefined) {
    event.preventDefault();
    next.focus();
  }
}

/** A study's patient timeline, from its row or card (out of the Tab order: T does it from the keyboard). */
export function TimelineButton({ study, onOpenTimeline, className }: { study: StudySummary; onOpenTimeline: (study: StudySummary) => void; className?: string }) {
  return (
    <button
      type="button"
      className={className}
      tabIndex={-1}
      title="Everything imaged for this patient, in every archive (T)"
      onClick={(event) => {
        event.stopPropagation();
        onOpenTimeline(study);
      }}
    >
      Timeline
    </button>
  );
}

/** One study: a click or Enter opens it, T its patient's timeline, the arrows move between rows. */
export function StudyRow({
  study,
  archiveName,
  rowIndex,
  measure,
  onStep,
  onOpen,
  onOpenTimeline,
}: {
  study: StudySummary;
  archiveName: string | undefined;
  /** 0-based position in the whole list (its ARIA row index counts the header row too). */
  rowIndex: number;
  measure: (element: HTMLTableRowElement | null) => void;
  /** Moves the focus `step` rows from this one (or from the row still being drawn for an earlier key). */
  onStep: (rowIndex: number, step: number) => void;
  onOpen: (study: StudySummary) => void;
  onOpenTimeline: (study: StudySummary) => void;
}) {
  return (
    <tr
      ref={measure}
      tabIndex={0}
      data-index={rowIndex}
      aria-rowindex={rowIndex + 2}
      data-study-uid={study.studyInstanceUid}
      onClick={() => onOpen(study)}
      onKeyDown={(event) => {
        // By place in the list, not by DOM sibling: the next row may not be drawn yet.
        const step = event.target === event.currentTarget ? ({ ArrowDown: 1, ArrowUp: -1 } as Record<string, number>)[event.key] : undefined;
        if (step === undefined) return onStudyKeyDown(event, study, onOpen, onOpenTimeline);
        event.preventDefault();
        onStep(rowIndex, step);
      }}
    >
      <td>{formatPersonName(study.patientName)}</td>
      <td>{study.patientId}</td>
      <td>
        {formatDicomDate(study.patientBirthDate) || '—'} {study.patientSex ?? ''}
      </td>
      <td>{formatDicomDate(study.studyDate)}</td>
      <td>{study.studyDescription}</td>
      <td>{study.modalities.join(', ')}</td>
      <td>{study.accessionNumber}</td>
      <td>
        {study.seriesCount ?? '?'} / {study.instanceCount ?? '?'}
      </td>
      <td>{archiveName}</td>
      <td>
        <TimelineButton study={study} onOpenTimeline={onOpenTimeline} />
      </td>
    </tr>
  );
}
