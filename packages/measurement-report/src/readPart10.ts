import type { DicomJson } from '@longview/dicom-meta';
import { dcmjsLibrary } from './dcmjsView';

/**
 * A Part-10 file as DICOM JSON, the form WADO-RS metadata takes: what the archive will answer
 * for a document once it is stored. dcmjs reads PN as { Alphabetic } and numbers as numbers,
 * as the JSON model has them.
 *
 * dcmjs 0.52 applies SpecificCharacterSet only to top-level elements: inside a sequence it
 * decodes text as Latin-1 (each item is read from a new stream with the default decoder), so a
 * UTF-8 'Łukasz' in a content item comes back as 'Å\u0081ukasz'. Such text is decoded again here.
 */
export function dicomJsonOfPart10(part10: ArrayBuffer): DicomJson {
  const dataset = dcmjsLibrary.data.DicomMessage.readFile(part10).dict as DicomJson;
  const isUtf8 = dataset['00080005']?.Value?.[0] === 'ISO_IR 192';
  return isUtf8 ? mapNestedText(dataset, false) : dataset;
}

function mapNestedText(dataset: DicomJson, isNested: boolean): DicomJson {
  return Object.fromEntries(
    Object.entries(dataset).map(([tag, attribute]) => {
      if (!attribute?.Value) return [tag, attribute];
      const values = attribute.Value.map((value) => {
        if (attribute.vr === 'SQ') return mapNestedText(value as DicomJson, true);
        if (!isNested) return value;
        if (typeof value === 'string') return redecodeLatin1AsUtf8(value);
        if (attribute.vr === 'PN' && value && typeof value === 'object') {
          return Object.fromEntries(Object.entries(value).map(([group, name]) => [group, typeof name === 'string' ? redecodeLatin1AsUtf8(name) : name]));
        }
        return value;
      });
      return [tag, { ...attribute, Value: values }];
    }),
  );
}

/** Text whose characters are the bytes of UTF-8, decoded as UTF-8; any other text unchanged. */
function redecodeLatin1AsUtf8(text: string): string {
  if (![...text].every((character) => character.charCodeAt(0) <= 0xff)) return text;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(text, (character) => character.charCodeAt(0)));
  } catch {
    return text;
  }
}
