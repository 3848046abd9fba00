import type { DicomJson, DicomJsonAttribute } from '@longview/dicom-meta';

/**
 * The Waveform module (PS3.3 C.10.9): one or more multiplex groups, each a block of channels
 * sampled together. Sample values become physical values per channel:
 *   value = sample × ChannelSensitivity × ChannelSensitivityCorrectionFactor + ChannelBaseline
 * (C.10.9.1.4.3: the baseline is the offset of sample 0 from true 0, in the channel's units).
 * ECG amplitudes are read in millivolts from these numbers, so decoding must be exact.
 */
export interface MultiplexGroup {
  label: string | undefined;
  samplingFrequencyHz: number;
  samplesPerChannel: number;
  bitsAllocated: number;
  /** SS, US, SB, UB, SL, UL (PS3.3 C.10.9.1.5); mu-law/A-law audio is not decoded. */
  sampleInterpretation: string;
  channels: ChannelDefinition[];
  /** WaveformData: its bytes come inline or from the archive's bulk data address. */
  data: DicomJsonAttribute | undefined;
}

export interface ChannelDefinition {
  /** The lead or source as a person names it ("II", "aVR", "V1"). */
  label: string;
  /** The source code (ChannelSourceSequence), e.g. MDC "2:2". */
  sourceCode: string | undefined;
  sourceScheme: string | undefined;
  /** Units of sensitivity and baseline (UCUM, e.g. "uV"); undefined: arbitrary units. */
  unit: string | undefined;
  sensitivity: number;
  correctionFactor: number;
  baseline: number;
}

export interface DecodedChannel extends ChannelDefinition {
  /** Physical values in the channel's unit, one per sample. */
  values: Float64Array;
}

export class WaveformDecodeError extends Error {
  constructor(readonly detail: string) {
    super(`The waveform could not be read: ${detail}.`);
    this.name = 'WaveformDecodeError';
  }
}

const WF = {
  WaveformSequence: '54000100',
  MultiplexGroupLabel: '003A0020',
  SamplingFrequency: '003A001A',
  NumberOfWaveformChannels: '003A0005',
  NumberOfWaveformSamples: '003A0010',
  WaveformBitsAllocated: '54001004',
  WaveformSampleInterpretation: '54001006',
  WaveformData: '54001010',
  ChannelDefinitionSequence: '003A0200',
  ChannelLabel: '003A0203',
  ChannelSourceSequence: '003A0208',
  ChannelSensitivity: '003A0210',
  ChannelSensitivityUnitsSequence: '003A0211',
  ChannelSensitivityCorrectionFactor: '003A0212',
  ChannelBaseline: '003A0213',
  CodeValue: '00080100',
  CodingSchemeDesignator: '00080102',
  CodeMeaning: '00080104',
} as const;

const first = (json: DicomJson | undefined, tag: string): unknown => json?.[tag]?.Value?.[0];
const itemsOf = (json: DicomJson | undefined, tag: string): DicomJson[] =>
  (json?.[tag]?.Value ?? []).filter((item): item is DicomJson => typeof item === 'object' && item !== null);
function numberOf(json: DicomJson | undefined, tag: string, fallback: number): number {
  const raw = first(json, tag);
  const value = typeof raw === 'number' ? raw : Number.parseFloat(String(raw ?? ''));
  return Number.isFinite(value) ? value : fallback;
}
function stringOf(json: DicomJson | undefined, tag: string): string | undefined {
  const raw = first(json, tag);
  const value = raw === undefined || raw === null ? '' : String(raw).trim();
  return value === '' ? undefined : value;
}

/**
 * MDC (ISO/IEEE 11073-10101) and SCP-ECG lead codes of DICOM CID 3001, to the labels printed
 * on an ECG. Used when a channel has no ChannelLabel.
 */
const LEAD_LABELS: Readonly<Record<string, string>> = {
  '2:1': 'I', '2:2': 'II', '2:61': 'III', '2:62': 'aVR', '2:63': 'aVL', '2:64': 'aVF',
  '2:3': 'V1', '2:4': 'V2', '2:5': 'V3', '2:6': 'V4', '2:7': 'V5', '2:8': 'V6',
  '5.6.3-9-1': 'I', '5.6.3-9-2': 'II', '5.6.3-9-61': 'III', '5.6.3-9-62': 'aVR', '5.6.3-9-63': 'aVL', '5.6.3-9-64': 'aVF',
  '5.6.3-9-3': 'V1', '5.6.3-9-4': 'V2', '5.6.3-9-5': 'V3', '5.6.3-9-6': 'V4', '5.6.3-9-7': 'V5', '5.6.3-9-8': 'V6',
};

