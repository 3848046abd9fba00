import { Enums, cache, setVolumesForViewports, volumeLoader, type Types, type VolumeViewport } from '@cornerstonejs/core';
import { edgeLabels, voiRangeToWindow, windowToVoiRange, type EdgeLabels, type Vector3, type Window } from '@longview/dicom-meta';
import { renderingEngine } from './stackViewer';
import { loadTools } from './tools';
import { ViewerLifecycle } from './viewerLifecycle';

/**
 * Multiplanar reconstruction: the series as one volume (Cornerstone's streaming image volume,
 * which reads the same cached images the stack viewport decoded, so a loaded series is not
 * fetched again), shown in three orthographic planes linked by crosshairs, with a slab of
 * chosen thickness rendered as MIP, MinIP or average. Check the geometry first
 * (mprGeometry.ts): Cornerstone would reconstruct an uneven stack without complaint.
 */

export type MprPlane = 'axial' | 'sagittal' | 'coronal';
export const MPR_PLANES: readonly MprPlane[] = ['axial', 'sagittal', 'coronal'];

export type SlabBlend = 'mip' | 'minip' | 'average';

/** How one plane shows the volume at a moment. */
export interface MprPlaneState {
  edges: EdgeLabels | undefined;
  /** Patient point at the centre of the view (the crosshair centre), mm. */
  focalPoint: Vector3;
  /**
   * The affine map from patient space to canvas CSS pixels: canvas = origin + Σ perMm[axis] ·
   * (world[axis] − focalPoint[axis]). Lets tests place and read points without knowing camera maths.
   */
  canvasOfFocalPoint: [number, number];
  canvasPerMm: [[number, number], [number, number], [number, number]];
}

export interface MprViewState {
  planes: Partial<Record<MprPlane, MprPlaneState>>;
  window: Window | undefined;
  slabThickness: number;
  blend: SlabBlend;
  loadedImages: number;
  totalImages: number;
}

export type MprViewListener = (state: MprViewState) => void;

const ORIENTATIONS: Record<MprPlane, Enums.OrientationAxis> = {
  axial: Enums.OrientationAxis.AXIAL,
  sagittal: Enums.OrientationAxis.SAGITTAL,
  coronal: Enums.OrientationAxis.CORONAL,
};

const BLEND_MODES: Record<SlabBlend, Enums.BlendModes> = {
  mip: Enums.BlendModes.MAXIMUM_INTENSITY_BLEND,
  minip: Enums.BlendModes.MINIMUM_INTENSITY_BLEND,
  average: Enums.BlendModes.AVERAGE_INTENSITY_BLEND,
};

const VIEWPORT_EVENTS = [Enums.Events.IMAGE_RENDERED, Enums.Events.CAMERA_MODIFIED, Enums.Events.VOI_MODIFIED];

