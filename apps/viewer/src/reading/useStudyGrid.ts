import { useEffect, useMemo, useState } from 'react';
import type { SetURLSearchParams } from 'react-router-dom';
import type { ArchiveClient, SeriesSummary, StudySummary } from '@longview/dicomweb';
import { hangStudy, studyFactsOf } from '@longview/hanging-protocols';
import { useArchives } from '../archives/ArchivesContext';
import { useSeriesList, useStudy } from '../archives/queries';
import { useReadingStore } from '../state/readingStore';
import { gridFromHanging, readGridParams, writeGridParams, type GridState } from '../state/gridState';
import { useCurrentStudyFacts } from './useProtocolHanging';
import { useReadingPrior } from './useReadingPrior';

/**
 * The grid of one study: the one the URL names (`?series=`, or layout, cells and prior), else
 * the one its hanging protocol hangs, with the prior the protocol wants. A settled hanging goes
 * into the URL once: shareable, and from then on the reader's to change.
 */
export function useStudyGrid(
  archive: ArchiveClient | undefined,
  studyUid: string,
  study: { isPending: boolean; data: StudySummary | undefined },
  series: readonly SeriesSummary[] | undefined,
  params: URLSearchParams,
  setParams: SetURLSearchParams,
) {
  const archives = useArchives();
  // The grid the URL names, if any; otherwise the hanging protocol decides.
  const named = useMemo(() => readGridParams(params), [params]);
  const isProtocolHung = named === undefined;
  // Undefined while the study query runs (its body part chooses the protocol); null if it failed.
  const current = useCurrentStudyFacts(archive, studyUid, study.isPending ? undefined : (study.data ?? null), series, isProtocolHung);
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
          ? studyFactsOf(prior.study.archiveId, prior.study.studyInstanceUid, priorSummary.data, priorSeries.data)
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
  const awaitingPrior = hanging?.cells.flatMap((cell, index) => (cell.kind === 'awaiting-prior' ? [index] : [])) ?? [];
  return { grid, protocolName, awaitingPrior, currentFacts: current.facts, prior, priorStudy, priorArchive, priorSummary, priorSeries, priorRef };
}
