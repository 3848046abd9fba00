import { Enums, getConfiguration, setConfiguration, type WSIViewport } from '@cornerstonejs/core';
import type { DicomJson } from '@longview/dicom-meta';
import type { ArchiveClient } from '@longview/dicomweb';
import { renderingEngine } from './stackViewer';
import { ViewerLifecycle } from './viewerLifecycle';
import { WsiDicomwebClient, type WsiFetchCounts } from './wsiClient';
import { levelForResolution, magnificationOf, wsiPyramidOf, type BaseRect, type WsiPyramid } from './wsiGeometry';

/**
 * Whole-slide microscopy through Cornerstone3D's WSIViewport, which hands the pyramid to
 * dicom-microscopy-viewer (OpenLayers tile layers, WebGL, a decoding web worker). What this
 * file adds around it, and why:
 *
 * - dicom-microscopy-viewer (2.6 MB) is imported only when a slide is opened, through
 *   Cornerstone's `peerImport` hook: never part of the first chunk, nor of the stack viewer's.
 * - Its decoding worker is a separate file the library fetches from `PUBLIC_LIB_URL`; the
 *   app's build copies it to WORKER_PATH (same origin: the CSP allows workers from 'self').
 * - Cornerstone injects a `<style>` for the mini navigation overlay; the CSP forbids inline
 *   styles, so that overlay is switched off (`miniNavigationOverlay: false`) and the
 *   library's own overview/position controls are removed: the app draws its own navigator,
 *   magnification and scale bar from the state emitted here. (The bundled OpenLayers also
 *   tries to add a `<style>`, which the CSP refuses; the slide layers are styled inline by
 *   OpenLayers itself and draw without it.)
 * - OpenLayers' own mouse interactions animate zooms (every intermediate resolution asks for
 *   tiles) and the WSIViewport expects Cornerstone tools for panning; this class drives the
 *   view directly (drag pans, wheel and keys zoom in steps, no animation), so a view asks only
 *   for the tiles it shows. Touch goes the same way, through pointer events: one finger pans,
 *   two fingers pinch-zoom about their centre and pan with it (OpenLayers' PinchZoom would
 *   animate to a resolution step on release, asking for the tiles of every step between).
 */

/** Where the build puts dicom-microscopy-viewer's worker (see apps/viewer/vite.config.ts). */
export const MICROSCOPY_WORKER_DIRECTORY = '/dicom-microscopy-viewer/';

/** Finest view: 4 screen pixels per base pixel (160× for a 40× scan). */
const MIN_RESOLUTION = 0.25;
/** Margin around the slide when the whole of it is shown. */
const FIT_MARGIN = 1.04;
const WHEEL_STEP = 1.25;

export interface WsiViewState {
  /** Index into pyramid.levels (0 = base) of the level the view draws from. */
  levelIndex: number;
  /** Base pixels per screen (CSS) pixel. */
  resolution: number;
  mmPerScreenPixel: number | undefined;
  /** Conventional objective magnification of the view (40× = 0.25 µm per screen pixel). */
  magnification: number | undefined;
  /** The part of the slide on screen, in base pixels (may reach past the slide's edges). */
  viewRect: BaseRect;
  /** Whether every tile the view needs has been drawn (OpenLayers "rendercomplete"). */
  isSettled: boolean;
  fetches: WsiFetchCounts;
}

export type WsiViewListener = (state: WsiViewState) => void;

interface OlView {
  getResolution(): number | undefined;
  setResolution(resolution: number): void;
  getCenter(): number[] | undefined;
  setCenter(center: number[]): void;
  calculateExtent(size: number[]): number[];
  cancelAnimations(): void;
  setRotation(rotation: number): void;
}
interface OlCollection<T> {
  getArray(): T[];
  remove(item: T): unknown;
  on(type: 'add', listener: (event: { element: T }) => void): unknown;
  un(type: 'add', listener: (event: { element: T }) => void): void;
}
/** What wsi.ts drives on the slide's OpenLayers map (cornerstoneInternals.test.ts checks each). */
export interface OlMap {
  getView(): OlView;
  getSize(): number[] | undefined;
  updateSize(): void;
  getControls(): OlCollection<unknown>;
  getInteractions(): OlCollection<{ setActive(active: boolean): void }>;
  on(type: string, listener: () => void): unknown;
  un(type: string, listener: () => void): void;
}

