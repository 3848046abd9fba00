// dcmjs reads and writes DICOM Part-10 files in the browser and in Node, with sequences,
// every transfer syntax's framing (encapsulated pixel data included) and the DICOM JSON model
// our tables work on. It is the library the corpus generator already uses (scripts/), so the
// files we export are read back by the same code that wrote the originals. Its own
// `anonymizer.cleanTags` is not used: it only empties a list of ~200 keywords (several of which,
// such as "RefImageSeq", are not dictionary keywords and so are silently skipped), never
// removes an attribute, does not remap UIDs, does not enter sequences, keeps private
// attributes and does not record PatientIdentityRemoved. packages/deidentify does those.
import dcmjs from 'dcmjs';
import { deidentifyDataset, applyBasicProfile, identifyingText, type Dataset } from './deidentify';
import type { UidRemapper } from './uidRemapper';

const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';
const DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1.99';
const TRANSFER_SYNTAX_UID = '00020010';
const IMPLEMENTATION_CLASS_UID = '00020012';
const IMPLEMENTATION_VERSION_NAME = '00020013';

/** What one de-identified file is, for the archive, the ZIP and the audit record. */
export interface DeidentifiedFile {
  bytes: Uint8Array;
  sopInstanceUid: string;
  seriesInstanceUid: string;
}

export class DeidentifyFailed extends Error {
  readonly userMessage = 'One of the images could not be read as DICOM, so the export was stopped. Nothing was saved.';
  constructor(detail: string) {
    super(`De-identification failed: ${detail}`);
    this.name = 'DeidentifyFailed';
  }
}

/**
 * De-identifies one Part-10 file. Pixel data is carried over as read (frame by frame for
 * encapsulated syntaxes, one fragment per frame), so the pixels are unchanged; burned-in
 * text in them is not touched, which is why the UI warns about BurnedInAnnotation.
 */
export function deidentifyPart10(part10: Uint8Array, uids: UidRemapper): DeidentifiedFile {
  let file: InstanceType<typeof dcmjs.data.DicomDict>;
  try {
    const buffer = part10.buffer.slice(part10.byteOffset, part10.byteOffset + part10.byteLength) as ArrayBuffer;
    file = dcmjs.data.DicomMessage.readFile(buffer);
  } catch (error) {
    throw new DeidentifyFailed(error instanceof Error ? error.message : 'unreadable file');
  }
  const original = file.dict as Dataset;
  const context = { uids, identifying: identifyingText(original) };
  const dataset = deidentifyDataset(original, context);
  const meta = applyBasicProfile(file.meta as Dataset, context);
  // dcmjs inflates a Deflated file when it reads it but does not deflate when it writes:
  // label what it writes truthfully. Every other syntax is written as it was read.
  if (firstString(meta[TRANSFER_SYNTAX_UID]) === DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN) {
    meta[TRANSFER_SYNTAX_UID] = { vr: 'UI', Value: [EXPLICIT_VR_LITTLE_ENDIAN] };
  }
  // The file was written by us now, not by the modality or archive that made the original.
  delete meta[IMPLEMENTATION_VERSION_NAME];
  meta[IMPLEMENTATION_CLASS_UID] = { vr: 'UI', Value: ['2.25.191453612924089152573227434937342826316'] };
  const out = new dcmjs.data.DicomDict(meta);
  out.dict = dataset;
  const bytes = new Uint8Array(out.write({ allowInvalidVRLength: true, fragmentMultiframe: false }));
  return {
    bytes,
    sopInstanceUid: firstString(dataset['00080018']) ?? '',
    seriesInstanceUid: firstString(dataset['0020000E']) ?? '',
  };
}

function firstString(element: Dataset[string] | undefined): string | undefined {
  const value = element?.Value?.[0];
  return typeof value === 'string' ? value : undefined;
}
