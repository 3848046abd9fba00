import { useId, useMemo, useState } from 'react';
import {
  CALIBRATION_MARGIN_MM,
  decodeMultiplexGroup,
  ecgLayout,
  GAINS_MM_PER_MV,
  heartRateOf,
  MAJOR_SQUARE_MM,
  millivoltsPerUnit,
  MINOR_SQUARE_MM,
  pixelsPerMm,
  readMultiplexGroups,
  SPEEDS_MM_PER_S,
  tracePoints,
  WaveformDecodeError,
  type GainMmPerMv,
  type MultiplexGroup,
  type SpeedMmPerS,
} from '@longview/waveform';
import type { ContentViewportProps } from './contentProps';
import { DocumentContextBar } from './DocumentContextBar';
import { useBulkData, useFirstShown, useInstanceMetadata, useViewportCommands } from './useDocumentData';
import './documents.css';

const WAVEFORM_DATA = '54001010';

/** The group to draw: the one with the most channels (a 12-lead rhythm group over a single-lead median). */
function mainGroup(groups: MultiplexGroup[]): { group: MultiplexGroup; index: number } | undefined {
  let best: { group: MultiplexGroup; index: number } | undefined;
  groups.forEach((group, index) => {
    if (!best || group.channels.length > best.group.channels.length) best = { group, index };
  });
  return best;
}

/**
 * The series' waveform: its main multiplex group (from the metadata), the group's samples (bulk
 * data) in millivolts with the heart rate from lead II, or why it cannot be drawn.
 */
function useEcgWaveform(archive: ContentViewportProps['archive'], studyUid: string, seriesUid: string, sop: string | undefined) {
  const metadata = useInstanceMetadata(archive, studyUid, seriesUid, sop);

  const described = useMemo(() => {
    if (!metadata.data) return undefined;
    try {
      const main = mainGroup(readMultiplexGroups(metadata.data));
      return main ? { kind: 'ready' as const, ...main } : { kind: 'failed' as const, message: 'This object holds no waveform.' };
    } catch (error) {
      return { kind: 'failed' as const, message: error instanceof WaveformDecodeError ? error.message : 'The waveform could not be read.' };
    }
  }, [metadata.data]);
  const group = described?.kind === 'ready' ? described.group : undefined;
  const bytes = useBulkData(archive, sop, `${WAVEFORM_DATA}/${described?.kind === 'ready' ? described.index : 0}`, group?.data);

  const decoded = useMemo(() => {
    if (!group || !bytes.data) return undefined;
    try {
      const channels = decodeMultiplexGroup(group, bytes.data).map((channel) => {
        const factor = millivoltsPerUnit(channel.unit);
        return { label: channel.label, isVoltage: factor !== undefined, millivolts: factor === undefined ? channel.values : channel.values.map((value) => value * factor) };
      });
      const leadII = channels.find((channel) => channel.label === 'II') ?? channels[0];
      return {
        kind: 'ready' as const,
        channels,
        durationS: group.samplesPerChannel / group.samplingFrequencyHz,
        heartRate: leadII ? heartRateOf(leadII.millivolts, group.samplingFrequencyHz) : undefined,
        hasNonVoltage: channels.some((channel) => !channel.isVoltage),
      };
    } catch (error) {
      return { kind: 'failed' as const, message: error instanceof WaveformDecodeError ? error.message : 'The waveform could not be read.' };
    }
  }, [group, bytes.data]);

  const failure =
    metadata.isError || bytes.isError ? 'The waveform could not be read from the archive.' : described?.kind === 'failed' ? described.message : decoded?.kind === 'failed' ? decoded.message : undefined;
  return { metadata, group, decoded, failure };
}