let microscopyImportInstalled = false;

/** Lets Cornerstone's WSIViewport import dicom-microscopy-viewer, as a chunk of its own. */
function installMicroscopyImport(): void {
  if (microscopyImportInstalled) return;
  microscopyImportInstalled = true;
  // dicom-microscopy-viewer resolves its worker against these globals (webWorkerManager.js).
  const page: { PUBLIC_URL?: string; PUBLIC_LIB_URL?: string } = window as Window & { PUBLIC_URL?: string; PUBLIC_LIB_URL?: string };
  page.PUBLIC_URL ??= '/';
  page.PUBLIC_LIB_URL ??= MICROSCOPY_WORKER_DIRECTORY;
  const configuration = getConfiguration();
  const previous = configuration.peerImport;
  setConfiguration({
    ...configuration,
    peerImport: async (moduleId: string) => {
      if (moduleId !== 'dicom-microscopy-viewer') return previous?.(moduleId);
      // A webpack UMD bundle: its exports arrive as the namespace's default.
      const module = (await import('dicom-microscopy-viewer')) as { default?: unknown };
      return module.default ?? module;
    },
  });
}

/** OpenLayers' map y axis points up and starts at −1 (dicom-microscopy-viewer's pyramid). */
const toMap = (x: number, y: number): number[] => [x, -1 - y];

/**
 * One slide on a DOM element. `open` resolves once the viewer is built (tiles load after);
 * `destroy()` cancels requests and releases the viewport.
 */
export class WsiViewer {
  readonly pyramid: WsiPyramid;
  private readonly lifecycle = new ViewerLifecycle<WsiViewState>(() => this.state());
  private isSettled = false;
  /** Pointers (mouse button or fingers) now down on the slide, at their last client position. */
  private readonly pointers = new Map<number, { x: number; y: number }>();
  private readonly resizeObserver: ResizeObserver;

  private constructor(
    private readonly element: HTMLDivElement,
    private readonly viewportId: string,
    private readonly viewport: WSIViewport,
    private readonly map: OlMap,
    private readonly client: WsiDicomwebClient,
    pyramid: WsiPyramid,
  ) {
    this.pyramid = pyramid;
    client.onFetched = () => this.lifecycle.emit();
    this.resizeObserver = new ResizeObserver(() => {
      this.viewport.resize();
      this.map.updateSize();
    });
    this.resizeObserver.observe(element);
  }

  static async open(
    element: HTMLDivElement,
    { archive, studyUid, seriesUid, metadata, viewportId }: { archive: ArchiveClient; studyUid: string; seriesUid: string; metadata: DicomJson[]; viewportId: string },
  ): Promise<WsiViewer> {
    installMicroscopyImport();
    const pyramid = wsiPyramidOf(metadata);
    if (pyramid.levels.length === 0) throw new Error('This series holds no tiled slide image.');
    const metadataByImageId = new Map<string, DicomJson>();
    for (const instance of metadata) {
      const sop = instance['00080018']?.Value?.[0];
      if (typeof sop === 'string') metadataByImageId.set(`wadors:${archive.frameUrl(studyUid, seriesUid, sop, 1)}`, instance);
    }
    const client = new WsiDicomwebClient(archive, metadataByImageId);
    const engine = renderingEngine();
    engine.enableElement({ viewportId, element, type: Enums.ViewportType.WHOLE_SLIDE });
    const viewport = engine.getViewport(viewportId) as WSIViewport;
    try {
      // Cornerstone types the metadata as naturalised fields, yet reads DICOM JSON (tags) from it.
      const webClient = client as unknown as NonNullable<Parameters<WSIViewport['setDataIds']>[1]>['webClient'];
      await viewport.setDataIds([...metadataByImageId.keys()], { webClient, miniNavigationOverlay: false });
    } catch (error) {
      client.cancel();
      engine.disableElement(viewportId);
      throw error;
    }
    // The map is the WSIViewport's (protected): the view, controls and interactions it owns
    // are what the app drives, and Cornerstone 5.14 exposes only the view. Pinned by
    // cornerstoneInternals.test.ts ("a slide viewport keeps its OpenLayers map in `map`").
    const map = (viewport as unknown as { map: OlMap }).map;
    const viewer = new WsiViewer(element, viewportId, viewport, map, client, pyramid);
    viewer.takeOverInteraction();
    viewer.resetView();
    return viewer;
  }

