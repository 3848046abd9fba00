import { dcmjsLibrary, type NaturalizedDataset } from './dcmjsView';
import { textOf } from './naturalized';

/** Transfer syntaxes whose Pixel Data is stored as is (PS3.5 A.1–A.3, A.5): a SEG's masks can be read from them directly. */
const NATIVE_TRANSFER_SYNTAXES = new Set(['1.2.840.10008.1.2', '1.2.840.10008.1.2.1', '1.2.840.10008.1.2.1.99', '1.2.840.10008.1.2.2']);

/** A Part-10 file read into dcmjs's naturalized form, with the transfer syntax it was stored in. */
export interface Part10Dataset {
  readonly dataset: NaturalizedDataset;
  readonly transferSyntaxUid: string | undefined;
  /** Whether Pixel Data, if any, is stored uncompressed (false for JPEG, RLE and the like). */
  readonly hasNativePixelData: boolean;
}

/** A Part-10 file read, or dcmjs's reason it could not be (kept as the cause of the caller's typed error). */
export type Part10Read = ({ readonly kind: 'read' } & Part10Dataset) | { readonly kind: 'unreadable'; readonly cause: unknown };

/**
 * Reads a Part-10 file (what WADO-RS returns as application/dicom). dcmjs throws plain Errors
 * with stream offsets in them, nothing a reader can act on: the caller turns 'unreadable' into
 * its own typed error that says what could not be read, with dcmjs's error as the cause.
 */
export function readPart10(part10: ArrayBuffer): Part10Read {
  try {
    const { meta, dict } = dcmjsLibrary.data.DicomMessage.readFile(part10);
    const naturalize = dcmjsLibrary.data.DicomMetaDictionary.naturalizeDataset;
    const transferSyntaxUid = textOf(naturalize(meta), 'TransferSyntaxUID');
    const hasNativePixelData = transferSyntaxUid === undefined || NATIVE_TRANSFER_SYNTAXES.has(transferSyntaxUid);
    return { kind: 'read', dataset: naturalize(dict), transferSyntaxUid, hasNativePixelData };
  } catch (cause) {
    return { kind: 'unreadable', cause };
  }
}