/** Gain and paper speed, and the viewer's keys for them: zoom in / out steps the gain, reset restores 10 mm/mV at 25 mm/s. */
function useEcgScale(isActive: boolean) {
  const [gain, setGain] = useState<GainMmPerMv>(10);
  const [speed, setSpeed] = useState<SpeedMmPerS>(25);
  useViewportCommands(isActive, (command) => {
    switch (command) {
      case 'zoom-in':
        setGain((current) => GAINS_MM_PER_MV[Math.min(GAINS_MM_PER_MV.length - 1, GAINS_MM_PER_MV.indexOf(current) + 1)] as GainMmPerMv);
        return true;
      case 'zoom-out':
        setGain((current) => GAINS_MM_PER_MV[Math.max(0, GAINS_MM_PER_MV.indexOf(current) - 1)] as GainMmPerMv);
        return true;
      case 'reset':
      case 'default-window':
        setGain(10);
        setSpeed(25);
        return true;
      default:
        return false;
    }
  });
  return { gain, setGain, speed, setSpeed };
}

type EcgPaperContent = NonNullable<ReturnType<typeof useEcgWaveform>['decoded']> & { kind: 'ready'; layout: ReturnType<typeof ecgLayout> };

/** The paper: 1 mm / 5 mm grid, a calibration pulse per row and each lead's trace, in millimetres. */
function EcgPaper({ paper, group, gain, speed }: { paper: EcgPaperContent; group: ReturnType<typeof useEcgWaveform>['group']; gain: GainMmPerMv; speed: SpeedMmPerS }) {
  const pxPerMm = pixelsPerMm();
  const patternId = useId().replace(/:/g, '');
  return (
    <svg
      className="ecg-paper"
      data-testid="ecg-paper"
      width={paper.layout.widthMm * pxPerMm}
      height={paper.layout.heightMm * pxPerMm}
      viewBox={`0 0 ${paper.layout.widthMm} ${paper.layout.heightMm}`}
      data-px-per-mm={pxPerMm}
      role="img"
      aria-label={`12-lead ECG at ${speed} mm/s and ${gain} mm/mV`}
    >
      <defs>
        <pattern id={`${patternId}-minor`} width={MINOR_SQUARE_MM} height={MINOR_SQUARE_MM} patternUnits="userSpaceOnUse">
          <path d={`M ${MINOR_SQUARE_MM} 0 L 0 0 0 ${MINOR_SQUARE_MM}`} fill="none" stroke="#f4c6c6" strokeWidth={0.05} />
        </pattern>
        <pattern id={`${patternId}-major`} width={MAJOR_SQUARE_MM} height={MAJOR_SQUARE_MM} patternUnits="userSpaceOnUse">
          <rect width={MAJOR_SQUARE_MM} height={MAJOR_SQUARE_MM} fill={`url(#${patternId}-minor)`} />
          <path d={`M ${MAJOR_SQUARE_MM} 0 L 0 0 0 ${MAJOR_SQUARE_MM}`} fill="none" stroke="#e08a8a" strokeWidth={0.12} />
        </pattern>
      </defs>
      <rect width={paper.layout.widthMm} height={paper.layout.heightMm} fill={`url(#${patternId}-major)`} />
      {[...new Set(paper.layout.traces.map((trace) => trace.baselineMm))].map((baseline) => (
        // The 1 mV standardisation pulse: its height is the gain, in mm.
        <polyline
          key={`calibration-${baseline}`}
          data-testid="ecg-calibration"
          points={`1,${baseline} 3,${baseline} 3,${baseline - gain} 8,${baseline - gain} 8,${baseline} ${CALIBRATION_MARGIN_MM},${baseline}`}
          fill="none"
          stroke="#111"
          strokeWidth={1.2}
          vectorEffect="non-scaling-stroke"
        />
      ))}
      {paper.layout.traces.map((trace) => {
        const channel = paper.channels.find((c) => c.label === trace.lead);
        if (!channel || !group) return null;
        const points = tracePoints(channel.millivolts, group.samplingFrequencyHz, trace, gain, speed);
        let text = '';
        for (let i = 0; i < points.length; i += 2) text += `${(points[i] as number).toFixed(3)},${(points[i + 1] as number).toFixed(3)} `;
        return (
          <g key={`${trace.lead}-${trace.fromS}-${trace.isRhythm}`}>
            <text x={trace.xMm + 1} y={trace.baselineMm - Math.min(10, gain) - 2} fontSize={3.5} fill="#111" data-testid="ecg-lead-label" data-rhythm={trace.isRhythm}>
              {trace.lead}
            </text>
            <polyline points={text} fill="none" stroke="#111" strokeWidth={1.2} vectorEffect="non-scaling-stroke" strokeLinejoin="round" data-testid="ecg-trace" data-lead={trace.lead} data-rhythm={trace.isRhythm} />
          </g>
        );
      })}
    </svg>
  );
}

