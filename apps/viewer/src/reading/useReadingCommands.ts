import { useEffect, type Dispatch, type RefObject, type SetStateAction } from 'react';
import { useNavigate } from 'react-router-dom';
import type { SeriesSummary } from '@longview/dicomweb';
import type { GridLayout } from '@longview/hanging-protocols';
import { stepAgenda } from '../board/agenda';
import { isTyping } from '../keyboard/isTyping';
import { confirmLeavingUnsaved } from '../state/unsavedResultsStore';
import { LAYOUT_KEYS, readingCommandForKey, type ReadingCommand } from '../keyboard/shortcuts';
import { useReadingStore } from '../state/readingStore';
import type { GridState } from '../state/gridState';
import type { GridCommands } from './ViewportGrid';

/** The reading a study-level key acts on. */
export interface ReadingCommandTarget {
  archiveId: string;
  studyUid: string;
  series: readonly SeriesSummary[] | undefined;
  active: number;
  activeCell: GridState['cells'][number] | undefined;
  cellCount: number;
  commandsRef: RefObject<GridCommands | undefined>;
  changeLayout: (layout: GridLayout) => void;
  selectSeries: (seriesUid: string) => void;
  setActiveIndex: (index: number) => void;
  setMaximisedIndex: Dispatch<SetStateAction<number | undefined>>;
  openShare: () => void;
  /** A dialog (export, share) has the keys. */
  isDialogOpen: boolean;
}

/**
 * Study-level keys (keyboard/shortcuts.ts READING_SHORTCUTS): layout, cells, synchronisation,
 * series, timeline, sharing, agenda. Viewport keys go to the active cell.
 */
export function useReadingCommands(target: ReadingCommandTarget): void {
  const navigate = useNavigate();
  const reading = useReadingStore();
  const { archiveId, studyUid, active, activeCell, cellCount, commandsRef } = target;

  const runReadingCommand = (command: ReadingCommand) => {
    const list = target.series ?? [];
    const layout = LAYOUT_KEYS.find((entry) => entry.command === command);
    if (layout) return target.changeLayout({ rows: layout.rows, columns: layout.columns });
    switch (command) {
      case 'toggle-maximise':
        return target.setMaximisedIndex((current) => (current === undefined ? active : undefined));
      case 'next-cell':
        return target.setActiveIndex((active + 1) % cellCount);
      case 'previous-cell':
        return target.setActiveIndex((active - 1 + cellCount) % cellCount);
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
        if (next) target.selectSeries(next.seriesInstanceUid);
        return undefined;
      }
      case 'open-timeline':
        return confirmLeavingUnsaved() ? navigate(`/timeline/${archiveId}/${studyUid}`) : undefined;
      case 'back-to-list':
        return confirmLeavingUnsaved() ? navigate('/') : undefined;
      case 'share':
        return target.openShare();
      case 'previous-case':
      case 'next-case': {
        if (!confirmLeavingUnsaved()) return undefined;
        const next = stepAgenda(command === 'next-case' ? 1 : -1);
        if (next) navigate(next.path, { state: next.state });
        return undefined;
      }
      default:
        return undefined;
    }
  };

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (isTyping(event) || target.isDialogOpen || event.ctrlKey || event.metaKey || event.altKey) return;
      const command = readingCommandForKey(event.key, event.code, event.shiftKey);
      if (!command) return;
      event.preventDefault();
      runReadingCommand(command);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });
}
