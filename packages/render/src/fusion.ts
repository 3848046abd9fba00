import { Enums, cache, utilities, volumeLoader, type Types, type VolumeViewport } from '@cornerstonejs/core';
import { edgeLabels, voiRangeToWindow, windowToVoiRange, type EdgeLabels, type Vector3, type VoiRange, type Window } from '@longview/dicom-meta';
import { FUSION_COLORMAPS, type FusionColormap } from './fusionColormaps';
import { renderingEngine } from './stackViewer';

/**
 * PET/CT (issue 27): the CT in gray under the PET in a colour map (a fusion), and the PET as a
 * maximum intensity projection, on Cornerstone's volume viewports. Both series are volumes in
 * one frame of reference; the fusion scrolls through the CT's own slices so that it stays in
 * step with the CT and PET stacks beside it (the grid synchronises by slice position).
 *
 * A series' volume is shared by every view of the page that shows it (one PET volume for the
 * fusion and the MIP) and released when the last one goes; its images stay in the image cache.
 */

const VOLUME_LOADER = 'cornerstoneStreamingImageVolume';

interface SharedVolume {
  users: number;
  loaded: number;
  ready: Promise<void>;
  progress: Set<() => void>;
}

/**
 * While a volume streams in, its views are drawn again at most this often (and once when it is
 * complete). Cornerstone's own rule draws every view of it each 2 % of its slices: some fifty
 * draws of the fusion's two layers and the MIP, each waiting on the GPU, which on a software
 * renderer (SwiftShader) took more time than bringing and decoding the slices.
 */
const DRAW_WHILE_LOADING_MS = 500;

/** Draws every view of a loading volume now and then, as DRAW_WHILE_LOADING_MS says. */
function drawWhileLoading(volumeId: string, total: number): (loaded: number) => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const draw = () => {
    timer = undefined;
    if (sharedVolumes.has(volumeId)) utilities.autoLoad(volumeId);
  };
  return (loaded) => {
    if (loaded >= total) {
      clearTimeout(timer);
      draw();
    } else {
      timer ??= setTimeout(draw, DRAW_WHILE_LOADING_MS);
    }
  };
}

const sharedVolumes = new Map<string, SharedVolume>();

/** The page's volume of a series (created and streamed on first use), counted per user. */
async function acquireVolume(seriesUid: string, imageIds: readonly string[]): Promise<{ volumeId: string; shared: SharedVolume }> {
  const volumeId = `${VOLUME_LOADER}:longview-series-${seriesUid}`;
  let shared = sharedVolumes.get(volumeId);
  if (!shared) {
    const created: SharedVolume = { users: 0, loaded: 0, ready: Promise.resolve(), progress: new Set() };
    created.ready = volumeLoader.createAndCacheVolume(volumeId, { imageIds: [...imageIds] }).then((volume) => {
      // A streaming volume loads with a progress callback, and draws its views as it goes unless
      // told not to; Cornerstone's IImageVolume type leaves both out. Pinned by
      // cornerstoneInternals.test.ts ("the streaming volume's load(callback)").
      const streaming = volume as unknown as { autoRenderOnLoad: boolean; load: (callback: (event: { framesProcessed?: number }) => void) => void };
      streaming.autoRenderOnLoad = false;
      const draw = drawWhileLoading(volumeId, imageIds.length);
      streaming.load((event) => {
        created.loaded = event.framesProcessed ?? created.loaded + 1;
        draw(created.loaded);
        for (const listener of created.progress) listener();
      });
    });
    sharedVolumes.set(volumeId, created);
    shared = created;
  }
  shared.users += 1;
  await shared.ready;
  return { volumeId, shared };
}

function releaseVolume(volumeId: string): void {
  const shared = sharedVolumes.get(volumeId);
  if (!shared) return;
  shared.users -= 1;
  if (shared.users > 0) return;
  sharedVolumes.delete(volumeId);
  if (cache.getVolumeLoadObject(volumeId)) cache.removeVolumeLoadObject(volumeId);
}

