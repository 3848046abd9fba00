import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import type { ArchiveClient, StudySummary } from '@longview/dicomweb';
import type { VideoPlayer, VideoViewState } from '@longview/render';
import { wadorsImageId } from '@longview/render/ids';
import {
  CONTAINER_NAMES,
  framesPerSecondOf,
  unplayableVideoMessage,
  videoCodecOf,
  videoContainerOf,
  videoMimeType,
  type VideoCodec,
  type VideoContainer,
} from '@longview/render/plain';
import { useDecodedImageBytes } from '../config/MemoryContext';
import { useLatest } from '../react/useLatest';
import { loadRender } from '../render/loadRender';
import { seriesErrorMessage } from '../series/useSeriesStack';

type RenderModule = Awaited<ReturnType<typeof loadRender>>;

/** What the viewport knows about its video, from request to playing. */
export type VideoLoad =
  | { kind: 'loading' }
  | {
      kind: 'ready';
      codecName: string;
      containerName: string;
      bytes: number;
      seriesNumber: number | undefined;
      seriesDescription: string | undefined;
      /** The file's own PatientID, checked again if the study list answers after the file. */
      filePatientId: string | undefined;
    }
  | { kind: 'unplayable'; codecName: string; message: string }
  | { kind: 'failed'; message: string; isRetryable: boolean };

/**
 * Longest wait for the browser to read the stream's header. Cornerstone's VideoViewport waits
 * for "loadedmetadata" without a time limit, and a stream the browser refuses late (a codec it
 * claimed it could play) never sends it: the reader gets a message instead of a black box.
 */
const HEADER_TIMEOUT_MS = 15_000;

/** The instance the viewport plays, as the archive and the study list name it. */
interface VideoSource {
  archive: ArchiveClient;
  studyUid: string;
  seriesUid: string;
  sopInstanceUid: string;
}

type Video = ReturnType<RenderModule['readVideoInstance']>;

/**
 * The stored instance as a clip the browser can play, or why not: another patient's or study's
 * file, not a video transfer syntax, or a codec this browser refuses.
 */
function playableVideo(
  render: RenderModule,
  stored: Uint8Array,
  source: VideoSource,
  studyPatientId: string | undefined,
): { kind: 'playable'; video: Video; codec: VideoCodec; container: VideoContainer; mimeType: string } | { kind: 'refused'; load: VideoLoad } {
  const { studyUid, seriesUid, sopInstanceUid } = source;
  const video = render.readVideoInstance(stored);
  const identityProblem = render.videoIdentityProblem(video, { studyInstanceUid: studyUid, seriesInstanceUid: seriesUid, sopInstanceUid, patientId: studyPatientId });
  if (identityProblem) return { kind: 'refused', load: { kind: 'failed', message: identityProblem, isRetryable: false } };
  const codec = videoCodecOf(video.transferSyntaxUid);
  if (!codec) {
    return { kind: 'refused', load: { kind: 'failed', message: `This series is stored as ${video.transferSyntaxUid ?? 'an unnamed transfer syntax'}, not as video.`, isRetryable: false } };
  }
  const container = videoContainerOf(video.bitstream.subarray(0, 512));
  const mimeType = videoMimeType(codec, container);
  // Ask before trying: a refused codec would leave the viewport black (no error event
  // reaches Cornerstone's hidden video element) until the time limit.
  if (document.createElement('video').canPlayType(mimeType) === '') {
    return { kind: 'refused', load: { kind: 'unplayable', codecName: codec.name, message: unplayableVideoMessage(codec, container) } };
  }
  return { kind: 'playable', video, codec, container, mimeType };
}

