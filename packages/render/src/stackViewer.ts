import { Enums, RenderingEngine, getRenderingEngine, type StackViewport, type Types } from '@cornerstonejs/core';
import { edgeLabels, getNumbers, voiRangeToWindow, windowToVoiRange, type EdgeLabels, type Vector3, type Window } from '@longview/dicom-meta';
import { getRegisteredMetadata } from './imageIds';
import { loadStackImage } from './loadImage';
import { describeLoadError } from './prefetch';
import { addMeasurementTools, applyMouseTool, type MouseTool } from './measurementTools';
import { loadedTools, loadTools } from './tools';
import { attachStackTouch } from './stackTouch';
import { windowAfterDrag, type Point, type TouchGesture } from './touchGestures';
import { ViewerLifecycle } from './viewerLifecycle';

/** What the overlay and the controls show about a stack viewport at one moment. */
export interface StackViewState {
  /** The image asked for: what the overlay numbers, at once, while the image loads. */
  imageIndex: number;
  /**
   * The image on screen now (undefined before the first). It lags imageIndex while the image
   * asked for loads; a measurement made meanwhile is of this one.
   */
  shownIndex: number | undefined;
  imageCount: number;
  imageId: string | undefined;
  window: Window | undefined;
  isInverted: boolean;
  rotation: number;
  isFlippedHorizontally: boolean;
  isFlippedVertically: boolean;
  /** Why the image at imageIndex could not be loaded (nothing of it is on screen), or undefined. */
  unavailableReason: string | undefined;
  /** False when magnification shows true pixels (nearest neighbour) instead of interpolating. */
  isSmooth: boolean;
  /** Mouse tools (drag window/level, pan, zoom) are attached; they load after the first image. */
  hasMouseTools: boolean;
  /** What a left drag does: window/level or draw a measurement. */
  mouseTool: MouseTool;
  /** Screen (CSS) pixels per image pixel: 1 means one image pixel per screen pixel. */
  scale: number | undefined;
  /** Magnification relative to the image fitted to the viewport (1 = fit), as shared views carry it. */
  fitZoom: number | undefined;
  /** The image pixel (column, row; pixel centres at integers) at the viewport's centre. */
  centre: { x: number; y: number } | undefined;
  /** Millimetres per screen pixel; undefined when the image has no PixelSpacing. */
  mmPerScreenPixel: number | undefined;
  /** Orientation markers; undefined when the image has no ImageOrientationPatient. */
  edges: EdgeLabels | undefined;
  /**
   * Where the image's outer pixel edges fall on the canvas, in CSS pixels (unrotated view).
   * Lets a reader of the canvas (tests, screenshots) crop exactly the image.
   */
  imageRect: { x: number; y: number; width: number; height: number } | undefined;
}

export type StackViewListener = (state: StackViewState) => void;

/**
 * How the image is placed in the viewport, independent of the viewport's pixel size: what a
 * shared view carries so another screen shows the same part of the image the same way.
 */
export interface StackPresentation {
  /** Magnification relative to the image fitted to the viewport (1 = fit). */
  zoom: number;
  /** Cornerstone's normalised pan (world offset over zoom and aspect). */
  pan: [number, number];
  /** Degrees clockwise, 0 ≤ rotation < 360. */
  rotation: number;
  flipHorizontal: boolean;
  flipVertical: boolean;
}

const RENDERING_ENGINE_ID = 'longview';

/** The page's one rendering engine: stack and MPR viewports share its WebGL context. */
export function renderingEngine(): RenderingEngine {
  return (getRenderingEngine(RENDERING_ENGINE_ID) as RenderingEngine | undefined) ?? new RenderingEngine(RENDERING_ENGINE_ID);
}

