// dcmjs ships no type declarations, and packages/deidentify declares the module 'dcmjs' for the
// whole program (Part-10 read and write only); a second `declare module 'dcmjs'` would clash
// with it. As in packages/measurement-report, this package describes the few parts of dcmjs it
// uses and views the module object through that description: one cast, here.
import dcmjs from 'dcmjs';

/** A dataset in dcmjs's naturalized form: attribute keywords to values, sequences as arrays of items. */
export type NaturalizedDataset = Readonly<Record<string, unknown>>;

type DenaturalizedDataset = Record<string, { vr: string; Value?: unknown[] }>;

interface Dcmjs {
  data: {
    DicomMessage: {
      readFile(buffer: ArrayBuffer): { meta: DenaturalizedDataset; dict: DenaturalizedDataset };
    };
    DicomMetaDictionary: {
      naturalizeDataset(dataset: DenaturalizedDataset): Record<string, unknown>;
    };
    Colors: {
      /** DICOM CIELab (PS3.3 C.10.7.1.1: D50, scaled to 0..65535) → 8-bit sRGB, rounded and clamped. */
      dicomlab2RGB8(dicomLab: readonly number[]): number[];
    };
  };
}

export const dcmjsLibrary = dcmjs as unknown as Dcmjs;
