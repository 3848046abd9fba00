import { useEffect } from 'react';
import type { ArchiveClient, SeriesSummary } from '@longview/dicomweb';
import type { Roi, RoiPlacement, Segment, SegmentMeasurement } from '@longview/segmentation';
import type { SegmentationsState } from './findingSegment';
import { FindingsSection, useSegmentFindings } from './FindingsPanel';
import { lookOf, useSegmentationStore } from './segmentationStore';
import { storedApartText } from './separateResults';
import { useSeparateResultsStudies } from './useSeparateResultsStudies';
import { useSegmentUptake, type SegmentUptake } from './useSegmentUptake';
import { segmentationSeriesOf, segmentJumpOf, useTumorBoardObjects, type StoredApart, type StudySegmentation, type StudyStructureSet } from './useTumorBoardObjects';

/** "manual", or "AI: <device, version>" for a segment an algorithm made (issue 27's wording). */
export function segmentSourceText(segment: Segment): string {
  const { source } = segment;
  if (source.kind === 'manual') return source.creator ? `manual (${source.creator.replace(/\^/g, ' ').trim()})` : 'manual';
  const device = [source.manufacturer, source.model].filter(Boolean).join(' ') || source.algorithmName || 'unnamed algorithm';
  const version = source.softwareVersions.join(' ') || source.algorithmVersion;
  return `AI: ${device}${version ? `, ${version}` : ''}`;
}

/** The segment's volume in ml, or why there is none (a wrong number is worse than none). */
export function segmentVolumeText(measurement: SegmentMeasurement | undefined): string {
  if (!measurement) return 'volume not available';
  if (measurement.volume.kind === 'unavailable') return `volume not available: ${measurement.volume.reason}`;
  return `${measurement.volume.ml < 10 ? measurement.volume.ml.toFixed(2) : measurement.volume.ml.toFixed(1)} ml`;
}

const cssColour = (rgb: readonly number[] | undefined) => (rgb ? `rgb(${rgb.join(', ')})` : 'transparent');

/** SUVbw max and mean over a segment, or why not (never a number the data cannot support). */
export function segmentUptakeText(uptake: SegmentUptake | undefined): string {
  if (!uptake) return 'SUV: computing…';
  if (uptake.kind === 'unavailable') return `SUV not available: ${uptake.reason}`;
  return `SUVmax ${uptake.max.toFixed(2)} · SUVmean ${uptake.mean.toFixed(2)} g/ml`;
}

function SegmentRow({ entry, segment, measurement, uptake }: { entry: Extract<StudySegmentation, { kind: 'read' }>; segment: Segment; measurement: SegmentMeasurement | undefined; uptake: SegmentUptake | undefined }) {
  const uid = entry.sopInstanceUid;
  const isHidden = useSegmentationStore((state) => lookOf(state.looks, uid).hidden.includes(segment.number));
  const isSelected = useSegmentationStore((state) => state.selected?.segmentationUid === uid && state.selected.segmentNumber === segment.number);
  const setSegmentHidden = useSegmentationStore((state) => state.setSegmentHidden);
  const select = useSegmentationStore((state) => state.select);
  const jumpTo = segmentJumpOf(entry, segment.number);
  return (
    <li
      className={`segment${isSelected ? ' selected' : ''}`}
      data-testid="segment"
      data-segment-number={segment.number}
      data-source={segment.source.kind}
      data-volume-ml={measurement?.volume.kind === 'measured' ? measurement.volume.ml.toFixed(3) : undefined}
      data-hidden={isHidden}
    >
      <input type="checkbox" checked={!isHidden} disabled={!entry.check.isShowable} aria-label={`Show ${segment.label}`} onChange={(event) => setSegmentHidden(uid, segment.number, !event.target.checked)} />
      <span className="segment-swatch" style={{ background: cssColour(segment.colour) }} aria-hidden="true" />
      <button type="button" className="segment-name" disabled={!jumpTo} title={jumpTo ? `Go to the centre slice of ${segment.label}` : undefined} onClick={() => select(uid, segment.number, jumpTo)}>
        {segment.label}
      </button>
      <span className="segment-source" data-testid="segment-source">
        {segmentSourceText(segment)}
      </span>
      <span className="segment-volume" data-testid="segment-volume">
        {segmentVolumeText(measurement)}
      </span>
      <span
        className="segment-volume"
        data-testid="segment-suv"
        data-suv-max={uptake?.kind === 'measured' ? uptake.max.toFixed(4) : undefined}
        data-suv-mean={uptake?.kind === 'measured' ? uptake.mean.toFixed(4) : undefined}
      >
        {segmentUptakeText(uptake)}
      </span>
    </li>
  );
}

