import { useEffect, useId, useRef, useState } from 'react';
import { SeriesError } from '../components/SeriesError';
import type { VideoPlayer, VideoViewState } from '@longview/render';
import { wadorsImageId } from '@longview/render/ids';
import { PatientLines, StudyLines, patientStudyFacts } from '../components/PatientStudyContext';
import { useDecodedImageBytes } from '../config/MemoryContext';
import { commandForKey } from '../keyboard/shortcuts';
import { isTyping } from '../keyboard/isTyping';
import { loadRender } from '../render/loadRender';
import { seriesErrorMessage } from '../series/useSeriesStack';
import { useSharedContentView } from '../board/useSharedContentView';
import type { ContentViewportProps } from './contentProps';
import { useLatest } from '../react/useLatest';

type RenderModule = Awaited<ReturnType<typeof loadRender>>;

/** What the viewport knows about its video, from request to playing. */
type VideoLoad =
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

function formatTime(render: RenderModule | undefined, seconds: number): string {
  return render ? render.formatVideoTime(seconds) : '0:00.00';
}

/**
 * A DICOM video (MPEG-2, H.264, HEVC transfer syntaxes) played by the browser's video element
 * through Cornerstone3D's VideoViewport.
 *
 * Where the bitstream comes from: Orthanc 1.10 with DICOMweb plugin 1.7 answers neither
 * `/frames/1` with `video/mp4` or `video/mpeg` ("incompatible with media type"), nor
 * `/rendered` for video ("unsupported MIME type"), and its metadata gives Pixel Data no
 * BulkDataURI. The one standard request it answers is the stored instance itself (WADO-RS
 * `application/dicom; transfer-syntax=*`), byte for byte: the viewer takes the encapsulated
 * stream out of it and hands the video element a blob: URL. That also keeps the archive's
 * Authorization header on the request, which a `<video src>` pointing at the archive could not
 * send.
 *
 * Large videos: this reads the whole instance before the first frame. Streaming would need
 * the archive to serve the bitstream alone (rendered `video/mp4` or a Pixel Data BulkDataURI)
 * and honour HTTP Range requests, so a MediaSource or a plain `src` could fetch pieces as
 * playback goes; Orthanc's DICOMweb plugin does neither for video, and its instance retrieval
 * is a multipart answer, which a Range request cannot address.
 */
