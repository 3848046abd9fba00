/**
 * A multipart/related body (RFC 2046 5.1, PS3.18 8.7.3.2) split into its parts as its bytes
 * arrive, for answers too large to hold twice: a WADO-RS series retrieve brings every instance
 * of a series in one response. A part whose headers give its Content-Length is copied straight
 * into a buffer of that size; one without is found by its closing delimiter. Each part's body
 * owns its whole ArrayBuffer, so it can be transferred to another thread without a copy.
 */
export interface MultipartPart {
  /** Header names in lower case. */
  headers: ReadonlyMap<string, string>;
  body: Uint8Array<ArrayBuffer>;
}

export class MalformedMultipart extends Error {
  constructor(detail: string) {
    super(`The archive's multipart answer is malformed: ${detail}.`);
    this.name = 'MalformedMultipart';
  }
}

/** The boundary parameter of a multipart Content-Type, quoted or not; undefined if none. */
export function multipartBoundaryOf(contentType: string | null | undefined): string | undefined {
  if (!contentType || !/^\s*multipart\//i.test(contentType)) return undefined;
  const match = /;\s*boundary\s*=\s*(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return match?.[1] ?? match?.[2];
}

const CR = 13;
const LF = 10;
const HYPHEN = 45;
/** Headers longer than this are not a DICOMweb part's; stop rather than buffer without end. */
const MAX_HEADER_BYTES = 16 * 1024;

type State = 'preamble' | 'first-boundary' | 'headers' | 'sized-body' | 'delimited-body' | 'after-body' | 'done';

function indexOf(haystack: Uint8Array, needle: Uint8Array, from: number): number {
  const first = needle[0];
  const last = haystack.length - needle.length;
  for (let i = haystack.indexOf(first as number, from); i >= 0 && i <= last; i = haystack.indexOf(first as number, i + 1)) {
    let j = 1;
    while (j < needle.length && haystack[i + j] === needle[j]) j += 1;
    if (j === needle.length) return i;
  }
  return -1;
}

function parseHeaders(block: Uint8Array): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of new TextDecoder('latin1').decode(block).split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return headers;
}

export class MultipartSplitter {
  private readonly dashBoundary: Uint8Array;
  private readonly delimiter: Uint8Array;
  /** Bytes received and not yet consumed: pending.subarray(start, end). */
  private pending = new Uint8Array(64 * 1024);
  private start = 0;
  private end = 0;
  private state: State = 'preamble';
  private headers = new Map<string, string>();
  private sizedBody: Uint8Array<ArrayBuffer> = new Uint8Array(0);
  private sizedFilled = 0;
  /** Where the search for a delimiter resumes, so a long body is scanned once. */
  private scannedTo = 0;

  constructor(boundary: string) {
    const encoded = new TextEncoder().encode(`--${boundary}`);
    this.dashBoundary = encoded;
    this.delimiter = new Uint8Array([CR, LF, ...encoded]);
  }

  get isComplete(): boolean {
    return this.state === 'done';
  }

  /** Takes the next bytes of the body and returns the parts they completed. */
  push(chunk: Uint8Array): MultipartPart[] {
    const parts: MultipartPart[] = [];
    let offset = 0;
    if (this.state === 'sized-body') offset = this.fillSizedBody(chunk, parts);
    if (offset < chunk.length) this.append(chunk.subarray(offset));
    while (this.step(parts));
    return parts;
  }

  /** Says the body has ended; throws when it ended inside a part. */
  finish(): void {
    if (this.state === 'done') return;
    if (this.state === 'after-body' && this.end - this.start === 0) return; // no close delimiter: tolerated
    throw new MalformedMultipart(this.state === 'preamble' ? 'no part found' : 'it ends inside a part');
  }

  private append(bytes: Uint8Array): void {
    if (this.end + bytes.length > this.pending.length) {
      const unread = this.end - this.start;
      const needed = unread + bytes.length;
      if (needed > this.pending.length) {
        const next = new Uint8Array(Math.max(needed, this.pending.length * 2));
        next.set(this.pending.subarray(this.start, this.end));
        this.pending = next;
      } else {
        this.pending.copyWithin(0, this.start, this.end);
      }
      this.scannedTo = Math.max(0, this.scannedTo - this.start);
      this.start = 0;
      this.end = unread;
    }
    this.pending.set(bytes, this.end);
    this.end += bytes.length;
  }

  private get unread(): Uint8Array {
    return this.pending.subarray(this.start, this.end);
  }

  /** Copies what it can of `chunk` into the sized body; returns how much of the chunk it used. */
  private fillSizedBody(chunk: Uint8Array, parts: MultipartPart[]): number {
    const wanted = this.sizedBody.length - this.sizedFilled;
    const taken = Math.min(wanted, chunk.length);
    this.sizedBody.set(chunk.subarray(0, taken), this.sizedFilled);
    this.sizedFilled += taken;
    if (this.sizedFilled === this.sizedBody.length) this.emit(this.sizedBody, parts);
    return taken;
  }

  private emit(body: Uint8Array<ArrayBuffer>, parts: MultipartPart[]): void {
    parts.push({ headers: this.headers, body });
    this.state = 'after-body';
    this.scannedTo = this.start;
  }

  /** Advances through the buffered bytes by one state; false when it needs more bytes. */
  private step(parts: MultipartPart[]): boolean {
    switch (this.state) {
      case 'preamble':
        return this.readFirstBoundary();
      case 'first-boundary':
        // The first boundary has no CRLF before it: a delimiter whose CRLF was already read.
        return this.readBoundaryLine(this.dashBoundary.length);
      case 'headers':
        return this.readHeaders(parts);
      case 'sized-body': {
        const unread = this.unread;
        if (unread.length === 0) return false;
        const used = this.fillSizedBody(unread, parts);
        this.start += used;
        return true;
      }
      case 'delimited-body':
        return this.readDelimitedBody(parts);
      case 'after-body':
        return this.readDelimiter();
      case 'done':
        this.start = this.end; // the epilogue is ignored
        return false;
    }
  }

  private readFirstBoundary(): boolean {
    const at = indexOf(this.unread, this.dashBoundary, 0);
    if (at < 0) {
      if (this.end - this.start > MAX_HEADER_BYTES) throw new MalformedMultipart('no part found');
      return false;
    }
    this.start += at;
    this.state = 'first-boundary';
    return true;
  }

  private readDelimiter(): boolean {
    const unread = this.unread;
    if (unread.length < this.delimiter.length) return false;
    for (let i = 0; i < this.delimiter.length; i += 1) {
      if (unread[i] !== this.delimiter[i]) throw new MalformedMultipart('a part is followed by something other than a boundary');
    }
    return this.readBoundaryLine(this.delimiter.length);
  }

  /** After a boundary of `length` bytes at `start`: "--" closes the body, else the line ends and headers follow. */
  private readBoundaryLine(length: number): boolean {
    const unread = this.unread;
    if (unread.length < length + 2) return false;
    if (unread[length] === HYPHEN && unread[length + 1] === HYPHEN) {
      this.state = 'done';
      this.start = this.end;
      return false;
    }
    const lineEnd = unread.indexOf(LF, length);
    if (lineEnd < 0) return false;
    this.start += lineEnd + 1;
    this.state = 'headers';
    return true;
  }

  private readHeaders(parts: MultipartPart[]): boolean {
    const unread = this.unread;
    const blankLine = indexOf(unread, new Uint8Array([CR, LF, CR, LF]), 0);
    const headersEnd = unread[0] === CR && unread[1] === LF ? 0 : blankLine;
    if (headersEnd < 0) {
      if (unread.length > MAX_HEADER_BYTES) throw new MalformedMultipart('a part has no end to its headers');
      return false;
    }
    this.headers = parseHeaders(unread.subarray(0, headersEnd));
    this.start += headersEnd + (headersEnd === 0 ? 2 : 4);
    const declared = Number(this.headers.get('content-length'));
    if (this.headers.has('content-length') && Number.isSafeInteger(declared) && declared >= 0) {
      this.sizedBody = new Uint8Array(declared);
      this.sizedFilled = 0;
      this.state = 'sized-body';
      if (declared === 0) this.emit(this.sizedBody, parts);
    } else {
      this.state = 'delimited-body';
      this.scannedTo = this.start;
    }
    return true;
  }

  private readDelimitedBody(parts: MultipartPart[]): boolean {
    const from = Math.max(0, this.scannedTo - this.start);
    const at = indexOf(this.unread, this.delimiter, from);
    if (at < 0) {
      this.scannedTo = Math.max(this.start, this.end - this.delimiter.length + 1);
      return false;
    }
    const body = this.pending.slice(this.start, this.start + at);
    this.start += at;
    this.emit(body, parts);
    return true;
  }
}
