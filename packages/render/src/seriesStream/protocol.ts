/**
 * What the page and the series-retrieve worker say to each other (seriesStream.worker.ts).
 * Frames cross as transferred ArrayBuffers; the page says how many bytes it has taken, so the
 * worker never holds more than a window of frames the page has not decoded yet.
 */
export interface StartRetrieve {
  kind: 'start';
  /** The WADO-RS series resource: `{root}/studies/{study}/series/{series}`. */
  seriesUrl: string;
  /** Headers the archive needs (Authorization for bearer archives); the worker adds Accept. */
  headers: Record<string, string>;
  windowBytes: number;
}

export interface FramesTaken {
  kind: 'taken';
  bytes: number;
}

export type StreamCommand = StartRetrieve | FramesTaken;

export type StreamOutcome =
  | { kind: 'complete' }
  /** The archive does not retrieve whole series (an HTTP error, or an answer that is not multipart). */
  | { kind: 'refused'; status: number }
  /** The answer broke off or could not be read; what arrived before still counts. */
  | { kind: 'failed'; reason: string };

export type StreamReport =
  | { kind: 'instance'; sopInstanceUid: string; transferSyntaxUid: string; frames: ArrayBuffer[] }
  /** A part that could not be split into frames: its frames are asked for one by one. */
  | { kind: 'unreadable'; reason: string }
  | { kind: 'end'; outcome: StreamOutcome };