/** A SEG or RTSTRUCT that could not be read at all: only the reason. */
function UnreadableObject({ testId, sopInstanceUid, message }: { testId: string; sopInstanceUid: string; message: string }) {
  return (
    <section className="segmentation" data-testid={testId} data-sop-instance-uid={sopInstanceUid}>
      <p className="measurement-note" role="alert">
        {message}
      </p>
    </section>
  );
}

/** What the checks found wrong with a SEG or RTSTRUCT, each in its sentence: an error as an alert, a note as a note. */
function ObjectProblems({ testId, problems }: { testId: string; problems: ReadonlyArray<{ kind: string; severity: 'error' | 'note'; message: string }> }) {
  return (
    <>
      {problems.map((problem) => (
        <p key={problem.kind} className="measurement-note" role={problem.severity === 'error' ? 'alert' : undefined} data-testid={testId} data-kind={problem.kind}>
          {problem.message}
        </p>
      ))}
    </>
  );
}

/** Where a SEG from a separate study about this one is stored ("stored in a separate study, 2024-09-11"). */
function StoredApartNote({ storedApart }: { storedApart: StoredApart | undefined }) {
  if (!storedApart) return null;
  return (
    <p className="measurement-note" data-testid="segmentation-stored-apart" data-study-uid={storedApart.studyInstanceUid}>
      {storedApartText(storedApart.studyDate)}
    </p>
  );
}

function SegmentationItem({ entry, archive, studyUid, series }: { entry: StudySegmentation; archive: ArchiveClient; studyUid: string; series: readonly SeriesSummary[] | undefined }) {
  const uptake = useSegmentUptake(archive, studyUid, series, entry.kind === 'read' && entry.check.isShowable ? entry.segmentation : undefined);
  const opacity = useSegmentationStore((state) => lookOf(state.looks, entry.sopInstanceUid).opacity);
  const setOpacity = useSegmentationStore((state) => state.setOpacity);
  if (entry.kind === 'unreadable') {
    const message = entry.storedApart ? `${entry.message} (${storedApartText(entry.storedApart.studyDate)})` : entry.message;
    return <UnreadableObject testId="segmentation" sopInstanceUid={entry.sopInstanceUid} message={message} />;
  }
  const { segmentation, check, measurements } = entry;
  return (
    <section className="segmentation" data-testid="segmentation" data-sop-instance-uid={entry.sopInstanceUid} data-showable={check.isShowable} data-stored-apart={entry.storedApart?.studyInstanceUid}>
      <StoredApartNote storedApart={entry.storedApart} />
      <ObjectProblems testId="segmentation-problem" problems={check.problems} />
      {check.isShowable ? (
        <label className="segmentation-opacity">
          Opacity <input type="range" min={0} max={100} value={Math.round(opacity * 100)} onChange={(event) => setOpacity(entry.sopInstanceUid, Number(event.target.value) / 100)} />
        </label>
      ) : null}
      <ol aria-label="Segments">
        {segmentation.segments.map((segment) => (
          <SegmentRow
            key={segment.number}
            entry={entry}
            segment={segment}
            // A SEG that is not shown gives no numbers either: they would describe voxels that do not lie on its images.
            measurement={check.isShowable ? measurements.find((m) => m.segmentNumber === segment.number) : undefined}
            uptake={
              !check.isShowable
                ? { kind: 'unavailable', reason: 'the segmentation is not shown' }
                : uptake.error
                  ? { kind: 'unavailable', reason: 'the PET could not be read' }
                  : uptake.data?.get(segment.number)
            }
          />
        ))}
      </ol>
    </section>
  );
}

