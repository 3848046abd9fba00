import { unzlibSync, zlibSync } from 'fflate';

/**
 * The envelope of a format-1 link: UTF-8 text → zlib (RFC 1950) → base64url without padding.
 * zlib rather than raw deflate for its Adler-32 trailer: a link cut short or altered by a mail
 * client fails the checksum and reads as damaged instead of as some other view. fflate's
 * unzlibSync does not check the trailer itself (0.8.3), so openEnvelope does.
 */

/** Longer texts are refused before any work: no shared view comes near it, and it bounds memory. */
export const MAX_ENVELOPE_LENGTH = 65_536;
/** Inflating stops here, so a crafted link cannot expand into gigabytes (deflate reaches ~1000:1). */
const MAX_INFLATED_BYTES = 1_048_576;

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const SEXTET_OF = new Map([...ALPHABET].map((char, value) => [char, value]));

function toBase64Url(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const chunk = ((bytes[i] as number) << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const sextets = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
    for (let s = 0; s < sextets; s++) text += ALPHABET[(chunk >> (18 - 6 * s)) & 63];
  }
  return text;
}

/** The bytes of unpadded base64url text, undefined when any character or the length is impossible. */
function fromBase64Url(text: string): Uint8Array | undefined {
  if (text.length % 4 === 1) return undefined;
  const bytes = new Uint8Array(Math.floor((text.length * 6) / 8));
  let buffer = 0;
  let bits = 0;
  let at = 0;
  for (const char of text) {
    const sextet = SEXTET_OF.get(char);
    if (sextet === undefined) return undefined;
    buffer = ((buffer << 6) | sextet) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[at++] = (buffer >> bits) & 0xff;
    }
  }
  // The leftover bits of the last character must be zero, as an encoder writes them (RFC 4648 3.5).
  if ((buffer & ((1 << bits) - 1)) !== 0) return undefined;
  return bytes;
}

function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (let i = 0; i < bytes.length; i++) {
    a = (a + (bytes[i] as number)) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

export function sealEnvelope(json: string): string {
  return toBase64Url(zlibSync(new TextEncoder().encode(json), { level: 9 }));
}

/**
 * What an envelope holds: its text; 'damaged' when a character, the length, the deflate data or
 * the checksum is wrong; 'not-text' when it is intact but holds no UTF-8 text (made on purpose,
 * not by a mail client).
 */
export type OpenedEnvelope = { text: string } | { failure: 'damaged' | 'not-text' };

export function openEnvelope(text: string): OpenedEnvelope {
  const damaged = { failure: 'damaged' } as const;
  if (text.length === 0 || text.length > MAX_ENVELOPE_LENGTH) return damaged;
  const bytes = fromBase64Url(text);
  if (!bytes || bytes.length < 6) return damaged;
  let inflated: Uint8Array;
  try {
    // With a fixed output buffer fflate truncates instead of growing: one byte more than the limit tells us it overflowed.
    inflated = unzlibSync(bytes, { out: new Uint8Array(MAX_INFLATED_BYTES + 1) });
  } catch {
    return damaged; // not deflate data
  }
  if (inflated.length > MAX_INFLATED_BYTES) return damaged;
  const trailer = bytes.subarray(bytes.length - 4);
  const expected = (((trailer[0] as number) << 24) | ((trailer[1] as number) << 16) | ((trailer[2] as number) << 8) | (trailer[3] as number)) >>> 0;
  if (adler32(inflated) !== expected) return damaged;
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(inflated) };
  } catch {
    return { failure: 'not-text' };
  }
}