  private takeOverInteraction(): void {
    // dicom-microscopy-viewer re-adds its overview map on every resize; it is taken out again
    // at once, before it draws (or fetches tiles of its own).
    const controls = this.map.getControls();
    for (const control of [...controls.getArray()]) controls.remove(control);
    controls.on('add', this.onControlAdded);
    // The library turns the view to the slide's coordinate system (ImageOrientationSlide); the
    // reader gets the pixel matrix as scanned, as the navigator, label and overview show it.
    this.view.setRotation(0);
    for (const interaction of this.map.getInteractions().getArray()) interaction.setActive(false);
    this.map.on('postrender', this.onPostRender);
    this.map.on('rendercomplete', this.onRenderComplete);
    this.map.on('movestart', this.onMoveStart);
    this.lifecycle.listen(this.element, 'pointerdown', this.onPointerDown);
    this.lifecycle.listen(this.element, 'pointermove', this.onPointerMove);
    this.lifecycle.listen(this.element, 'pointerup', this.onPointerUp);
    this.lifecycle.listen(this.element, 'pointercancel', this.onPointerUp);
    this.lifecycle.listen(this.element, 'wheel', this.onWheel, { passive: false });
  }

  private readonly onControlAdded = (event: { element: unknown }) => {
    this.map.getControls().remove(event.element);
  };
  private readonly onPostRender = () => this.lifecycle.emit();
  private readonly onRenderComplete = () => {
    this.isSettled = true;
    this.lifecycle.emit();
  };
  private readonly onMoveStart = () => {
    this.isSettled = false;
  };
  private readonly onPointerDown = (event: PointerEvent) => {
    if (event.button !== 0 && event.button !== 1) return;
    this.pointers.set(event.pointerId, { x: event.clientX, y: event.clientY });
    this.element.setPointerCapture(event.pointerId);
  };
  private readonly onPointerMove = (event: PointerEvent) => {
    const previous = this.pointers.get(event.pointerId);
    if (!previous) return;
    const [first, second] = [...this.pointers.keys()];
    if (second === undefined) {
      this.panByScreen(event.clientX - previous.x, event.clientY - previous.y);
    } else if (event.pointerId === first || event.pointerId === second) {
      // Two fingers: the slide point under their centre follows the centre, and the view
      // scales with their spread. Only the first two count; a third finger is ignored.
      const other = this.pointers.get(event.pointerId === first ? second : (first as number));
      if (other) this.pinchStep(previous, { x: event.clientX, y: event.clientY }, other);
    }
    this.pointers.set(event.pointerId, { x: event.clientX, y: event.clientY });
  };
  private readonly onPointerUp = (event: PointerEvent) => {
    if (!this.pointers.delete(event.pointerId)) return;
    if (this.element.hasPointerCapture(event.pointerId)) this.element.releasePointerCapture(event.pointerId);
  };

  /** One finger of a pinch moved from `from` to `to` while `other` stayed (client coordinates). */
  private pinchStep(from: { x: number; y: number }, to: { x: number; y: number }, other: { x: number; y: number }): void {
    const bounds = this.element.getBoundingClientRect();
    const before = { x: (from.x + other.x) / 2, y: (from.y + other.y) / 2 };
    const after = { x: (to.x + other.x) / 2, y: (to.y + other.y) / 2 };
    const spreadBefore = Math.hypot(from.x - other.x, from.y - other.y);
    const spreadAfter = Math.hypot(to.x - other.x, to.y - other.y);
    this.panByScreen(after.x - before.x, after.y - before.y);
    if (spreadBefore > 0 && spreadAfter > 0) this.zoomBy(spreadAfter / spreadBefore, { x: after.x - bounds.left, y: after.y - bounds.top });
  }
  private readonly onWheel = (event: WheelEvent) => {
    event.preventDefault();
    if (event.deltaY === 0) return;
    const bounds = this.element.getBoundingClientRect();
    this.zoomBy(event.deltaY < 0 ? WHEEL_STEP : 1 / WHEEL_STEP, { x: event.clientX - bounds.left, y: event.clientY - bounds.top });
  };