function channelLabel(channel: DicomJson, source: DicomJson | undefined, index: number): string {
  const code = stringOf(source, WF.CodeValue);
  if (code && LEAD_LABELS[code]) return LEAD_LABELS[code];
  const label = stringOf(channel, WF.ChannelLabel);
  if (label) return label;
  // "Lead II" → "II": code meanings name the lead after the word.
  const meaning = stringOf(source, WF.CodeMeaning);
  if (meaning) return meaning.replace(/^lead\s+/i, '');
  return `Channel ${index + 1}`;
}

function readChannel(channel: DicomJson, index: number): ChannelDefinition {
  const [source] = itemsOf(channel, WF.ChannelSourceSequence);
  const [unit] = itemsOf(channel, WF.ChannelSensitivityUnitsSequence);
  return {
    label: channelLabel(channel, source, index),
    sourceCode: stringOf(source, WF.CodeValue),
    sourceScheme: stringOf(source, WF.CodingSchemeDesignator),
    unit: stringOf(unit, WF.CodeValue),
    sensitivity: numberOf(channel, WF.ChannelSensitivity, 1),
    correctionFactor: numberOf(channel, WF.ChannelSensitivityCorrectionFactor, 1),
    baseline: numberOf(channel, WF.ChannelBaseline, 0),
  };
}

/** The multiplex groups described in an instance's metadata (no sample data yet). */
export function readMultiplexGroups(metadata: DicomJson): MultiplexGroup[] {
  return itemsOf(metadata, WF.WaveformSequence).map((group) => {
    const definitions = itemsOf(group, WF.ChannelDefinitionSequence);
    const declaredChannels = numberOf(group, WF.NumberOfWaveformChannels, definitions.length);
    if (declaredChannels !== definitions.length) {
      throw new WaveformDecodeError(`${declaredChannels} channels declared, ${definitions.length} defined`);
    }
    return {
      label: stringOf(group, WF.MultiplexGroupLabel),
      samplingFrequencyHz: numberOf(group, WF.SamplingFrequency, Number.NaN),
      samplesPerChannel: numberOf(group, WF.NumberOfWaveformSamples, 0),
      bitsAllocated: numberOf(group, WF.WaveformBitsAllocated, 16),
      sampleInterpretation: stringOf(group, WF.WaveformSampleInterpretation) ?? 'SS',
      channels: definitions.map(readChannel),
      data: group[WF.WaveformData],
    };
  });
}

type SampleReader = (view: DataView, offset: number) => number;
const SAMPLE_READERS: Readonly<Record<string, { bytes: number; read: SampleReader }>> = {
  SS: { bytes: 2, read: (view, offset) => view.getInt16(offset, true) },
  US: { bytes: 2, read: (view, offset) => view.getUint16(offset, true) },
  SB: { bytes: 1, read: (view, offset) => view.getInt8(offset) },
  UB: { bytes: 1, read: (view, offset) => view.getUint8(offset) },
  SL: { bytes: 4, read: (view, offset) => view.getInt32(offset, true) },
  UL: { bytes: 4, read: (view, offset) => view.getUint32(offset, true) },
};

/**
 * Physical values of every channel of `group` from its WaveformData bytes (little endian, as
 * every transfer syntax a browser receives bulk data in; channels interleaved sample by sample,
 * PS3.3 C.10.9.1.5).
 */
export function decodeMultiplexGroup(group: MultiplexGroup, bytes: Uint8Array): DecodedChannel[] {
  const reader = SAMPLE_READERS[group.sampleInterpretation];
  if (!reader) throw new WaveformDecodeError(`sample interpretation ${group.sampleInterpretation} is not supported`);
  if (reader.bytes * 8 !== group.bitsAllocated) {
    throw new WaveformDecodeError(`${group.bitsAllocated} bits allocated do not fit interpretation ${group.sampleInterpretation}`);
  }
  const channelCount = group.channels.length;
  const needed = group.samplesPerChannel * channelCount * reader.bytes;
  if (channelCount === 0 || group.samplesPerChannel <= 0) throw new WaveformDecodeError('no samples');
  if (bytes.byteLength < needed) throw new WaveformDecodeError(`${bytes.byteLength} bytes of samples, ${needed} expected`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return group.channels.map((channel, c) => {
    const scale = channel.sensitivity * channel.correctionFactor;
    const values = new Float64Array(group.samplesPerChannel);
    for (let n = 0; n < group.samplesPerChannel; n++) {
      values[n] = reader.read(view, (n * channelCount + c) * reader.bytes) * scale + channel.baseline;
    }
    return { ...channel, values };
  });
}

/** UCUM voltage units to millivolts. */
const MILLIVOLTS_PER_UNIT: Readonly<Record<string, number>> = { uV: 0.001, mV: 1, V: 1000, nV: 0.000001 };

/** The factor from a channel's unit to mV; undefined when the unit is not a voltage. */
export function millivoltsPerUnit(unit: string | undefined): number | undefined {
  return unit === undefined ? undefined : MILLIVOLTS_PER_UNIT[unit];
}
