/**
 * Where the frames of series being retrieved whole wait for the image loader, by WADO-RS frame
 * URL, and where a bulk load (a volume's) waits for a frame still on its way rather than asking
 * the archive for it a second time.
 *
 * Without the second part, a PET/CT opened as CT, PET, fusion and MIP fetched every slice twice:
 * the stack cells retrieved each series whole while the volumes, made a moment later, asked for
 * all 192 frames one by one, and the archive served both at once (issue 27's bench).
 */
export interface StreamedFrame {
  bytes: Uint8Array<ArrayBuffer>;
  transferSyntaxUid: string;
}

interface ShelvedFrame extends StreamedFrame {
  /** Tells the retrieve the frame's bytes left the shelf, so it may read on. */
  release: () => void;
}

type Waiter = (frame: StreamedFrame | undefined) => void;

/** A series retrieve still bringing frames: who waits for which of the frames not yet delivered. */
interface OpenRetrieve {
  /** Retrieves of the series going at once (two cells may show one series). */
  count: number;
  delivered: Set<string>;
  waiters: Map<string, Waiter[]>;
}

const shelf = new Map<string, ShelvedFrame>();
const openRetrieves = new Map<string, OpenRetrieve>();
/** Who waits for a retrieve of a series to start, by series URL. */
const startWaiters = new Map<string, Array<() => void>>();

/** The series resource a WADO-RS frame URL belongs to (everything before `/instances/`). */
export function seriesUrlOfFrame(frameUrl: string): string {
  const at = frameUrl.indexOf('/instances/');
  return at < 0 ? frameUrl : frameUrl.slice(0, at);
}

/** The shelved frame at a WADO-RS frame URL, handed over once; undefined if none is waiting. */
export function takeStreamedFrame(frameUrl: string): StreamedFrame | undefined {
  const shelved = shelf.get(frameUrl);
  if (!shelved) return undefined;
  shelf.delete(frameUrl);
  shelved.release();
  return { bytes: shelved.bytes, transferSyntaxUid: shelved.transferSyntaxUid };
}

/** Lets go of a shelved frame nobody will decode (its image was loaded another way). */
export function dropStreamedFrame(frameUrl: string): void {
  takeStreamedFrame(frameUrl);
}

/** A retrieve of `seriesUrl` has started: loads that may wait for its frames wait from now on. */
export function retrieveStarted(seriesUrl: string): void {
  const open = openRetrieves.get(seriesUrl);
  if (open) open.count += 1;
  else openRetrieves.set(seriesUrl, { count: 1, delivered: new Set(), waiters: new Map() });
  const waiting = startWaiters.get(seriesUrl);
  startWaiters.delete(seriesUrl);
  waiting?.forEach((wake) => wake());
}

/**
 * Resolves when a retrieve of the series of `frameUrl` is going (at once if one is), or never;
 * `signal` drops the wait.
 */
export function whenRetrieveGoing(frameUrl: string, signal: AbortSignal): Promise<void> {
  const seriesUrl = seriesUrlOfFrame(frameUrl);
  if (openRetrieves.has(seriesUrl)) return Promise.resolve();
  if (signal.aborted) return new Promise(() => undefined); // no one waits any more: nothing kept
  return new Promise((resolve) => {
    const waiting = startWaiters.get(seriesUrl) ?? [];
    waiting.push(resolve);
    startWaiters.set(seriesUrl, waiting);
    signal.addEventListener('abort', () => {
      const left = (startWaiters.get(seriesUrl) ?? []).filter((wake) => wake !== resolve);
      if (left.length > 0) startWaiters.set(seriesUrl, left);
      else startWaiters.delete(seriesUrl);
    });
  });
}

/** Frames the retrieve brought: shelved, or handed at once to a load waiting for them. */
export function framesDelivered(seriesUrl: string, frames: ReadonlyArray<{ frameUrl: string } & ShelvedFrame>): void {
  const open = openRetrieves.get(seriesUrl);
  for (const { frameUrl, ...frame } of frames) {
    shelf.get(frameUrl)?.release(); // a frame sent twice: keep the newer
    shelf.set(frameUrl, frame);
    open?.delivered.add(frameUrl);
    const waiting = open?.waiters.get(frameUrl);
    if (!waiting) continue;
    open?.waiters.delete(frameUrl);
    // One load takes the bytes; any other (the image cache normally joins them first) fetches its own.
    waiting.forEach((wake) => wake(takeStreamedFrame(frameUrl)));
  }
}

/** A retrieve has said all it will; once none of the series is left, whoever still waits fetches the frame itself. */
export function retrieveEnded(seriesUrl: string): void {
  const open = openRetrieves.get(seriesUrl);
  if (!open) return;
  open.count -= 1;
  if (open.count > 0) return;
  openRetrieves.delete(seriesUrl);
  for (const waiting of open.waiters.values()) waiting.forEach((wake) => wake(undefined));
}

/**
 * A frame for a bulk load: taken from the shelf if it is there; else, while a retrieve of its
 * series is still going and has not delivered it, a promise of it once delivered (undefined if
 * the retrieve ends without it); else undefined: fetch it.
 */
export function streamedFrameFor(frameUrl: string): StreamedFrame | Promise<StreamedFrame | undefined> | undefined {
  const shelved = takeStreamedFrame(frameUrl);
  if (shelved) return shelved;
  const open = openRetrieves.get(seriesUrlOfFrame(frameUrl));
  if (!open || open.delivered.has(frameUrl)) return undefined;
  return new Promise((resolve) => {
    const waiting = open.waiters.get(frameUrl) ?? [];
    waiting.push(resolve);
    open.waiters.set(frameUrl, waiting);
  });
}