function RoiRow({ entry, roi, placement }: { entry: Extract<StudyStructureSet, { kind: 'read' }>; roi: Roi; placement: RoiPlacement | undefined }) {
  const uid = entry.sopInstanceUid;
  const isHidden = useSegmentationStore((state) => lookOf(state.looks, uid).hidden.includes(roi.number));
  const setHidden = useSegmentationStore((state) => state.setSegmentHidden);
  const select = useSegmentationStore((state) => state.select);
  const seriesUid = entry.check.referencedSeries?.seriesInstanceUid;
  const centre = placement?.centreSopInstanceUid;
  const jumpTo = centre && seriesUid && entry.check.isShowable ? { seriesUid, sopInstanceUid: centre } : undefined;
  return (
    <li className="segment" data-testid="roi" data-roi-number={roi.number} data-slice-count={placement?.sliceCount} data-hidden={isHidden}>
      <input type="checkbox" checked={!isHidden} disabled={!entry.check.isShowable} aria-label={`Show ${roi.name}`} onChange={(event) => setHidden(uid, roi.number, !event.target.checked)} />
      <span className="segment-swatch" style={{ background: cssColour(roi.colour) }} aria-hidden="true" />
      <button type="button" className="segment-name" disabled={!jumpTo} title={jumpTo ? `Go to the centre slice of ${roi.name}` : undefined} onClick={() => select(uid, roi.number, jumpTo)}>
        {roi.name}
      </button>
      <span className="segment-source">
        {[roi.interpretedType, roi.generationAlgorithm?.toLowerCase()].filter(Boolean).join(', ') || 'type not given'}
        {placement ? ` · ${placement.sliceCount} slice${placement.sliceCount === 1 ? '' : 's'}` : ''}
      </span>
    </li>
  );
}

function StructureSetItem({ entry }: { entry: StudyStructureSet }) {
  if (entry.kind === 'unreadable') return <UnreadableObject testId="structure-set" sopInstanceUid={entry.sopInstanceUid} message={entry.message} />;
  const { structureSet, check } = entry;
  return (
    <section className="segmentation" data-testid="structure-set" data-sop-instance-uid={entry.sopInstanceUid} data-showable={check.isShowable}>
      <ObjectProblems testId="structure-set-problem" problems={check.problems} />
      <ol aria-label={`Structures of ${structureSet.label ?? 'the structure set'}`}>
        {structureSet.rois.map((roi) => (
          <RoiRow key={roi.number} entry={entry} roi={roi} placement={check.rois.find((placement) => placement.roiNumber === roi.number)} />
        ))}
      </ol>
    </section>
  );
}

/**
 * The study's segmentations (DICOM SEG) and structure sets (RTSTRUCT): per segment its name,
 * colour, maker (manual, or the AI device and version), volume and whether it is shown; per
 * structure its name, colour, type and slices; then the findings reports state on the segments
 * (FindingsPanel). A click goes to its centre slice. Shown only for a study that has a SEG or
 * RTSTRUCT series, or a report with a finding on a segment.
 */
export function SegmentationPanel({ archive, studyUid, series }: { archive: ArchiveClient; studyUid: string; series: readonly SeriesSummary[] | undefined }) {
  const objects = useTumorBoardObjects(archive, studyUid, series);
  const findings = useSegmentFindings(archive, studyUid);
  const separate = useSeparateResultsStudies(archive, studyUid);
  // The looks belong to this study's objects: another study starts from the defaults.
  useEffect(() => () => useSegmentationStore.getState().reset(), [studyUid]);
  const hasObjectSeries =
    (series?.some((s) => s.modality === 'SEG' || s.modality === 'RTSTRUCT') ?? false) || separate.studies.some((study) => segmentationSeriesOf(study.series).length > 0);
  if (!hasObjectSeries && findings.length === 0) return null;
  const { segmentations = [], structureSets = [] } = objects.data ?? {};
  // Without a SEG series the study has no segmentation a finding could be on (the query never runs).
  const segmentationsState: SegmentationsState = !hasObjectSeries
    ? separate.settled
      ? { kind: 'read', objects: { segmentations: [] } }
      : { kind: 'reading' }
    : objects.error
      ? { kind: 'failed' }
      : objects.data
        ? { kind: 'read', objects: objects.data }
        : { kind: 'reading' };
  return (
    <aside className="measurement-panel segmentation-panel" aria-label="Segmentations and structures" data-testid="segmentation-panel">
      {hasObjectSeries && objects.isPending ? <p className="measurement-note">Reading the segmentations and structure sets…</p> : null}
      {objects.error ? (
        <p className="measurement-note" role="alert">
          The segmentations and structure sets could not be read from {archive.config.name}.
        </p>
      ) : null}
      {segmentations.length > 0 ? <h2>Segmentations</h2> : null}
      {segmentations.map((entry) => (
        <SegmentationItem key={entry.sopInstanceUid} entry={entry} archive={archive} studyUid={studyUid} series={series} />
      ))}
      <FindingsSection findings={findings} segmentations={segmentationsState} />
      {structureSets.length > 0 ? <h2>Structures</h2> : null}
      {structureSets.map((entry) => (
        <StructureSetItem key={entry.sopInstanceUid} entry={entry} />
      ))}
    </aside>
  );
}