function subtract(a: Types.Point3, b: Types.Point3): Vector3 {
  return [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
}

function length(v: Vector3): number {
  return Math.hypot(v[0], v[1], v[2]);
}

/**
 * One stack viewport on a DOM element: Cornerstone's StackViewport plus its tools
 * (left drag window/level, middle drag pan, right drag zoom, wheel scroll) and the typed
 * commands the app's keyboard shortcuts and buttons call. Owns everything it creates;
 * `destroy()` releases it.
 */
export class StackViewer {
  /** Every viewer on the page, for showing a measurement's image wherever its stack is open. */
  private static readonly live = new Set<StackViewer>();
  readonly viewportId: string;
  private readonly element: HTMLDivElement;
  private readonly lifecycle = new ViewerLifecycle<StackViewState>(() => this.state());
  private cineTimer: ReturnType<typeof setInterval> | undefined;
  /**
   * What state() said when the viewer was destroyed. A cell's viewer goes in the commit that
   * replaces its series, while other cells (reference lines, sync) may still ask it in that
   * render; they get its last view, not a crash on a viewport Cornerstone no longer has.
   */
  private finalState: StackViewState | undefined;
  /** The image the user asked for; differs from the viewport's while it loads or if it failed. */
  private requestedIndex: number | undefined;
  private unavailable: { index: number; reason: string } | undefined;
  private isSmooth = true;
  private hasTools = false;
  private toolsRequested = false;
  private mouseTool: MouseTool = 'window-level';
  private readonly onViewportEvent = () => this.lifecycle.emit();
  private readonly onWheel = (event: WheelEvent) => {
    event.preventDefault();
    if (event.deltaY !== 0) void this.scrollBy(Math.sign(event.deltaY)).catch(() => undefined);
  };
  private detachTouch: () => void = () => undefined;
  /** While two fingers are down: the image point under their first centre, and the zoom then. */
  private twoFingerAnchor: { world: Types.Point3; zoom: number } | undefined;
  /** While a long press drags: the window it started from. */
  private touchWindowStart: Window | undefined;

  private constructor(element: HTMLDivElement, viewportId: string) {
    this.element = element;
    this.viewportId = viewportId;
  }

  static create(element: HTMLDivElement, viewportId: string): StackViewer {
    const engine = renderingEngine();
    // Cornerstone takes the element out of the Tab order (tabIndex -1); the app may make it a
    // Tab stop of its own (a keyboard reader lands on the image), so it keeps what it had.
    const { tabIndex } = element;
    engine.enableElement({
      viewportId,
      element,
      type: Enums.ViewportType.STACK,
      defaultOptions: { background: [0, 0, 0] as Types.Point3 },
    });
    element.tabIndex = tabIndex;
    const viewer = new StackViewer(element, viewportId);
    StackViewer.live.add(viewer);
    for (const event of VIEWPORT_STATE_EVENTS) viewer.lifecycle.listen(element, event, viewer.onViewportEvent);
    // The context menu would hide right-drag zoom.
    viewer.lifecycle.listen(element, 'contextmenu', preventDefault);
    // Our own wheel handling (not a Cornerstone tool) so wheel, keys, scrollbar and cine share
    // one path that steps over images that failed instead of sticking on them.
    viewer.lifecycle.listen(element, 'wheel', viewer.onWheel, { passive: false });
    // Touch works from the first image on: it does not wait for Cornerstone's tools to load.
    viewer.detachTouch = attachStackTouch(element, {
      oneFingerIsTool: () => viewer.mouseTool !== 'window-level' && viewer.hasTools,
      onGesture: (gesture) => viewer.onTouchGesture(gesture),
    });
    return viewer;
  }

  private get viewport(): StackViewport {
    return renderingEngine().getViewport(this.viewportId) as StackViewport;
  }

  /** Mouse tools: left drag window/level, middle pan, right zoom (see requestTools for when). */
  private attachTools(): Promise<void> {
    return loadTools().then((tools) => {
      if (this.lifecycle.isDestroyed) return;
      const { WindowLevelTool, PanTool, ZoomTool, ToolGroupManager, Enums: ToolEnums } = tools;
      // The tools hook their mouse listeners into elements as Cornerstone enables them; this
      // one was enabled before the tools loaded, so hand it over the way that event would.
      if (!tools.state.enabledElements.includes(this.element)) {
        tools.store.addEnabledElement(
          new CustomEvent('longview:element-enabled', {
            detail: { element: this.element, viewportId: this.viewportId, renderingEngineId: RENDERING_ENGINE_ID },
          }) as never,
        );
      }
      const group = ToolGroupManager.createToolGroup(this.toolGroupId);
      if (!group) return;
      for (const tool of [WindowLevelTool, PanTool, ZoomTool]) group.addTool(tool.toolName);
      addMeasurementTools(tools, group);
      applyMouseTool(tools, group, this.mouseTool);
      group.setToolActive(PanTool.toolName, { bindings: [{ mouseButton: ToolEnums.MouseBindings.Auxiliary }] });
      group.setToolActive(ZoomTool.toolName, { bindings: [{ mouseButton: ToolEnums.MouseBindings.Secondary }] });
      group.addViewport(this.viewportId, RENDERING_ENGINE_ID);
      this.hasTools = true;
      this.lifecycle.emit();
    });
  }

  /** What a finger gesture does (see touchGestures.ts for how gestures are told apart). */
  private onTouchGesture(gesture: TouchGesture): void {
    if (this.lifecycle.isDestroyed || this.viewport.getImageData() === undefined) return;
    switch (gesture.kind) {
      case 'scroll':
        this.stopCine();
        void this.scrollBy(gesture.images).catch(() => undefined);
        return;
      case 'double-tap':
        this.reset();
        return;
      case 'two-finger-start':
        this.twoFingerAnchor = { world: this.viewport.canvasToWorld([gesture.centre.x, gesture.centre.y]), zoom: this.viewport.getZoom() };
        return;
      case 'two-finger-move':
        if (this.twoFingerAnchor) this.placeUnder(this.twoFingerAnchor, gesture.centre, gesture.scale);
        return;
      case 'two-finger-end':
        this.twoFingerAnchor = undefined;
        return;
      case 'window-start': {
        const { voiRange } = this.viewport.getProperties();
        this.touchWindowStart = voiRange ? voiRangeToWindow(voiRange) : undefined;
        return;
      }
      case 'window-move':
        if (this.touchWindowStart) this.setWindow(windowAfterDrag(this.touchWindowStart, gesture.dx, gesture.dy));
        return;
      case 'window-end':
        this.touchWindowStart = undefined;
        return;
    }
  }

  /**
   * Zooms to `scale` times the anchor's zoom, then moves the camera so the anchor's image
   * point lies under `centre` (CSS px on the canvas): the image follows the fingers.
   */
  private placeUnder(anchor: { world: Types.Point3; zoom: number }, centre: Point, scale: number): void {
    const viewport = this.viewport;
    viewport.setZoom(Math.min(Math.max(anchor.zoom * scale, MIN_TOUCH_ZOOM), MAX_TOUCH_ZOOM));
    const [nowX, nowY] = viewport.worldToCanvas(anchor.world);
    // The world vector of the screen move from where the point is to where the fingers are;
    // moving the camera the other way carries the image with the fingers.
    const target = viewport.canvasToWorld([centre.x, centre.y]);
    const current = viewport.canvasToWorld([nowX, nowY]);
    const camera = viewport.getCamera();
    const { focalPoint, position } = camera;
    if (!focalPoint || !position) return;
    const shift = subtract(target, current);
    viewport.setCamera({
      focalPoint: [focalPoint[0] - shift[0], focalPoint[1] - shift[1], focalPoint[2] - shift[2]] as Types.Point3,
      position: [position[0] - shift[0], position[1] - shift[1], position[2] - shift[2]] as Types.Point3,
    });
    viewport.render();
  }

  /** Gives the left button to window/level or to a measurement tool (applied once tools load). */
  setMouseTool(tool: MouseTool): void {
    this.mouseTool = tool;
    const tools = loadedTools();
    const group = this.hasTools ? tools?.ToolGroupManager.getToolGroup(this.toolGroupId) : undefined;
    if (tools && group) applyMouseTool(tools, group, tool);
    this.lifecycle.emit();
  }

  /** Shows the image of this stack with that id (a measurement's image); false when not in the stack. */
  showImage(imageId: string): boolean {
    const index = this.viewport.getImageIds().indexOf(imageId);
    if (index < 0) return false;
    void this.goTo(index).catch(() => undefined);
    return true;
  }

  private get toolGroupId(): string {
    return `${this.viewportId}-tools`;
  }

  /** Shows a stack at `index`. Rejects when that image cannot be loaded; the stack stays set. */
  async setStack(imageIds: string[], index: number): Promise<void> {
    this.stopCine();
    this.requestedIndex = index;
    this.unavailable = undefined;
    const shown = imageIds[index];
    // Load through our loader first (it knows archive quirks); the viewport then finds it cached.
    const loaded = shown ? loadStackImage(shown) : Promise.resolve();
    const failure = await loaded.then(
      () => undefined,
      (error: unknown) => error ?? new Error('image failed'),
    );
    if (failure) {
      this.unavailable = { index, reason: describeLoadError(failure) };
      this.lifecycle.emit();
      this.requestTools();
      throw failure;
    }
    await this.viewport.setStack(imageIds, index);
    this.isSmooth = true; // a new stack starts smooth (Cornerstone resets interpolation too)
    const rendered = this.nextRender();
    this.viewport.render();
    await rendered;
    // After the caller has seen the first image, not competing with it.
    setTimeout(() => this.requestTools(), 0);
  }

  /** Loads the mouse tools once, after the first image so they never delay it. */
  private requestTools(): void {
    if (this.toolsRequested) return;
    this.toolsRequested = true;
    this.attachTools().catch(() => {
      this.toolsRequested = false; // a failed chunk download: try again with the next stack
    });
  }

  /** Resolves when the viewport next draws (or after a second, so a lost event cannot hang us). */
  private nextRender(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.element.removeEventListener(Enums.Events.IMAGE_RENDERED, done);
        resolve();
      };
      const timer = setTimeout(done, 1000);
      this.element.addEventListener(Enums.Events.IMAGE_RENDERED, done);
    });
  }

  private get currentIndex(): number {
    return this.requestedIndex ?? this.viewport.getCurrentImageIdIndex();
  }

  /**
   * Shows image `index` (clamped). If it cannot be loaded the viewport is marked unavailable
   * for that index, so the previous image is never left on screen under the new number.
   */
  async goTo(index: number): Promise<void> {
    const imageIds = this.viewport.getImageIds();
    if (imageIds.length === 0) return;
    const clamped = Math.min(Math.max(0, Math.round(index)), imageIds.length - 1);
    this.requestedIndex = clamped;
    this.lifecycle.emit();
    try {
      await loadStackImage(imageIds[clamped] as string);
    } catch (error) {
      if (this.requestedIndex === clamped) {
        this.unavailable = { index: clamped, reason: describeLoadError(error) };
        this.lifecycle.emit();
      }
      throw error;
    }
    if (this.requestedIndex !== clamped) return; // the user has moved on
    this.unavailable = undefined;
    await this.viewport.setImageIdIndex(clamped);
    this.lifecycle.emit();
  }

  async scrollBy(delta: number): Promise<void> {
    await this.goTo(this.currentIndex + delta);
  }

  setWindow(window: Window): void {
    this.viewport.setProperties({ voiRange: windowToVoiRange(window) });
    this.viewport.render();
  }

  /** Magnification relative to the image fitted to the viewport (1 = fit); read for zoom sync. */
  getZoom(): number {
    return this.viewport.getZoom();
  }

  /** Sets the magnification relative to fit, about the viewport centre (zoom sync). */
  setZoom(zoom: number): void {
    if (!(zoom > 0)) return;
    this.viewport.setZoom(zoom);
    this.viewport.render();
  }

  /**
   * Where a point in patient space (LPS, mm) lies on the canvas, in CSS pixels, through the
   * current camera (zoom, pan, rotation, flips): for overlays such as reference lines.
   */
  worldToCanvas(point: Vector3): [number, number] {
    const [x, y] = this.viewport.worldToCanvas([point[0], point[1], point[2]] as Types.Point3);
    return [x, y];
  }

  /**
   * Smooth (linear) or true-pixel (nearest neighbour) magnification. Radiologists switch to
   * true pixels to judge a small structure without the blur interpolation adds.
   */
  setSmoothing(isSmooth: boolean): void {
    // Kept here rather than read back from the viewport: Cornerstone records the
    // interpolation only once an image actor exists and resets it on every setStack.
    this.isSmooth = isSmooth;
    this.viewport.setProperties({ interpolationType: isSmooth ? Enums.InterpolationType.LINEAR : Enums.InterpolationType.NEAREST });
    this.viewport.render();
    this.lifecycle.emit();
  }

  toggleSmoothing(): void {
    this.setSmoothing(!this.isSmooth);
  }

  setInverted(isInverted: boolean): void {
    this.viewport.setProperties({ invert: isInverted });
    this.viewport.render();
  }

  toggleInvert(): void {
    this.setInverted(!this.viewport.getProperties().invert);
  }

  /** Zooms about the viewport centre; factor 2 doubles the magnification. */
  zoomBy(factor: number): void {
    this.viewport.setZoom(this.viewport.getZoom() * factor);
    this.viewport.render();
  }

  /** Pans by a number of screen pixels. */
  panBy(dx: number, dy: number): void {
    const [x, y] = this.viewport.getPan();
    this.viewport.setPan([x + dx, y + dy]);
    this.viewport.render();
  }

  rotateBy(degrees: number): void {
    const { rotation = 0 } = this.viewport.getViewPresentation();
    this.viewport.setViewPresentation({ rotation: degreesInTurn(rotation + degrees) });
    this.viewport.render();
  }

  // Flips go through setCamera: setViewPresentation cannot un-flip in Cornerstone 5.14
  // (it calls flip({ flipHorizontal: false }), which does nothing).
  flipHorizontal(): void {
    this.viewport.setCamera({ flipHorizontal: !this.viewport.getCamera().flipHorizontal });
    this.viewport.render();
  }

  flipVertical(): void {
    this.viewport.setCamera({ flipVertical: !this.viewport.getCamera().flipVertical });
    this.viewport.render();
  }

  /** Zoom, pan, rotation and flips as they are now (for a shared view). */
  presentation(): StackPresentation {
    const viewport = this.viewport;
    const { zoom = 1, pan = [0, 0], rotation = 0 } = viewport.getViewPresentation({ zoom: true, pan: true, rotation: true });
    const camera = viewport.getCamera();
    return {
      zoom,
      pan: [pan[0], pan[1]],
      rotation: degreesInTurn(rotation),
      flipHorizontal: camera.flipHorizontal ?? false,
      flipVertical: camera.flipVertical ?? false,
    };
  }

  /**
   * Places the image as another viewer had it. Flips first, through the camera (see
   * flipHorizontal), then rotation, zoom and pan, which Cornerstone reads in the flipped frame.
   */
  applyPresentation(target: StackPresentation): void {
    const viewport = this.viewport;
    const camera = viewport.getCamera();
    if ((camera.flipHorizontal ?? false) !== target.flipHorizontal || (camera.flipVertical ?? false) !== target.flipVertical) {
      viewport.setCamera({ flipHorizontal: target.flipHorizontal, flipVertical: target.flipVertical });
    }
    viewport.setViewPresentation({ rotation: target.rotation, zoom: target.zoom, pan: [target.pan[0], target.pan[1]] });
    viewport.render();
  }

  /** Back to how the image first appeared: fit to window, stored window, no rotation/flip/invert. */
  reset(): void {
    this.viewport.setCamera({ flipHorizontal: false, flipVertical: false });
    this.viewport.setViewPresentation({ rotation: 0 });
    this.viewport.resetCamera();
    this.viewport.resetProperties();
    this.isSmooth = true;
    this.viewport.setProperties({ interpolationType: Enums.InterpolationType.LINEAR });
    this.viewport.render();
  }

  /**
   * Plays the stack in a loop; frames not yet loaded are waited for, not skipped. A frame that
   * fails (damaged data) shows as unavailable for one tick, then is skipped on every later
   * loop: playback never stalls on it.
   */
  startCine(framesPerSecond: number): void {
    this.stopCine();
    let isBusy = false;
    const failed = new Set<number>();
    this.cineTimer = setInterval(() => {
      if (isBusy) return;
      const count = this.viewport.getImageIds().length;
      if (count < 2) return;
      let next = (this.currentIndex + 1) % count;
      for (let tries = 1; failed.has(next) && tries < count; tries += 1) next = (next + 1) % count;
      isBusy = true;
      this.goTo(next)
        .catch(() => failed.add(next))
        .finally(() => {
          isBusy = false;
        });
    }, 1000 / Math.max(1, framesPerSecond));
    this.lifecycle.emit();
  }

  stopCine(): void {
    if (this.cineTimer !== undefined) clearInterval(this.cineTimer);
    this.cineTimer = undefined;
  }

  get isPlaying(): boolean {
    return this.cineTimer !== undefined;
  }

  /**
   * Tells the viewports their elements changed size (a phone turned, a panel opened). The
   * engine keeps each camera's centre and parallel scale (the world height shown), so a
   * fitted image turned from portrait to landscape would come back smaller than fit; each
   * viewer's magnification relative to fit is put back, which keeps a fitted image fitted
   * and a 2× view at 2×, about the same centre point.
   */
  resize(): void {
    const zooms = new Map<StackViewer, number>();
    for (const viewer of StackViewer.live) {
      if (!viewer.lifecycle.isDestroyed && viewer.viewport.getImageData() !== undefined) zooms.set(viewer, viewer.viewport.getZoom());
    }
    renderingEngine().resize(true, true);
    // A viewport with no image yet has no reader's view to keep, but its camera, kept across
    // the resize, is no longer the fit for its new size, and its first image would inherit
    // that zoom (a phone whose layout settled before the first frame: 0.985 of the fit).
    for (const viewer of StackViewer.live) {
      if (!viewer.lifecycle.isDestroyed && !zooms.has(viewer)) viewer.viewport.resetCamera();
    }
    for (const [viewer, zoom] of zooms) {
      if (Math.abs(viewer.viewport.getZoom() - zoom) < 1e-6) continue;
      viewer.viewport.setZoom(zoom);
      viewer.viewport.render();
    }
  }

  subscribe(listener: StackViewListener): () => void {
    return this.lifecycle.subscribe(listener);
  }

  state(): StackViewState {
    if (this.finalState) return this.finalState;
    const viewport = this.viewport;
    const imageIds = viewport.getImageIds();
    const imageIndex = this.currentIndex;
    const imageId = imageIds[imageIndex];
    const { voiRange, invert } = viewport.getProperties();
    const presentation = viewport.getViewPresentation();
    const camera = viewport.getCamera();
    const hasImage = imageId !== undefined && viewport.getImageData() !== undefined;
    const geometry = hasImage ? this.screenGeometry(imageId) : undefined;
    return {
      imageIndex,
      shownIndex: hasImage ? viewport.getCurrentImageIdIndex() : undefined,
      imageCount: imageIds.length,
      imageId,
      window: voiRange ? voiRangeToWindow(voiRange) : undefined,
      isInverted: invert ?? false,
      isSmooth: this.isSmooth,
      hasMouseTools: this.hasTools,
      mouseTool: this.mouseTool,
      rotation: presentation.rotation ?? 0,
      unavailableReason: this.unavailable?.index === imageIndex ? this.unavailable.reason : undefined,
      isFlippedHorizontally: camera.flipHorizontal ?? false,
      isFlippedVertically: camera.flipVertical ?? false,
      scale: geometry?.scale,
      fitZoom: hasImage ? viewport.getZoom() : undefined,
      centre: hasImage ? this.imageCentre() : undefined,
      mmPerScreenPixel: geometry?.mmPerScreenPixel,
      edges: geometry?.edges,
      imageRect: hasImage ? this.imageRect() : undefined,
    };
  }

  private imageCentre(): StackViewState['centre'] {
    const viewport = this.viewport;
    const data = viewport.getImageData();
    const canvas = viewport.getCanvas();
    const worldToIndex = data?.imageData?.worldToIndex;
    if (!data || !worldToIndex || canvas.clientWidth === 0) return undefined;
    const world = viewport.canvasToWorld([canvas.clientWidth / 2, canvas.clientHeight / 2]);
    const [x, y] = worldToIndex.call(data.imageData, world) as number[];
    return x === undefined || y === undefined ? undefined : { x, y };
  }

  private imageRect(): StackViewState['imageRect'] {
    const viewport = this.viewport;
    const data = viewport.getImageData();
    const indexToWorld = data?.imageData?.indexToWorld;
    if (!data || !indexToWorld) return undefined;
    const [columns, rows] = data.dimensions;
    // Pixel centres sit at integer indices, so the image's outer edges are half a pixel out.
    const topLeft = viewport.worldToCanvas(indexToWorld.call(data.imageData, [-0.5, -0.5, 0]) as Types.Point3);
    const bottomRight = viewport.worldToCanvas(indexToWorld.call(data.imageData, [columns - 0.5, rows - 0.5, 0]) as Types.Point3);
    const x = Math.min(topLeft[0], bottomRight[0]);
    const y = Math.min(topLeft[1], bottomRight[1]);
    return { x, y, width: Math.abs(bottomRight[0] - topLeft[0]), height: Math.abs(bottomRight[1] - topLeft[1]) };
  }

  /**
   * Where screen axes point in patient space, measured through the camera rather than
   * re-derived from our own rotation/flip bookkeeping, so markers cannot drift from pixels.
   */
  private screenGeometry(imageId: string) {
    const viewport = this.viewport;
    const origin = viewport.canvasToWorld([0, 0]);
    const right = subtract(viewport.canvasToWorld([1, 0]), origin);
    const down = subtract(viewport.canvasToWorld([0, 1]), origin);
    const mmPerScreenPixel = length(right);
    const metadata = getRegisteredMetadata(imageId);
    const pixelSpacing = metadata ? getNumbers(metadata, 'PixelSpacing') : undefined;
    const hasOrientation = metadata ? getNumbers(metadata, 'ImageOrientationPatient')?.length === 6 : false;
    // Without PixelSpacing Cornerstone assumes 1 mm per pixel; the ratio still gives image-pixel scale.
    const columnSpacing = pixelSpacing?.[1] ?? 1;
    return {
      scale: mmPerScreenPixel > 0 ? columnSpacing / mmPerScreenPixel : undefined,
      mmPerScreenPixel: pixelSpacing ? mmPerScreenPixel : undefined,
      edges: hasOrientation ? edgeLabels(right, down) : undefined,
    };
  }

  /** The canvas Cornerstone draws into, for reading back pixels. */
  canvas(): HTMLCanvasElement {
    return this.viewport.getCanvas();
  }

  /**
   * Shows the image with that id in a viewer whose stack holds it, the preferred viewport's
   * first (the active cell); false when no viewer on the page holds it.
   */
  static showImageAnywhere(imageId: string, preferredViewportId?: string): boolean {
    const viewers = [...StackViewer.live].sort((a, b) => Number(b.viewportId === preferredViewportId) - Number(a.viewportId === preferredViewportId));
    return viewers.some((viewer) => viewer.showImage(imageId));
  }

  destroy(): void {
    this.lifecycle.destroy(() => {
      this.finalState = this.viewport ? this.state() : undefined;
      StackViewer.live.delete(this);
      this.stopCine();
      this.detachTouch();
      if (this.hasTools) loadedTools()?.ToolGroupManager.destroyToolGroup(this.toolGroupId);
      renderingEngine().disableElement(this.viewportId);
    });
  }
}

/** The viewport events after which the state listeners are told (image, camera, window, stack). */
const VIEWPORT_STATE_EVENTS = [Enums.Events.IMAGE_RENDERED, Enums.Events.CAMERA_MODIFIED, Enums.Events.VOI_MODIFIED, Enums.Events.STACK_NEW_IMAGE];

/** How far a pinch may zoom out and in, relative to fit. */
const MIN_TOUCH_ZOOM = 0.25;
const MAX_TOUCH_ZOOM = 40;

/** An angle in degrees as 0 ≤ angle < 360 (-90 is 270, 450 is 90). */
function degreesInTurn(degrees: number): number {
  return ((degrees % 360) + 360) % 360;
}

function preventDefault(event: Event): void {
  event.preventDefault();
}