/** Hands the clip to the player; false when the browser has not read its header in time. */
async function startsWithinTimeLimit(player: VideoPlayer, source: VideoSource, video: Video, url: string): Promise<boolean> {
  const timeLimit = new Promise<never>((_, reject) => {
    setTimeout(() => reject(new Error('timeout')), HEADER_TIMEOUT_MS);
  });
  try {
    await Promise.race([
      player.load({
        url,
        imageId: wadorsImageId(source.archive.frameUrl(source.studyUid, source.seriesUid, source.sopInstanceUid, 1)),
        rows: video.rows,
        columns: video.columns,
        frameCount: video.numberOfFrames ?? 1,
        framesPerSecond: framesPerSecondOf(video),
        modality: video.modality,
      }),
      timeLimit,
    ]);
    return true;
  } catch {
    return false;
  }
}

/**
 * The study list answered after the file: the file must still agree with its patient, else the
 * video stops and the viewport says why.
 */
function useFileStillOfStudyPatient(
  load: VideoLoad,
  setLoad: (load: VideoLoad) => void,
  render: RenderModule | undefined,
  player: VideoPlayer | undefined,
  ids: { studyUid: string; seriesUid: string; sopInstanceUid: string | undefined },
  studyPatientId: string | undefined,
): void {
  const { studyUid, seriesUid, sopInstanceUid } = ids;
  useEffect(() => {
    if (load.kind !== 'ready' || !render || !studyPatientId || !sopInstanceUid) return;
    const problem = render.videoIdentityProblem(
      { studyInstanceUid: studyUid, seriesInstanceUid: seriesUid, sopInstanceUid, patientId: load.filePatientId },
      { studyInstanceUid: studyUid, seriesInstanceUid: seriesUid, sopInstanceUid, patientId: studyPatientId },
    );
    if (!problem) return;
    player?.pause();
    setLoad({ kind: 'failed', message: problem, isRetryable: false });
  }, [load, setLoad, render, studyPatientId, player, studyUid, seriesUid, sopInstanceUid]);
}

/** What an opening video holds until the viewport lets it go: filled as the opening goes. */
interface HeldVideo {
  player?: VideoPlayer;
  objectUrl?: string;
  unsubscribe?: () => void;
}

/** The viewport's side of one opening: what it reads at the moment it is needed, and what it is told. */
interface VideoOpening {
  element: HTMLDivElement;
  viewportId: string;
  source: VideoSource;
  signal: AbortSignal;
  /** Sizes the image cache, which a video does not use: read at start, not a reason to reload. */
  decodedImageBytes: { readonly current: number | undefined };
  /** The study list's answer, read when the file arrives (not a reason to fetch the video again). */
  study: { readonly current: StudySummary | undefined };
  held: HeldVideo;
  onRender: (render: RenderModule) => void;
  onView: (state: VideoViewState) => void;
  onReady: (player: VideoPlayer, load: VideoLoad) => void;
  /** The video stops before it plays: a file refused, or a codec the browser does not start. */
  onStopped: (load: VideoLoad) => void;
}

/**
 * Opens one instance's video: the engine started, the stored file fetched whole and checked,
 * played from a blob: URL. Nothing is told once `signal` aborts; a failure on the way rejects.
 */
async function openVideo(opening: VideoOpening): Promise<void> {
  const { source, signal, held } = opening;
  const render = await loadRender();
  await render.initRendering({ cacheBytes: opening.decodedImageBytes.current });
  if (signal.aborted) return;
  opening.onRender(render);
  const stored = await source.archive.retrieveStoredInstance(source.studyUid, source.seriesUid, source.sopInstanceUid, signal);
  if (signal.aborted) return;
  const clip = playableVideo(render, stored, source, opening.study.current?.patientId);
  if (clip.kind === 'refused') return opening.onStopped(clip.load);
  const { video, codec, container, mimeType } = clip;
  held.objectUrl = URL.createObjectURL(new Blob([video.bitstream as BlobPart], { type: mimeType.split(';')[0] }));
  const player = render.VideoPlayer.create(opening.element, opening.viewportId);
  held.player = player;
  held.unsubscribe = player.subscribe(opening.onView);
  const hasStarted = await startsWithinTimeLimit(player, source, video, held.objectUrl);
  if (signal.aborted) return;
  const containerName = CONTAINER_NAMES[container];
  if (!hasStarted) {
    return opening.onStopped({ kind: 'unplayable', codecName: codec.name, message: `The browser did not start the ${codec.name} video (${containerName}): it may not support this codec profile.` });
  }
  opening.onReady(player, {
    kind: 'ready', codecName: codec.name, containerName, bytes: stored.byteLength,
    seriesNumber: video.seriesNumber, seriesDescription: video.seriesDescription, filePatientId: video.patientId,
  });
}