  private get view(): OlView {
    return this.map.getView();
  }

  private screenSize(): [number, number] {
    const size = this.map.getSize();
    return [size?.[0] || this.element.clientWidth || 1, size?.[1] || this.element.clientHeight || 1];
  }

  private get base() {
    // open() refused a pyramid without levels.
    return this.pyramid.levels[0] as NonNullable<WsiPyramid['levels'][0]>;
  }

  /** The resolution showing the whole slide. */
  fitResolution(): number {
    const [width, height] = this.screenSize();
    return Math.max(this.base.totalColumns / width, this.base.totalRows / height) * FIT_MARGIN;
  }

  /** The whole slide, centred. */
  resetView(): void {
    this.setView({ x: this.base.totalColumns / 2, y: this.base.totalRows / 2 }, this.fitResolution());
  }

  /** Centres base pixel (x, y) at `resolution` base pixels per screen pixel. */
  setView(centre: { x: number; y: number }, resolution: number): void {
    this.view.cancelAnimations();
    this.view.setResolution(Math.min(Math.max(resolution, MIN_RESOLUTION), this.fitResolution() * 2));
    this.view.setCenter(toMap(centre.x, centre.y));
  }

  /** Zooms in (factor > 1) or out around a screen point (default: the centre). */
  zoomBy(factor: number, around?: { x: number; y: number }): void {
    const resolution = this.view.getResolution();
    const centre = this.view.getCenter();
    if (!resolution || !centre || !(factor > 0)) return;
    const [width, height] = this.screenSize();
    const anchor = around ?? { x: width / 2, y: height / 2 };
    const anchorX = (centre[0] ?? 0) + (anchor.x - width / 2) * resolution;
    const anchorY = -1 - ((centre[1] ?? 0) - (anchor.y - height / 2) * resolution);
    const next = Math.min(Math.max(resolution / factor, MIN_RESOLUTION), this.fitResolution() * 2);
    const scale = next / resolution;
    const x = anchorX + ((centre[0] ?? 0) - anchorX) * scale;
    const y = anchorY + (-1 - (centre[1] ?? 0) - anchorY) * scale;
    this.setView({ x, y }, next);
  }

  /** Moves the slide by (dx, dy) screen pixels (positive: the slide moves right / down). */
  panByScreen(dx: number, dy: number): void {
    const resolution = this.view.getResolution();
    const centre = this.view.getCenter();
    if (!resolution || !centre) return;
    this.view.cancelAnimations();
    this.view.setCenter([(centre[0] ?? 0) - dx * resolution, (centre[1] ?? 0) + dy * resolution]);
  }

  state(): WsiViewState {
    const resolution = this.view.getResolution() ?? this.fitResolution();
    const [minX = 0, minY = 0, maxX = 0, maxY = 0] = this.view.calculateExtent(this.screenSize());
    const mmPerScreenPixel = this.pyramid.baseSpacingMm !== undefined ? this.pyramid.baseSpacingMm * resolution : undefined;
    return {
      levelIndex: levelForResolution(this.pyramid.levels, resolution),
      resolution,
      mmPerScreenPixel,
      magnification: mmPerScreenPixel !== undefined ? magnificationOf(mmPerScreenPixel) : undefined,
      viewRect: { x0: minX, x1: maxX, y0: -1 - maxY, y1: -1 - minY },
      isSettled: this.isSettled,
      fetches: { ...this.client.counts },
    };
  }

  subscribe(listener: WsiViewListener): () => void {
    return this.lifecycle.subscribe(listener);
  }

  destroy(): void {
    this.lifecycle.destroy(() => {
      this.resizeObserver.disconnect();
      this.client.cancel();
      this.map.getControls().un('add', this.onControlAdded);
      this.map.un('postrender', this.onPostRender);
      this.map.un('rendercomplete', this.onRenderComplete);
      this.map.un('movestart', this.onMoveStart);
      this.pointers.clear();
      renderingEngine().disableElement(this.viewportId);
    });
  }
}
