import { Enums, metaData, type Types, type VideoViewport } from '@cornerstonejs/core';
import { renderingEngine } from './stackViewer';
import { frameIndexAt, seekTimeOfFrame } from './videoCodec';
import { ViewerLifecycle } from './viewerLifecycle';

/** What the controls and the overlay show about a playing video at one moment. */
export interface VideoViewState {
  isPlaying: boolean;
  /** Seconds into the clip, as the video element reports it for the frame last drawn. */
  currentTime: number;
  /** Seconds; NaN until the browser has read the stream's header. */
  duration: number;
  framesPerSecond: number;
  /** 0-based frame on screen. */
  frameIndex: number;
  frameCount: number;
  playbackRate: number;
  /** True once the first frame has been drawn on the canvas. */
  hasFrame: boolean;
}

export type VideoViewListener = (state: VideoViewState) => void;

/** What the player is told about the clip (from the stored instance, not guessed from the stream). */
export interface VideoClip {
  /** A URL the browser's video element can read without extra headers (a blob: URL). */
  url: string;
  /** Names the clip for Cornerstone (its WADO-RS frame 1 image id). */
  imageId: string;
  rows: number | undefined;
  columns: number | undefined;
  frameCount: number;
  framesPerSecond: number;
  modality: string | undefined;
}

/**
 * Cornerstone's VideoViewport asks the metadata registry for the clip's "rendered" URL, cine
 * and plane modules. Ours answer from the clip we were given, ahead of the WADO-RS provider,
 * which only knows instances whose JSON metadata was registered.
 */
const clips = new Map<string, VideoClip>();
const CLIP_PROVIDER_PRIORITY = 10_000;
let isProviderAdded = false;

function clipMetadata(type: string, imageId: string): unknown {
  const clip = clips.get(imageId);
  if (!clip) return undefined;
  const { MetadataModules } = Enums;
  switch (type) {
    case MetadataModules.IMAGE_URL:
      return { isVideo: true, rendered: clip.url };
    case MetadataModules.CINE:
      return { cineRate: clip.framesPerSecond, frameTime: 1000 / clip.framesPerSecond, numberOfFrames: clip.frameCount };
    case MetadataModules.GENERAL_SERIES:
      return { modality: clip.modality };
    case MetadataModules.INSTANCE:
      return { NumberOfFrames: clip.frameCount };
    case MetadataModules.IMAGE_PLANE:
      // Video has no patient geometry: an identity plane of the frame's size (PS3.3 A.32.7).
      return {
        rows: clip.rows, columns: clip.columns, rowCosines: [1, 0, 0], columnCosines: [0, 1, 0],
        imagePositionPatient: [0, 0, 0], usingDefaultValues: true,
      };
    default:
      return undefined;
  }
}

/**
 * One DICOM video on a DOM element, played by Cornerstone's VideoViewport (the browser's own
 * video element, drawn into the viewport's canvas). Owns what it creates; `destroy()` releases
 * the viewport and the clip's registration. The blob URL stays the caller's to revoke.
 */
export class VideoPlayer {
  readonly viewportId: string;
  private readonly lifecycle = new ViewerLifecycle<VideoViewState>(() => this.state);
  private clip: VideoClip | undefined;
  private state: VideoViewState = {
    isPlaying: false, currentTime: 0, duration: Number.NaN, framesPerSecond: 25, frameIndex: 0, frameCount: 0, playbackRate: 1, hasFrame: false,
  };
  /**
   * The frame a paused seek (showFrame) is to land on, and how often it may still be asked
   * again. A seek made while the element is still settling (its first frame drawing, a play
   * that a pause cut short) can be dropped by the browser; a frame drawn elsewhere then asks
   * for the wanted one again, rather than leave the viewer on the wrong frame.
   */
  private pendingFrame: { index: number; retries: number } | undefined;
  private readonly onRendered = (event: Event) => {
    const detail = (event as CustomEvent<{ time?: number; duration?: number }>).detail;
    const currentTime = detail.time ?? this.state.currentTime;
    const frameIndex = frameIndexAt(currentTime, this.state.framesPerSecond, this.state.frameCount || undefined);
    const pending = this.pendingFrame;
    if (pending && !this.state.isPlaying && frameIndex !== pending.index && pending.retries > 0) {
      pending.retries -= 1;
      void this.viewport.setTime(seekTimeOfFrame(pending.index, this.state.framesPerSecond));
      this.update({ duration: detail.duration ?? this.state.duration, hasFrame: true });
      return;
    }
    this.pendingFrame = undefined;
    this.update({ currentTime, duration: detail.duration ?? this.state.duration, frameIndex, hasFrame: true });
  };