/**
 * A resting ECG on standard paper: 1 mm / 5 mm grid, 3 × 4 leads of 2.5 s and a lead II rhythm
 * strip, a 1 mV calibration pulse per row, at 25 or 50 mm/s and 5, 10 or 20 mm/mV. Drawn in
 * millimetres and sized at 96 CSS pixels per inch, so a ruler on a 96 dpi screen at 100 %
 * zoom reads the paper's millimetres.
 */
export function EcgViewport({ archive, studyUid, seriesUid, study, instances, isActive, onActivate, onFirstImage }: ContentViewportProps) {
  const { metadata, group, decoded, failure } = useEcgWaveform(archive, studyUid, seriesUid, instances[0]?.sopInstanceUid);
  useFirstShown(decoded?.kind === 'ready' || failure !== undefined, onFirstImage);

  const { gain, setGain, speed, setSpeed } = useEcgScale(isActive);

  const paper = decoded?.kind === 'ready' && group ? { layout: ecgLayout(decoded.channels.map((c) => c.label), decoded.durationS, gain, speed), ...decoded } : undefined;

  return (
    <section className="stack-viewport content-viewport document-viewport" aria-label="ECG waveform" data-testid="ecg-viewport" onPointerDownCapture={onActivate} onFocusCapture={onActivate}>
      <DocumentContextBar study={study} metadata={metadata.data}>
        <div className="ecg-controls" role="group" aria-label="Gain">
          {GAINS_MM_PER_MV.map((value) => (
            <button key={value} type="button" aria-pressed={gain === value} onClick={() => setGain(value)} data-testid={`ecg-gain-${value}`}>
              {value} mm/mV
            </button>
          ))}
        </div>
        <div className="ecg-controls" role="group" aria-label="Speed">
          {SPEEDS_MM_PER_S.map((value) => (
            <button key={value} type="button" aria-pressed={speed === value} onClick={() => setSpeed(value)} data-testid={`ecg-speed-${value}`}>
              {value} mm/s
            </button>
          ))}
        </div>
      </DocumentContextBar>
      <div className="document-scroll" tabIndex={0} role="region" aria-label="ECG tracing">
        {failure ? (
          <div className="viewport-message error" role="alert" data-testid="ecg-error">
            {failure}
          </div>
        ) : !paper ? (
          <div className="viewport-message" role="status">
            Opening waveform…
          </div>
        ) : (
          <>
            <div className="ecg-measurements" data-testid="ecg-measurements">
              <span data-testid="ecg-scale">
                {speed} mm/s · {gain} mm/mV
              </span>
              {paper.heartRate ? (
                <span data-testid="ecg-heart-rate">
                  {' '}
                  · HR {paper.heartRate.bpm} /min (RR {paper.heartRate.rrMs} ms)
                </span>
              ) : null}
              {group ? <span> · {group.samplingFrequencyHz} Hz, {paper.durationS.toFixed(1)} s</span> : null}
            </div>
            <EcgPaper paper={paper} group={group} gain={gain} speed={speed} />
            <p className="ecg-note">
              Drawn at {speed} mm/s and {gain} mm/mV for a 96 dpi screen at 100 % zoom; screens and printers differ, so check distances against the 1 mV calibration pulse and the 5 mm squares.
              {paper.hasNonVoltage ? ' Some channels are not in volts and are drawn unscaled.' : ''}
            </p>
          </>
        )}
      </div>
    </section>
  );
}
