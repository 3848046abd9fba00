/**
 * The part of dcmjs we use (it ships no type declarations): Part-10 read and write. Elements
 * are in the DICOM JSON model (PS3.18 F.2) keyed by 8-hex-digit tag, sequences holding nested
 * datasets and bulk data (PixelData) holding ArrayBuffers, one per frame for encapsulated syntaxes.
 */
declare module 'dcmjs' {
  export interface DcmjsElement {
    vr: string;
    Value?: unknown[];
    InlineBinary?: string;
  }
  export type DcmjsDataset = Record<string, DcmjsElement>;
  export class DicomDict {
    constructor(meta: DcmjsDataset);
    meta: DcmjsDataset;
    dict: DcmjsDataset;
    write(options?: { allowInvalidVRLength?: boolean; fragmentMultiframe?: boolean }): ArrayBuffer;
  }
  export const data: {
    DicomDict: typeof DicomDict;
    DicomMessage: {
      readFile(buffer: ArrayBuffer, options?: { ignoreErrors?: boolean; untilTag?: string; includeUntilTagValue?: boolean }): DicomDict;
    };
    DicomMetaDictionary: {
      naturalizeDataset(dataset: DcmjsDataset): Record<string, unknown>;
    };
  };
  const dcmjs: { data: typeof data };
  export default dcmjs;
}