  private constructor(viewportId: string) {
    this.viewportId = viewportId;
  }

  static create(element: HTMLDivElement, viewportId: string): VideoPlayer {
    if (!isProviderAdded) {
      metaData.addProvider(clipMetadata, CLIP_PROVIDER_PRIORITY);
      isProviderAdded = true;
    }
    renderingEngine().enableElement({
      viewportId,
      element,
      type: Enums.ViewportType.VIDEO,
      defaultOptions: { background: [0, 0, 0] as Types.Point3 },
    });
    const player = new VideoPlayer(viewportId);
    player.lifecycle.listen(element, Enums.Events.IMAGE_RENDERED, player.onRendered);
    return player;
  }

  private get viewport(): VideoViewport {
    return renderingEngine().getViewport(this.viewportId) as VideoViewport;
  }

  /** Loads the clip and shows its first frame, paused. Resolves once the stream's header is read. */
  async load(clip: VideoClip): Promise<void> {
    // One registration per viewport: the same series may play in two viewports at once.
    const registered = { ...clip, imageId: `${clip.imageId}#${this.viewportId}` };
    this.clip = registered;
    clips.set(registered.imageId, registered);
    this.update({ framesPerSecond: clip.framesPerSecond, frameCount: clip.frameCount, frameIndex: 0, currentTime: 0, isPlaying: false });
    await this.viewport.setVideo(registered.imageId, 1);
    // Cornerstone starts the element muted and looping; a clinical clip has no sound worth a surprise.
    this.viewport.setProperties({ loop: true, muted: true });
  }

  subscribe(listener: VideoViewListener): () => void {
    return this.lifecycle.subscribe(listener);
  }

  getState(): VideoViewState {
    return this.state;
  }

  play(): void {
    this.pendingFrame = undefined;
    void this.viewport.play();
    this.update({ isPlaying: true });
  }

  pause(): void {
    this.viewport.pause();
    this.update({ isPlaying: false });
  }

  togglePlay(): void {
    if (this.state.isPlaying) this.pause();
    else this.play();
  }

  /** Seeks to `seconds` (clamped to the clip); playback state is kept. */
  seek(seconds: number): void {
    const duration = Number.isFinite(this.state.duration) ? this.state.duration : this.state.frameCount / this.state.framesPerSecond;
    const time = Math.min(Math.max(0, seconds), Math.max(0, duration - 0.001));
    void this.viewport.setTime(time);
  }

  /** Shows frame `index` (0-based), paused: frame stepping is for looking, not for playing. */
  showFrame(index: number): void {
    const last = Math.max(0, this.state.frameCount - 1);
    const target = Math.min(Math.max(0, index), last);
    if (this.state.isPlaying) this.pause();
    this.pendingFrame = { index: target, retries: 3 };
    this.update({ frameIndex: target });
    void this.viewport.setTime(seekTimeOfFrame(target, this.state.framesPerSecond));
  }

  /** One frame duration (1 / frames per second) forward or back. */
  stepFrames(delta: number): void {
    this.showFrame(this.state.frameIndex + delta);
  }

  /** Playback speed (1 = the acquired rate); playing or paused stays as it was. */
  setPlaybackRate(rate: number): void {
    const wasPlaying = this.state.isPlaying;
    // Cornerstone's setPlaybackRate also starts playback.
    this.viewport.setPlaybackRate(rate);
    if (!wasPlaying) this.viewport.pause();
    this.update({ playbackRate: rate });
  }

  destroy(): void {
    this.lifecycle.destroy(() => {
      try {
        this.viewport?.pause();
      } catch {
        // The viewport may already be gone with its element; nothing left to stop.
      }
      renderingEngine().disableElement(this.viewportId);
      if (this.clip) clips.delete(this.clip.imageId);
    });
  }

  private update(patch: Partial<VideoViewState>): void {
    this.state = { ...this.state, ...patch };
    this.lifecycle.emit();
  }
}