function subtract(a: Types.Point3, b: Types.Point3): Vector3 {
  return [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
}

let nextMprId = 0;

export class MprViewer {
  private readonly id: string;
  private readonly volumeId: string;
  private readonly lifecycle = new ViewerLifecycle<MprViewState>(() => this.state());
  private slabThickness = 0;
  private blend: SlabBlend = 'mip';
  private loadedImages = 0;
  private readonly totalImages: number;
  private frame: number | undefined;
  private readonly onViewportEvent = () => this.scheduleEmit();

  private constructor(imageIds: readonly string[]) {
    nextMprId += 1;
    this.id = `mpr-${nextMprId}`;
    this.volumeId = `cornerstoneStreamingImageVolume:longview-${this.id}`;
    this.totalImages = imageIds.length;
  }

  private viewportId(plane: MprPlane): string {
    return `${this.id}-${plane}`;
  }

  private get toolGroupId(): string {
    return `${this.id}-tools`;
  }

  private viewport(plane: MprPlane): VolumeViewport {
    return renderingEngine().getViewport(this.viewportId(plane)) as VolumeViewport;
  }

  /** Builds the volume from a stack's image ids (in stack order) and shows it in three planes. */
  static async create(elements: Record<MprPlane, HTMLDivElement>, imageIds: readonly string[], window: Window | undefined): Promise<MprViewer> {
    const viewer = new MprViewer(imageIds);
    const tools = await loadTools();
    const engine = renderingEngine();
    for (const plane of MPR_PLANES) {
      engine.enableElement({
        viewportId: viewer.viewportId(plane),
        element: elements[plane],
        type: Enums.ViewportType.ORTHOGRAPHIC,
        defaultOptions: { orientation: ORIENTATIONS[plane], background: [0, 0, 0] as Types.Point3 },
      });
      for (const event of VIEWPORT_EVENTS) viewer.lifecycle.listen(elements[plane], event, viewer.onViewportEvent);
      viewer.lifecycle.listen(elements[plane], 'contextmenu', preventDefault);
    }
    const volume = await volumeLoader.createAndCacheVolume(viewer.volumeId, { imageIds: [...imageIds] });
    const viewportIds = MPR_PLANES.map((plane) => viewer.viewportId(plane));
    await setVolumesForViewports(engine, [{ volumeId: viewer.volumeId }], viewportIds);

    const { CrosshairsTool, PanTool, ZoomTool, ToolGroupManager, Enums: ToolEnums } = tools;
    tools.addTool(CrosshairsTool);
    const group = ToolGroupManager.createToolGroup(viewer.toolGroupId);
    if (group) {
      group.addTool(CrosshairsTool.toolName);
      group.addTool(PanTool.toolName);
      group.addTool(ZoomTool.toolName);
      for (const id of viewportIds) group.addViewport(id, engine.id);
      group.setToolActive(CrosshairsTool.toolName, { bindings: [{ mouseButton: ToolEnums.MouseBindings.Primary }] });
      group.setToolActive(PanTool.toolName, { bindings: [{ mouseButton: ToolEnums.MouseBindings.Auxiliary }] });
      group.setToolActive(ZoomTool.toolName, { bindings: [{ mouseButton: ToolEnums.MouseBindings.Secondary }] });
    }
    // A streaming volume loads with a progress callback; Cornerstone's IImageVolume type leaves
    // load() out. Pinned by cornerstoneInternals.test.ts ("a streaming volume loads …").
    (volume as unknown as { load: (callback: (event: { framesProcessed?: number }) => void) => void }).load((event) => {
      viewer.loadedImages = event.framesProcessed ?? viewer.loadedImages + 1;
      viewer.scheduleEmit();
    });
    if (window) viewer.setWindow(window);
    engine.renderViewports(viewportIds);
    return viewer;
  }

  setWindow(window: Window): void {
    for (const plane of MPR_PLANES) this.viewport(plane).setProperties({ voiRange: windowToVoiRange(window) });
    renderingEngine().renderViewports(MPR_PLANES.map((plane) => this.viewportId(plane)));
  }

  /** Slab of `thicknessMm` around each plane, blended as chosen; 0 shows one voxel thick planes. */
  setSlab(thicknessMm: number, blend: SlabBlend): void {
    this.slabThickness = Math.max(0, thicknessMm);
    this.blend = blend;
    for (const plane of MPR_PLANES) {
      const viewport = this.viewport(plane);
      if (this.slabThickness > 0) {
        viewport.setBlendMode(BLEND_MODES[blend]);
        viewport.setSlabThickness(this.slabThickness);
      } else {
        viewport.setBlendMode(Enums.BlendModes.COMPOSITE);
        viewport.resetSlabThickness();
      }
    }
    renderingEngine().renderViewports(MPR_PLANES.map((plane) => this.viewportId(plane)));
    this.scheduleEmit();
  }

  /** The crosshair centre: where the three planes cross, in patient space (mm). */
  center(): Vector3 {
    const focal = (plane: MprPlane) => this.viewport(plane).getCamera().focalPoint as Types.Point3;
    return [focal('sagittal')[0], focal('coronal')[1], focal('axial')[2]];
  }

  /**
   * Moves each plane along its own normal so the three cross at `point` (a shared view's
   * crosshair centre); what each plane shows in its own plane (zoom, pan) stays.
   */
  setCenter(point: Vector3): void {
    for (const plane of MPR_PLANES) {
      const viewport = this.viewport(plane);
      const { focalPoint, position, viewPlaneNormal } = viewport.getCamera();
      if (!focalPoint || !position || !viewPlaneNormal) continue;
      const offset = subtract(point as Types.Point3, focalPoint);
      const along = offset[0] * viewPlaneNormal[0] + offset[1] * viewPlaneNormal[1] + offset[2] * viewPlaneNormal[2];
      if (Math.abs(along) < 1e-3) continue;
      const move = (p: Types.Point3): Types.Point3 => [p[0] + along * viewPlaneNormal[0], p[1] + along * viewPlaneNormal[1], p[2] + along * viewPlaneNormal[2]];
      viewport.setCamera({ focalPoint: move(focalPoint), position: move(position) });
    }
    renderingEngine().renderViewports(MPR_PLANES.map((plane) => this.viewportId(plane)));
    this.scheduleEmit();
  }

  /** Tells the viewports their elements changed size. */
  resize(): void {
    renderingEngine().resize(true, true);
  }

  subscribe(listener: MprViewListener): () => void {
    return this.lifecycle.subscribe(listener);
  }

  private planeState(plane: MprPlane): MprPlaneState {
    const viewport = this.viewport(plane);
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
    }) as MprPlaneState['canvasPerMm'];
    return {
      edges: edgeLabels(right, down),
      focalPoint: [focal[0], focal[1], focal[2]],
      canvasOfFocalPoint: [canvasOfFocal[0], canvasOfFocal[1]],
      canvasPerMm: perMm,
    };
  }

  state(): MprViewState {
    const planes: MprViewState['planes'] = {};
    for (const plane of MPR_PLANES) planes[plane] = this.planeState(plane);
    const voiRange = this.viewport('axial').getProperties()?.voiRange;
    return {
      planes,
      window: voiRange ? voiRangeToWindow(voiRange) : undefined,
      slabThickness: this.slabThickness,
      blend: this.blend,
      loadedImages: this.loadedImages,
      totalImages: this.totalImages,
    };
  }

  /** Tells the listeners at most once a frame: one change fires events from all three planes. */
  private scheduleEmit(): void {
    if (!this.lifecycle.hasListeners) return;
    this.frame ??= requestAnimationFrame(() => {
      this.frame = undefined;
      this.lifecycle.emit();
    });
  }

  /** Releases the viewports, the tool group and the volume (its images stay in the image cache). */
  destroy(): void {
    this.lifecycle.destroy(() => {
      if (this.frame !== undefined) cancelAnimationFrame(this.frame);
      void loadTools().then((tools) => tools.ToolGroupManager.destroyToolGroup(this.toolGroupId));
      for (const plane of MPR_PLANES) renderingEngine().disableElement(this.viewportId(plane));
      if (cache.getVolumeLoadObject(this.volumeId)) cache.removeVolumeLoadObject(this.volumeId);
    });
  }
}

function preventDefault(event: Event): void {
  event.preventDefault();
}