export function VideoViewport({ archive, studyUid, seriesUid, study, instances, isActive, onActivate, onFirstImage, viewportId: cellViewportId, sharedView }: ContentViewportProps) {
  const elementRef = useRef<HTMLDivElement>(null);
  const viewportId = `video-${useId().replace(/[^a-zA-Z0-9-]/g, '')}`;
  const decodedImageBytes = useDecodedImageBytes();
  const [load, setLoad] = useState<VideoLoad>({ kind: 'loading' });
  const [view, setView] = useState<VideoViewState | undefined>(undefined);
  const [player, setPlayer] = useState<VideoPlayer | undefined>(undefined);
  const [render, setRender] = useState<RenderModule | undefined>(undefined);
  const [attempt, setAttempt] = useState(0);
  const onFirstImageRef = useLatest(onFirstImage);
  const hasReportedFirst = useRef(false);
  const reportFirstImage = () => {
    if (hasReportedFirst.current) return;
    hasReportedFirst.current = true;
    onFirstImageRef.current();
  };

  // A video series holds one clip; a second instance would be a second recording, shown by
  // choosing it (not yet offered): the first is played.
  const sopInstanceUid = instances[0]?.sopInstanceUid;
  // The study list's answer, read when the file arrives (not a reason to fetch the video again).
  const studyRef = useLatest(study);

  useEffect(() => {
    const element = elementRef.current;
    if (!element || !sopInstanceUid) return undefined;
    const abort = new AbortController();
    let created: VideoPlayer | undefined;
    let objectUrl: string | undefined;
    let unsubscribe: (() => void) | undefined;
    setLoad({ kind: 'loading' });
    setView(undefined);

    const open = async () => {
      const renderModule = await loadRender();
      await renderModule.initRendering({ cacheBytes: decodedImageBytes });
      if (abort.signal.aborted) return;
      setRender(renderModule);
      const stored = await archive.retrieveStoredInstance(studyUid, seriesUid, sopInstanceUid, abort.signal);
      if (abort.signal.aborted) return;
      const video = renderModule.readVideoInstance(stored);
      const identityProblem = renderModule.videoIdentityProblem(video, {
        studyInstanceUid: studyUid,
        seriesInstanceUid: seriesUid,
        sopInstanceUid,
        patientId: studyRef.current?.patientId,
      });
      if (identityProblem) {
        setLoad({ kind: 'failed', message: identityProblem, isRetryable: false });
        reportFirstImage();
        return;
      }
      const codec = renderModule.videoCodecOf(video.transferSyntaxUid);
      if (!codec) {
        setLoad({ kind: 'failed', message: `This series is stored as ${video.transferSyntaxUid ?? 'an unnamed transfer syntax'}, not as video.`, isRetryable: false });
        reportFirstImage();
        return;
      }
      const container = renderModule.videoContainerOf(video.bitstream.subarray(0, 512));
      const mimeType = renderModule.videoMimeType(codec, container);
      // Ask before trying: a refused codec would leave the viewport black (no error event
      // reaches Cornerstone's hidden video element) until the time limit.
      if (document.createElement('video').canPlayType(mimeType) === '') {
        setLoad({ kind: 'unplayable', codecName: codec.name, message: renderModule.unplayableVideoMessage(codec, container) });
        reportFirstImage();
        return;
      }
      objectUrl = URL.createObjectURL(new Blob([video.bitstream as BlobPart], { type: mimeType.split(';')[0] }));
      created = renderModule.VideoPlayer.create(element, viewportId);
      unsubscribe = created.subscribe((state) => {
        setView(state);
        if (state.hasFrame && !hasReportedFirst.current) {
          // bench/video.mjs reads this: navigation start to the first frame on the canvas.
          performance.mark('longview:first-video-frame');
          reportFirstImage();
        }
      });
      const framesPerSecond = renderModule.framesPerSecondOf(video);
      const timeLimit = new Promise<never>((_, reject) => {
        setTimeout(() => reject(new Error('timeout')), HEADER_TIMEOUT_MS);
      });
      try {
        await Promise.race([
          created.load({
            url: objectUrl,
            imageId: wadorsImageId(archive.frameUrl(studyUid, seriesUid, sopInstanceUid, 1)),
            rows: video.rows,
            columns: video.columns,
            frameCount: video.numberOfFrames ?? 1,
            framesPerSecond,
            modality: video.modality,
          }),
          timeLimit,
        ]);
      } catch {
        if (abort.signal.aborted) return;
        setLoad({
          kind: 'unplayable',
          codecName: codec.name,
          message: `The browser did not start the ${codec.name} video (${renderModule.CONTAINER_NAMES[container]}): it may not support this codec profile.`,
        });
        reportFirstImage();
        return;
      }
      if (abort.signal.aborted) return;
      setPlayer(created);
      setLoad({
        kind: 'ready', codecName: codec.name, containerName: renderModule.CONTAINER_NAMES[container], bytes: stored.byteLength,
        seriesNumber: video.seriesNumber, seriesDescription: video.seriesDescription, filePatientId: video.patientId,
      });
    };

    open().catch((error: unknown) => {
      if (abort.signal.aborted) return;
      const { message, isRetryable } = error instanceof Error && error.name === 'NotAVideo' ? { message: error.message, isRetryable: false } : seriesErrorMessage(error);
      setLoad({ kind: 'failed', message, isRetryable });
      reportFirstImage();
    });

    return () => {
      abort.abort();
      unsubscribe?.();
      created?.destroy();
      setPlayer(undefined);
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
    // decodedImageBytes only sizes the image cache, which a video does not use: not a reason to reload.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [archive, studyUid, seriesUid, sopInstanceUid, viewportId, attempt]);

  // Sharing: the frame on screen, and playing / speed as a cine rate (frames per second × speed).
  // Only once the first frame is drawn: until then the player's own load still seeks to frame 1,
  // and would undo a shared frame applied earlier (seen as a shared frame 40 shown as 0).
  const appliedSharedKey = useSharedContentView(
    cellViewportId,
    view?.hasFrame ? player : undefined,
    (shown) => {
      const state = shown.getState();
      const isDefault = !state.isPlaying && state.playbackRate === 1;
      return { image: state.frameIndex, ...(isDefault ? {} : { cine: { isPlaying: state.isPlaying, framesPerSecond: state.framesPerSecond * state.playbackRate } }) };
    },
    (shown, cell) => {
      const state = shown.getState();
      const wanted = cell.cine ? cell.cine.framesPerSecond / state.framesPerSecond : 1;
      const rate = render ? render.PLAYBACK_RATES.reduce((best, r) => (Math.abs(r - wanted) < Math.abs(best - wanted) ? r : best), 1) : 1;
      if (rate !== state.playbackRate) shown.setPlaybackRate(rate);
      if (cell.cine?.isPlaying) {
        if (!state.isPlaying) shown.play();
      } else {
        if (state.isPlaying) shown.pause();
        if (state.frameIndex !== cell.image) shown.showFrame(cell.image);
      }
    },
    sharedView,
  );

  // Space plays / pauses; ←/→ (and ↑/↓) step one frame; Home / End go to the first / last frame.
  useEffect(() => {
    if (!player || !isActive) return undefined;
    const onKey = (event: KeyboardEvent) => {
      if (isTyping(event) || event.ctrlKey || event.metaKey || event.altKey) return;
      const command = commandForKey(event.key, event.shiftKey);
      const state = player.getState();
      switch (command) {
        case 'toggle-cine':
          player.togglePlay();
          break;
        case 'previous-image':
          player.stepFrames(-1);
          break;
        case 'next-image':
          player.stepFrames(1);
          break;
        case 'first-image':
          player.showFrame(0);
          break;
        case 'last-image':
          player.showFrame(state.frameCount - 1);
          break;
        default:
          return;
      }
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [player, isActive]);

  // The study list answered after the file: the file must still agree with its patient.
  const studyPatientId = study?.patientId;
  useEffect(() => {
    if (load.kind !== 'ready' || !render || !studyPatientId || !sopInstanceUid) return;
    const problem = render.videoIdentityProblem(
      { studyInstanceUid: studyUid, seriesInstanceUid: seriesUid, sopInstanceUid, patientId: load.filePatientId },
      { studyInstanceUid: studyUid, seriesInstanceUid: seriesUid, sopInstanceUid, patientId: studyPatientId },
    );
    if (!problem) return;
    player?.pause();
    setLoad({ kind: 'failed', message: problem, isRetryable: false });
  }, [load, render, studyPatientId, player, studyUid, seriesUid, sopInstanceUid]);

  // The study search's identity, which the file's own PatientID and UIDs must agree with.
  const facts = { ...patientStudyFacts(undefined, study), ...(load.kind === 'ready' ? { seriesNumber: load.seriesNumber, seriesDescription: load.seriesDescription } : {}) };
  const frameCount = view?.frameCount ?? 0;
  const isReady = load.kind === 'ready' && player !== undefined && view !== undefined;

  return (
    <section
      className={`stack-viewport video-viewport${isActive ? ' active' : ''}`}
      aria-label="Video viewport"
      onPointerDownCapture={onActivate}
      onFocusCapture={onActivate}
    >
      <div className="viewport-body">
        <div className="viewport-frame">
          <div
            className="viewport-element"
            ref={elementRef}
            style={load.kind === 'failed' ? { visibility: 'hidden' } : undefined}
            data-testid="video-viewport"
            data-shared-view-key={appliedSharedKey}
            data-current-time={view?.currentTime}
            data-frame-index={view?.frameIndex}
            data-playing={view?.isPlaying ? 'true' : 'false'}
            data-playback-rate={view?.playbackRate}
            data-has-frame={view?.hasFrame ? 'true' : undefined}
            tabIndex={-1}
          />
          <div className="viewport-overlay">
            <div className="corner top-left">
              <PatientLines facts={facts} />
            </div>
            <div className="corner top-right">
              <StudyLines facts={facts} showSeries={load.kind === 'ready'} />
            </div>
            <div className="corner bottom-left">
              {view && frameCount > 0 ? (
                <div data-testid="video-frame">
                  Fr {view.frameIndex + 1}/{frameCount}
                </div>
              ) : null}
              {view ? (
                <div data-testid="video-time">
                  {formatTime(render, view.currentTime)} / {formatTime(render, Number.isFinite(view.duration) ? view.duration : frameCount / view.framesPerSecond)}
                </div>
              ) : null}
            </div>
            <div className="corner bottom-right">
              {load.kind === 'ready' || load.kind === 'unplayable' ? <div data-testid="video-codec">{load.codecName}</div> : null}
              {load.kind === 'ready' ? <div>{load.containerName}</div> : null}
              {view ? <div data-testid="video-fps">{Number(view.framesPerSecond.toFixed(2))} fps × {view.playbackRate}</div> : null}
            </div>
          </div>
          {load.kind === 'loading' ? (
            <div className="viewport-message" role="status">
              Opening video…
            </div>
          ) : null}
          {load.kind === 'unplayable' ? (
            <div className="viewport-message error" role="alert" data-testid="video-unplayable">
              <p>{load.message}</p>
            </div>
          ) : null}
          {load.kind === 'failed' ? <SeriesError message={load.message} onRetry={load.isRetryable ? () => setAttempt((n) => n + 1) : undefined} /> : null}
        </div>
      </div>
      {isReady ? (
        <div className="video-controls" role="group" aria-label="Video controls">
          <button type="button" data-testid="video-step-back" aria-label="Previous frame" title="Previous frame (←)" onClick={() => player.stepFrames(-1)}>
            ⏮
          </button>
          <button
            type="button"
            data-testid="video-play"
            aria-label={view.isPlaying ? 'Pause' : 'Play'}
            title="Play / pause (Space)"
            onClick={() => player.togglePlay()}
          >
            {view.isPlaying ? '❚❚' : '▶'}
          </button>
          <button type="button" data-testid="video-step-forward" aria-label="Next frame" title="Next frame (→)" onClick={() => player.stepFrames(1)}>
            ⏭
          </button>
          <input
            type="range"
            className="video-seek"
            data-testid="video-seek"
            aria-label="Position (frame)"
            min={0}
            max={Math.max(0, frameCount - 1)}
            step={1}
            value={view.frameIndex}
            onChange={(event) => player.showFrame(Number(event.target.value))}
          />
          <label className="video-rate">
            Speed{' '}
            <select data-testid="video-rate" value={view.playbackRate} onChange={(event) => player.setPlaybackRate(Number(event.target.value))}>
              {(render?.PLAYBACK_RATES ?? [1]).map((rate) => (
                <option key={rate} value={rate}>
                  {rate}×
                </option>
              ))}
            </select>
          </label>
        </div>
      ) : null}
    </section>
  );
}
