/**
 * Minimal Part-10 files for tests: explicit VR little endian, enough for a decoder or a frame
 * splitter, nothing more.
 */
export type Element = { tag: [number, number]; vr: string; value: Uint8Array; undefinedLength?: boolean };

const ascii = (text: string, pad = ' ') => new TextEncoder().encode(text.length % 2 ? text + pad : text);
const us = (value: number) => new Uint8Array(new Uint16Array([value]).buffer);
const LONG_VRS = new Set(['OB', 'OW', 'SQ', 'UN', 'UT']);

function encodeElement({ tag, vr, value, undefinedLength }: Element): Uint8Array {
  const isLong = LONG_VRS.has(vr);
  const header = new DataView(new ArrayBuffer(isLong ? 12 : 8));
  header.setUint16(0, tag[0], true);
  header.setUint16(2, tag[1], true);
  header.setUint8(4, vr.charCodeAt(0));
  header.setUint8(5, vr.charCodeAt(1));
  if (isLong) header.setUint32(8, undefinedLength ? 0xffffffff : value.length, true);
  else header.setUint16(6, value.length, true);
  return concat([new Uint8Array(header.buffer), value]);
}

export function concat(pieces: Uint8Array[]): Uint8Array {
  const all = new Uint8Array(pieces.reduce((sum, piece) => sum + piece.length, 0));
  let at = 0;
  for (const piece of pieces) {
    all.set(piece, at);
    at += piece.length;
  }
  return all;
}

/** An item or delimiter of encapsulated pixel data (PS3.5 A.4): (FFFE,xxxx) and a 4-byte length. */
export function item(element: number, value: Uint8Array): Uint8Array {
  const header = new DataView(new ArrayBuffer(8));
  header.setUint16(0, 0xfffe, true);
  header.setUint16(2, element, true);
  header.setUint32(4, value.length, true);
  return concat([new Uint8Array(header.buffer), value]);
}

export function part10(
  transferSyntaxUid: string,
  image: { rows: number; columns: number; bits: number; frames: number },
  pixelData: Element,
  sopInstanceUid = '2.25.42',
): Uint8Array {
  const meta = encodeElement({ tag: [0x0002, 0x0010], vr: 'UI', value: ascii(transferSyntaxUid, '\0') });
  const groupLength = encodeElement({ tag: [0x0002, 0x0000], vr: 'UL', value: new Uint8Array(new Uint32Array([meta.length]).buffer) });
  const dataSet = [
    encodeElement({ tag: [0x0008, 0x0018], vr: 'UI', value: ascii(sopInstanceUid, '\0') }),
    encodeElement({ tag: [0x0028, 0x0002], vr: 'US', value: us(1) }),
    encodeElement({ tag: [0x0028, 0x0004], vr: 'CS', value: ascii('MONOCHROME2') }),
    encodeElement({ tag: [0x0028, 0x0008], vr: 'IS', value: ascii(String(image.frames)) }),
    encodeElement({ tag: [0x0028, 0x0010], vr: 'US', value: us(image.rows) }),
    encodeElement({ tag: [0x0028, 0x0011], vr: 'US', value: us(image.columns) }),
    encodeElement({ tag: [0x0028, 0x0100], vr: 'US', value: us(image.bits) }),
    encodeElement(pixelData),
  ];
  return concat([new Uint8Array(128), new TextEncoder().encode('DICM'), groupLength, meta, ...dataSet]);
}