function subtract(a: Types.Point3, b: Types.Point3): Vector3 {
  return [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
}

/** Where patient points land on a viewport's canvas: canvas = origin + Σ perMm[axis] · (world[axis] − focal[axis]). */
export interface CanvasMap {
  focalPoint: Vector3;
  canvasOfFocalPoint: [number, number];
  canvasPerMm: [[number, number], [number, number], [number, number]];
  edges: EdgeLabels | undefined;
}

function canvasMapOf(viewport: VolumeViewport): CanvasMap {
  const origin = viewport.canvasToWorld([0, 0]);
  const right = subtract(viewport.canvasToWorld([1, 0]), origin);
  const down = subtract(viewport.canvasToWorld([0, 1]), origin);
  const focal = viewport.getCamera().focalPoint as Types.Point3;
  const canvasOfFocal = viewport.worldToCanvas(focal);
  const perMm = [0, 1, 2].map((axis) => {
    const moved: Types.Point3 = [...focal];
    moved[axis] = (moved[axis] as number) + 1;
    const canvas = viewport.worldToCanvas(moved);
    return [canvas[0] - canvasOfFocal[0], canvas[1] - canvasOfFocal[1]] as [number, number];
  }) as CanvasMap['canvasPerMm'];
  return { focalPoint: [focal[0], focal[1], focal[2]], canvasOfFocalPoint: [canvasOfFocal[0], canvasOfFocal[1]], canvasPerMm: perMm, edges: edgeLabels(right, down) };
}

/** How the PET is laid over the CT. */
export interface FusionLook {
  colormap: FusionColormap;
  /** 0–1: how much of the PET colour covers the CT where the PET shows. */
  opacity: number;
  /**
   * PET values (as stored after rescale: Bq/ml for a BQML series) mapped onto the colour map's
   * ends; undefined takes Cornerstone's default range for the volume.
   */
  petRange: VoiRange | undefined;
  /** PET values below lower + this fraction of the range show no colour: the CT alone there. */
  petThresholdFraction: number;
}

export interface FusionViewState extends CanvasMap {
  /** The CT slice shown (stack order), as a stack viewer reports it, so the grid can synchronise. */
  imageIndex: number;
  imageCount: number;
  /** The CT window. */
  window: Window | undefined;
  colormap: FusionColormap;
  opacity: number;
  /** The PET range shown and the value below which no colour shows, as applied. */
  petRange: VoiRange | undefined;
  petThreshold: number | undefined;
  /** Magnification as the grid's zoom synchronisation reads it; undefined: not synchronised. */
  scale: undefined;
  loadedImages: number;
  totalImages: number;
}

export type FusionViewListener = (state: FusionViewState) => void;

const VIEWPORT_EVENTS = [Enums.Events.IMAGE_RENDERED, Enums.Events.CAMERA_MODIFIED, Enums.Events.VOI_MODIFIED];

let nextViewId = 0;

/** A CT series and the PET in its frame of reference, as the fusion needs them. */
export interface FusionSeries {
  ct: { seriesUid: string; imageIds: readonly string[]; window: Window | undefined };
  pet: { seriesUid: string; imageIds: readonly string[] };
  /** Each CT slice's position along the slice normal (mm), in stack order. */
  ctSlicePositions: readonly number[];
  /** The slice normal the positions are measured along. */
  sliceNormal: Vector3;
}

function dot(a: readonly number[], b: readonly number[]): number {
  return (a[0] ?? 0) * (b[0] ?? 0) + (a[1] ?? 0) * (b[1] ?? 0) + (a[2] ?? 0) * (b[2] ?? 0);
}

/**
 * The two stacked layers of a fusion: the CT alone underneath, and over it the CT with the PET
 * fully opaque wherever it is above the threshold. The upper layer's CSS opacity is the
 * fusion's opacity, so the browser blends (1 − α)·CT + α·PET exactly where the PET shows and
 * leaves the CT untouched elsewhere. Cornerstone's own volume opacity would not: vtk.js corrects
 * it for the ray's sample distance, so a set 50 % came out near 9 % on a thin slice.
 */
export interface FusionLayers {
  ct: HTMLDivElement;
  fused: HTMLDivElement;
}

/** The CT in gray, the PET over it in colour, axial, stepping through the CT's slices. */
export class FusionViewer {
  private readonly id: string;
  private readonly layers: FusionLayers;
  private readonly series: FusionSeries;
  private readonly listeners = new Set<FusionViewListener>();
  private ctVolumeId = '';
  private petVolumeId = '';
  private look: FusionLook;
  private imageIndex = 0;
  private isDestroyed = false;
  private frame: number | undefined;
  private readonly onViewportEvent = () => this.scheduleEmit();
  private readonly onProgress = () => this.scheduleEmit();
  private readonly onWheel = (event: WheelEvent) => {
    event.preventDefault();
    if (event.deltaY !== 0) void this.goTo(this.imageIndex + Math.sign(event.deltaY));
  };
  private sharedVolumes: SharedVolume[] = [];

  private constructor(layers: FusionLayers, series: FusionSeries, look: FusionLook) {
    nextViewId += 1;
    this.id = `fusion-${nextViewId}`;
    this.layers = layers;
    this.series = series;
    this.look = look;
  }

  private get ctViewportId(): string {
    return `${this.id}-ct`;
  }

  /** The upper layer: CT and PET. Its camera is the fusion's; the lower layer follows it. */
  private viewport(): VolumeViewport {
    return renderingEngine().getViewport(this.id) as VolumeViewport;
  }

  private ctViewport(): VolumeViewport {
    return renderingEngine().getViewport(this.ctViewportId) as VolumeViewport;
  }

  private renderBoth(): void {
    renderingEngine().renderViewports([this.ctViewportId, this.id]);
  }

  static async create(layers: FusionLayers, series: FusionSeries, look: FusionLook, imageIndex: number): Promise<FusionViewer> {
    registerFusionColormaps();
    const viewer = new FusionViewer(layers, series, look);
    const engine = renderingEngine();
    for (const [viewportId, element] of [[viewer.ctViewportId, layers.ct], [viewer.id, layers.fused]] as const) {
      engine.enableElement({
        viewportId,
        element,
        type: Enums.ViewportType.ORTHOGRAPHIC,
        defaultOptions: { orientation: Enums.OrientationAxis.AXIAL, background: [0, 0, 0] as Types.Point3 },
      });
    }
    for (const event of VIEWPORT_EVENTS) layers.fused.addEventListener(event, viewer.onViewportEvent);
    layers.fused.addEventListener('wheel', viewer.onWheel, { passive: false });
    try {
      const [ct, pet] = await Promise.all([acquireVolume(series.ct.seriesUid, series.ct.imageIds), acquireVolume(series.pet.seriesUid, series.pet.imageIds)]);
      viewer.ctVolumeId = ct.volumeId;
      viewer.petVolumeId = pet.volumeId;
      viewer.sharedVolumes = [ct.shared, pet.shared];
      for (const shared of viewer.sharedVolumes) shared.progress.add(viewer.onProgress);
      if (viewer.isDestroyed) return viewer;
      await Promise.all([viewer.ctViewport().setVolumes([{ volumeId: ct.volumeId }]), viewer.viewport().setVolumes([{ volumeId: ct.volumeId }, { volumeId: pet.volumeId }])]);
      if (series.ct.window) viewer.setWindow(series.ct.window);
      viewer.applyLook();
      await viewer.goTo(imageIndex);
    } catch (error) {
      viewer.destroy();
      throw error;
    }
    return viewer;
  }

  /** The PET range as applied (the look's, or Cornerstone's default) and its colour threshold. */
  private appliedPetRange(): { range: VoiRange | undefined; threshold: number | undefined } {
    const range = this.look.petRange ?? this.viewport().getProperties(this.petVolumeId)?.voiRange;
    if (!range) return { range: undefined, threshold: undefined };
    return { range: { lower: range.lower, upper: range.upper }, threshold: range.lower + this.look.petThresholdFraction * (range.upper - range.lower) };
  }

  private applyLook(): void {
    const { colormap, opacity, petRange } = this.look;
    const viewport = this.viewport();
    if (petRange) viewport.setProperties({ voiRange: { lower: petRange.lower, upper: petRange.upper } }, this.petVolumeId);
    const { threshold } = this.appliedPetRange();
    // Opaque above the threshold: the opacity is the upper layer's (see FusionLayers).
    viewport.setProperties({ colormap: { name: FUSION_COLORMAPS[colormap].registeredName, opacity: 1, ...(threshold !== undefined ? { threshold } : {}) } }, this.petVolumeId);
    this.layers.fused.style.opacity = String(opacity);
    viewport.render();
  }

  setLook(change: Partial<FusionLook>): void {
    this.look = { ...this.look, ...change };
    this.applyLook();
    this.scheduleEmit();
  }

  setWindow(window: Window): void {
    for (const viewport of [this.ctViewport(), this.viewport()]) viewport.setProperties({ voiRange: windowToVoiRange(window) }, this.ctVolumeId);
    this.renderBoth();
  }

  /** Zoom as Cornerstone counts it (1 = the volume fitted): the grid's zoom synchronisation sets it. */
  getZoom(): number {
    return this.viewport().getZoom();
  }

  setZoom(zoom: number): void {
    for (const viewport of [this.ctViewport(), this.viewport()]) viewport.setZoom(zoom);
    this.renderBoth();
  }

  /** Where a patient point lands on the canvas (CSS pixels): for reference lines drawn over this cell. */
  worldToCanvas(point: Vector3): [number, number] {
    const canvas = this.viewport().worldToCanvas([point[0], point[1], point[2]]);
    return [canvas[0], canvas[1]];
  }

  /** Shows CT slice `index` (stack order): the camera moves along the normal to that slice's position. */
  async goTo(index: number): Promise<void> {
    const positions = this.series.ctSlicePositions;
    const clamped = Math.max(0, Math.min(positions.length - 1, Math.round(index)));
    const wanted = positions[clamped];
    if (wanted === undefined || this.isDestroyed) return;
    const normal = this.series.sliceNormal;
    this.imageIndex = clamped;
    for (const viewport of [this.ctViewport(), this.viewport()]) {
      const { focalPoint, position } = viewport.getCamera();
      if (!focalPoint || !position) continue;
      const along = wanted - dot(focalPoint, normal);
      const move = (p: Types.Point3): Types.Point3 => [p[0] + along * normal[0], p[1] + along * normal[1], p[2] + along * normal[2]];
      if (Math.abs(along) > 1e-6) viewport.setCamera({ focalPoint: move(focalPoint), position: move(position) });
    }
    this.renderBoth();
    this.scheduleEmit();
  }

  resize(): void {
    renderingEngine().resize(true, true);
  }

  subscribe(listener: FusionViewListener): () => void {
    this.listeners.add(listener);
    if (!this.isDestroyed && this.ctVolumeId) listener(this.state());
    return () => this.listeners.delete(listener);
  }

  state(): FusionViewState {
    const viewport = this.viewport();
    const voiRange = viewport.getProperties(this.ctVolumeId)?.voiRange;
    const loaded = this.sharedVolumes.reduce((sum, shared) => sum + shared.loaded, 0);
    const pet = this.appliedPetRange();
    return {
      ...canvasMapOf(viewport),
      imageIndex: this.imageIndex,
      imageCount: this.series.ctSlicePositions.length,
      window: voiRange ? voiRangeToWindow(voiRange) : undefined,
      colormap: this.look.colormap,
      opacity: this.look.opacity,
      petRange: pet.range,
      petThreshold: pet.threshold,
      scale: undefined,
      loadedImages: loaded,
      totalImages: this.series.ct.imageIds.length + this.series.pet.imageIds.length,
    };
  }

  private scheduleEmit(): void {
    if (this.isDestroyed || this.listeners.size === 0 || !this.ctVolumeId) return;
    this.frame ??= requestAnimationFrame(() => {
      this.frame = undefined;
      if (this.isDestroyed) return;
      const state = this.state();
      for (const listener of this.listeners) listener(state);
    });
  }

  destroy(): void {
    if (this.isDestroyed) return;
    this.isDestroyed = true;
    this.listeners.clear();
    if (this.frame !== undefined) cancelAnimationFrame(this.frame);
    for (const event of VIEWPORT_EVENTS) this.layers.fused.removeEventListener(event, this.onViewportEvent);
    this.layers.fused.removeEventListener('wheel', this.onWheel);
    for (const shared of this.sharedVolumes) shared.progress.delete(this.onProgress);
    renderingEngine().disableElement(this.id);
    renderingEngine().disableElement(this.ctViewportId);
    if (this.ctVolumeId) releaseVolume(this.ctVolumeId);
    if (this.petVolumeId) releaseVolume(this.petVolumeId);
  }
}

export interface PetMipViewState extends CanvasMap {
  window: Window | undefined;
  loadedImages: number;
  totalImages: number;
}

export type PetMipViewListener = (state: PetMipViewState) => void;

/**
 * The whole PET volume projected front to back (coronal maximum intensity projection), in
 * inverted gray as nuclear medicine reads it: where the hot lesions are, at a glance.
 */
export class PetMipViewer {
  private readonly id: string;
  private readonly element: HTMLDivElement;
  private readonly totalImages: number;
  private readonly listeners = new Set<PetMipViewListener>();
  private volumeId = '';
  private shared: SharedVolume | undefined;
  private isDestroyed = false;
  private frame: number | undefined;
  private readonly onViewportEvent = () => this.scheduleEmit();

  private constructor(element: HTMLDivElement, totalImages: number) {
    nextViewId += 1;
    this.id = `pet-mip-${nextViewId}`;
    this.element = element;
    this.totalImages = totalImages;
  }

  private viewport(): VolumeViewport {
    return renderingEngine().getViewport(this.id) as VolumeViewport;
  }

  /** `petRange`: PET values shown from white (lower) to black (upper); undefined takes Cornerstone's default. */
  static async create(element: HTMLDivElement, pet: { seriesUid: string; imageIds: readonly string[] }, petRange: VoiRange | undefined): Promise<PetMipViewer> {
    const viewer = new PetMipViewer(element, pet.imageIds.length);
    const engine = renderingEngine();
    engine.enableElement({
      viewportId: viewer.id,
      element,
      type: Enums.ViewportType.ORTHOGRAPHIC,
      defaultOptions: { orientation: Enums.OrientationAxis.CORONAL, background: [1, 1, 1] as Types.Point3 },
    });
    for (const event of VIEWPORT_EVENTS) element.addEventListener(event, viewer.onViewportEvent);
    try {
      const { volumeId, shared } = await acquireVolume(pet.seriesUid, pet.imageIds);
      viewer.volumeId = volumeId;
      viewer.shared = shared;
      shared.progress.add(viewer.onViewportEvent);
      if (viewer.isDestroyed) return viewer;
      const viewport = viewer.viewport();
      await viewport.setVolumes([{ volumeId }]);
      viewport.setBlendMode(Enums.BlendModes.MAXIMUM_INTENSITY_BLEND);
      // Thicker than any body: the projection takes in the whole volume whatever its extent.
      viewport.setSlabThickness(10_000);
      viewport.setProperties({ ...(petRange ? { voiRange: { lower: petRange.lower, upper: petRange.upper } } : {}), invert: true }, volumeId);
      viewport.render();
    } catch (error) {
      viewer.destroy();
      throw error;
    }
    return viewer;
  }

  setRange(petRange: VoiRange): void {
    this.viewport().setProperties({ voiRange: { lower: petRange.lower, upper: petRange.upper } }, this.volumeId);
    this.viewport().render();
  }

  resize(): void {
    renderingEngine().resize(true, true);
  }

  subscribe(listener: PetMipViewListener): () => void {
    this.listeners.add(listener);
    if (!this.isDestroyed && this.volumeId) listener(this.state());
    return () => this.listeners.delete(listener);
  }

  state(): PetMipViewState {
    const viewport = this.viewport();
    const voiRange = viewport.getProperties(this.volumeId)?.voiRange;
    return { ...canvasMapOf(viewport), window: voiRange ? voiRangeToWindow(voiRange) : undefined, loadedImages: this.shared?.loaded ?? 0, totalImages: this.totalImages };
  }

  private scheduleEmit(): void {
    if (this.isDestroyed || this.listeners.size === 0 || !this.volumeId) return;
    this.frame ??= requestAnimationFrame(() => {
      this.frame = undefined;
      if (this.isDestroyed) return;
      const state = this.state();
      for (const listener of this.listeners) listener(state);
    });
  }

  destroy(): void {
    if (this.isDestroyed) return;
    this.isDestroyed = true;
    this.listeners.clear();
    if (this.frame !== undefined) cancelAnimationFrame(this.frame);
    for (const event of VIEWPORT_EVENTS) this.element.removeEventListener(event, this.onViewportEvent);
    this.shared?.progress.delete(this.onViewportEvent);
    renderingEngine().disableElement(this.id);
    if (this.volumeId) releaseVolume(this.volumeId);
  }
}

/** Registers Longview's PET colour maps with Cornerstone (once): the fusion asks for them by name. */
export function registerFusionColormaps(): void {
  for (const definition of Object.values(FUSION_COLORMAPS)) {
    if (utilities.colormap.getColormap(definition.registeredName)) continue;
    utilities.colormap.registerColormap({ Name: definition.registeredName, name: definition.registeredName, ColorSpace: 'RGB', RGBPoints: [...definition.rgbPoints] });
  }
}
