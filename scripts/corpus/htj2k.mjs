// HTJ2K (JPEG 2000 Part 15) encoding/decoding with the OpenJPH WebAssembly
// build from @cornerstonejs/codec-openjph. Neither dcmtk 3.6.7 nor GDCM
// 3.0.21 can produce HTJ2K, so this is the only real encoder we have.
import { createRequire } from 'node:module';
import { TS } from './dicom-file.mjs';

const require = createRequire(import.meta.url);
let codecPromise = null;

function loadCodec() {
  // The package is an Emscripten CommonJS factory; load it once per process.
  codecPromise ??= require('@cornerstonejs/codec-openjph')();
  return codecPromise;
}

// OpenJPH progression order numbering (LRCP=0, RLCP=1, RPCL=2, PCRL=3, CPRL=4).
const RPCL = 2;

/**
 * Encodes one frame. `variant` is the target transfer syntax:
 *  - 4.201 HTJ2K Lossless: reversible 5/3 wavelet;
 *  - 4.202 HTJ2K Lossless RPCL: additionally RPCL progression with TLM
 *    markers, as PS3.5 A.4.11 requires for that syntax;
 *  - 4.203 HTJ2K: irreversible 9/7 wavelet (lossy).
 */
export async function encodeHtj2kFrame(pixels, { rows, columns, bitsStored, signed, componentCount = 1 }, variant) {
  const codec = await loadCodec();
  const encoder = new codec.HTJ2KEncoder();
  try {
    const input = encoder.getDecodedBuffer({
      width: columns,
      height: rows,
      bitsPerSample: bitsStored,
      componentCount,
      isSigned: signed,
      isUsingColorTransform: false,
    });
    input.set(new Uint8Array(pixels.buffer, pixels.byteOffset, pixels.byteLength));
    if (variant === TS.htj2k) {
      // Quantisation step for the 9/7 wavelet: small enough to stay
      // diagnostically similar, large enough to be visibly lossy in a diff.
      encoder.setQuality(false, 0.0005);
    } else {
      encoder.setQuality(true, 0);
    }
    if (variant === TS.htj2kLosslessRpcl) {
      encoder.setProgressionOrder(RPCL);
      encoder.setTLMMarker(true);
    }
    encoder.encode();
    return Uint8Array.from(encoder.getEncodedBuffer());
  } finally {
    encoder.delete();
  }
}

/** Decodes one HTJ2K codestream into raw little-endian sample bytes. */
export async function decodeHtj2kFrame(codestream) {
  const codec = await loadCodec();
  const decoder = new codec.HTJ2KDecoder();
  try {
    decoder.getEncodedBuffer(codestream.length).set(codestream);
    decoder.decode();
    return Uint8Array.from(decoder.getDecodedBuffer());
  } finally {
    decoder.delete();
  }
}
