import { useCallback, useState } from 'react';
import type { SetURLSearchParams } from 'react-router-dom';
import type { SeriesSummary, StudySummary } from '@longview/dicomweb';
import { saveUserProtocol, type GridLayout, type StudyFacts } from '@longview/hanging-protocols';
import { useReadingStore } from '../state/readingStore';
import { arrangementProtocol } from './arrangementProtocol';
import { withCell, withLayout, writeGridParams, type GridState } from '../state/gridState';

/**
 * The reader's changes to the grid, written to the URL (the source of shareable state): a series
 * into a cell, another layout, and the arrangement saved as the protocol for studies of its kind.
 */
export function useGridEditing(
  grid: GridState | undefined,
  setParams: SetURLSearchParams,
  reading: {
    study: StudySummary | undefined;
    series: readonly SeriesSummary[] | undefined;
    priorSeries: readonly SeriesSummary[] | undefined;
    facts: StudyFacts | undefined;
    onSeriesPlaced: () => void;
    onLayoutChanged: () => void;
  },
) {
  const [savedMessage, setSavedMessage] = useState<string | undefined>(undefined);
  const setGrid = useCallback((next: GridState) => setParams(writeGridParams(next), { replace: true }), [setParams]);
  const placeSeries = (index: number, content: GridState['cells'][number]) => {
    if (!grid) return;
    reading.onSeriesPlaced();
    setGrid(withCell(grid, index, content));
  };
  const changeLayout = (layout: GridLayout) => {
    if (!grid) return;
    reading.onLayoutChanged();
    setGrid(withLayout(grid, layout));
  };
  const saveProtocol = () => {
    if (!grid || !reading.study) return;
    const syncScroll = useReadingStore.getState().isScrollSynced;
    const protocol = arrangementProtocol({ grid, study: reading.study, series: reading.series, priorSeries: reading.priorSeries, facts: reading.facts, syncScroll });
    if (!protocol) return;
    try {
      saveUserProtocol(window.localStorage, protocol);
      setSavedMessage(`Saved “${protocol.name}”: used for the next ${protocol.match.modality} study of this kind.`);
    } catch {
      setSavedMessage('This browser does not allow saving protocols (storage is switched off).');
    }
  };
  return { placeSeries, changeLayout, saveProtocol, savedMessage };
}