/** Why a video could not be opened, for the reader: a file that is not a video, else as for a series. */
function videoFailure(error: unknown): VideoLoad {
  const { message, isRetryable } = error instanceof Error && error.name === 'NotAVideo' ? { message: error.message, isRetryable: false } : seriesErrorMessage(error);
  return { kind: 'failed', message, isRetryable };
}

/** Calls the latest `onFirstImage` once for the component's life, and says whether it has. */
function useFirstImageReport(onFirstImage: () => void) {
  const latestOnFirstImage = useLatest(onFirstImage);
  const hasReported = useRef(false);
  const report = useCallback(() => {
    if (hasReported.current) return;
    hasReported.current = true;
    latestOnFirstImage.current();
  }, [latestOnFirstImage]);
  return { hasReported, report };
}

/**
 * The video of one instance, from the stored file to a playing player: fetched whole (see
 * VideoViewport for why), checked against the study it was asked for, played from a blob: URL.
 * `onFirstImage` is called once, at the first frame or at whatever stops the video first.
 */
export function useVideoPlayer(
  elementRef: RefObject<HTMLDivElement | null>,
  viewportId: string,
  source: Omit<VideoSource, 'sopInstanceUid'> & { sopInstanceUid: string | undefined; study: StudySummary | undefined; attempt: number },
  onFirstImage: () => void,
) {
  const { archive, studyUid, seriesUid, sopInstanceUid, attempt } = source;
  const [load, setLoad] = useState<VideoLoad>({ kind: 'loading' });
  const [view, setView] = useState<VideoViewState | undefined>(undefined);
  const [player, setPlayer] = useState<VideoPlayer | undefined>(undefined);
  const [render, setRender] = useState<RenderModule | undefined>(undefined);
  const { hasReported: hasReportedFirst, report: reportFirstImage } = useFirstImageReport(onFirstImage);
  const studyRef = useLatest(source.study);
  const decodedImageBytes = useLatest(useDecodedImageBytes());

  useEffect(() => {
    const element = elementRef.current;
    if (!element || !sopInstanceUid) return undefined;
    const abort = new AbortController();
    const held: HeldVideo = {};
    setLoad({ kind: 'loading' });
    setView(undefined);
    const stopAt = (stopped: VideoLoad) => {
      setLoad(stopped);
      reportFirstImage();
    };
    const onView = (state: VideoViewState) => {
      setView(state);
      if (state.hasFrame && !hasReportedFirst.current) {
        // bench/video.mjs reads this: navigation start to the first frame on the canvas.
        performance.mark('longview:first-video-frame');
        reportFirstImage();
      }
    };
    const onReady = (created: VideoPlayer, ready: VideoLoad) => {
      setPlayer(created);
      setLoad(ready);
    };
    const ids = { archive, studyUid, seriesUid, sopInstanceUid };
    openVideo({ element, viewportId, source: ids, signal: abort.signal, decodedImageBytes, study: studyRef, held, onRender: setRender, onView, onReady, onStopped: stopAt }).catch((error: unknown) => {
      if (!abort.signal.aborted) stopAt(videoFailure(error));
    });

    return () => {
      abort.abort();
      held.unsubscribe?.();
      held.player?.destroy();
      setPlayer(undefined);
      if (held.objectUrl) URL.revokeObjectURL(held.objectUrl);
    };
  }, [archive, studyUid, seriesUid, sopInstanceUid, viewportId, attempt, elementRef, reportFirstImage, hasReportedFirst, studyRef, decodedImageBytes]);

  useFileStillOfStudyPatient(load, setLoad, render, player, { studyUid, seriesUid, sopInstanceUid }, source.study?.patientId);
  return { load, view, player };
}
