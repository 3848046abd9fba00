import { describe, expect, it } from 'vitest';
import { MalformedMultipart, MultipartSplitter, multipartBoundaryOf, type MultipartPart } from './multipartStream';

const BOUNDARY = 'e9f0f091-2e1d';
const encoder = new TextEncoder();

function bytesOf(...pieces: Array<string | Uint8Array>): Uint8Array {
  const encoded = pieces.map((piece) => (typeof piece === 'string' ? encoder.encode(piece) : piece));
  const all = new Uint8Array(encoded.reduce((sum, piece) => sum + piece.length, 0));
  let at = 0;
  for (const piece of encoded) {
    all.set(piece, at);
    at += piece.length;
  }
  return all;
}

/** A body whose part contents contain CRLF, hyphens and a near-boundary, as binary pixel data may. */
const PAYLOADS = [
  bytesOf('\r\n--e9f0f091-2e1c tricky\r\n', new Uint8Array([0, 255, 13, 10, 45, 45])),
  new Uint8Array(100_000).map((_, i) => (i * 31) % 256),
  new Uint8Array(0),
];

function multipartBody(withLengths: boolean): Uint8Array {
  const parts = PAYLOADS.map((payload, i) =>
    bytesOf(
      `--${BOUNDARY}\r\nContent-Type: application/dicom\r\n`,
      withLengths ? `Content-Length: ${payload.length}\r\n` : '',
      `X-Index: ${i}\r\n\r\n`,
      payload,
      '\r\n',
    ),
  );
  return bytesOf('preamble to ignore\r\n', ...parts, `--${BOUNDARY}--\r\nepilogue`);
}

function splitInChunks(body: Uint8Array, chunkSize: number): MultipartPart[] {
  const splitter = new MultipartSplitter(BOUNDARY);
  const parts: MultipartPart[] = [];
  for (let at = 0; at < body.length; at += chunkSize) parts.push(...splitter.push(body.subarray(at, at + chunkSize)));
  splitter.finish();
  expect(splitter.isComplete).toBe(true);
  return parts;
}

describe('MultipartSplitter', () => {
  for (const withLengths of [true, false]) {
    for (const chunkSize of [1, 7, 4096, 1_000_000]) {
      it(`splits ${withLengths ? 'sized' : 'delimited'} parts arriving ${chunkSize} bytes at a time`, () => {
        const parts = splitInChunks(multipartBody(withLengths), chunkSize);
        expect(parts.map((part) => part.headers.get('x-index'))).toEqual(['0', '1', '2']);
        expect(parts.map((part) => part.headers.get('content-type'))).toEqual(['application/dicom', 'application/dicom', 'application/dicom']);
        parts.forEach((part, i) => {
          expect(Array.from(part.body)).toEqual(Array.from(PAYLOADS[i] as Uint8Array));
          // Each body owns its buffer, so it can be transferred alone.
          expect([part.body.byteOffset, part.body.buffer.byteLength]).toEqual([0, part.body.length]);
        });
      });
    }
  }

  it('refuses a body cut short inside a part', () => {
    const body = multipartBody(true);
    const splitter = new MultipartSplitter(BOUNDARY);
    const parts = splitter.push(body.subarray(0, body.length - 5_000));
    expect(parts).toHaveLength(1);
    expect(() => splitter.finish()).toThrow(MalformedMultipart);
  });

  it('refuses a sized part followed by something other than a boundary', () => {
    const body = bytesOf(`--${BOUNDARY}\r\nContent-Length: 2\r\n\r\nabc\r\n--${BOUNDARY}--`);
    expect(() => new MultipartSplitter(BOUNDARY).push(body)).toThrow('followed by something other than a boundary');
  });

  it('refuses a body with no part at all', () => {
    const splitter = new MultipartSplitter(BOUNDARY);
    expect(splitter.push(encoder.encode('{"error": "not multipart"}'))).toEqual([]);
    expect(() => splitter.finish()).toThrow('no part found');
  });
});

describe('multipartBoundaryOf', () => {
  it('reads quoted and bare boundaries of multipart types only', () => {
    expect(multipartBoundaryOf('multipart/related; type="application/dicom"; boundary=abc-123')).toBe('abc-123');
    expect(multipartBoundaryOf('multipart/related; boundary="a b:c"; type="application/dicom"')).toBe('a b:c');
    expect(multipartBoundaryOf('application/json; boundary=abc')).toBeUndefined();
    expect(multipartBoundaryOf(null)).toBeUndefined();
  });
});
