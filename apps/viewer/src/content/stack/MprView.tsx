import { useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import type { DicomJson, Window } from '@longview/dicom-meta';
import type { MprPlane, MprViewer, MprViewState, SlabBlend } from '@longview/render';
import { volumeGeometryOf, type SliceGeometry } from '@longview/render/plain';
import type { SharedMpr } from '@longview/shared-view';
import { isTyping } from '../../keyboard/isTyping';
import { loadRender } from '../../render/loadRender';
import type { StackImage } from '../../series/seriesStack';
import { sliceGeometryOf } from '../../series/sliceGeometry';
import { WindowEntry } from './WindowEntry';
import { useReported } from '../../react/useReported';

const PLANES: ReadonlyArray<{ plane: MprPlane; label: string }> = [
  { plane: 'axial', label: 'Axial' },
  { plane: 'sagittal', label: 'Sagittal' },
  { plane: 'coronal', label: 'Coronal' },
];

const SLAB_THICKNESSES_MM = [0, 2, 5, 10, 20, 40];
const BLENDS: ReadonlyArray<{ blend: SlabBlend; label: string }> = [
  { blend: 'mip', label: 'MIP' },
  { blend: 'minip', label: 'MinIP' },
  { blend: 'average', label: 'Average' },
];

type MprStatus = { kind: 'checking' } | { kind: 'refused'; reason: string } | { kind: 'showing' } | { kind: 'failed'; message: string };

interface MprViewProps {
  images: readonly StackImage[];
  metadataBySop: ReadonlyMap<string, DicomJson>;
  initialWindow: Window | undefined;
  onClose: () => void;
  /** The viewer once the planes show (undefined when it goes): for sharing the view. */
  onViewer?: (viewer: MprViewer | undefined) => void;
  /** A shared MPR view to take on (crosshair centre, slab); `key` changes per request. */
  sharedMpr?: { mpr: SharedMpr; key: number } | undefined;
}

/**
 * The three planes of the series' volume, once the geometry allows a reconstruction: refused
 * (with the reason) when the slices do not make a volume, failed when the renderer cannot.
 */
function useMprViewer(images: readonly StackImage[], geometry: readonly SliceGeometry[], elementRefs: Record<MprPlane, RefObject<HTMLDivElement | null>>, windowRef: RefObject<Window | undefined>) {
  const [status, setStatus] = useState<MprStatus>({ kind: 'checking' });
  const [viewer, setViewer] = useState<MprViewer | undefined>(undefined);
  useEffect(() => {
    let created: MprViewer | undefined;
    let isCancelled = false;
    void loadRender()
      .then(async (render) => {
        const volume = volumeGeometryOf(geometry);
        if (volume.kind === 'not-reconstructable') {
          setStatus({ kind: 'refused', reason: volume.reason });
          return;
        }
        const { axial, sagittal, coronal } = elementRefs;
        if (isCancelled || !axial.current || !sagittal.current || !coronal.current) return;
        const elements = { axial: axial.current, sagittal: sagittal.current, coronal: coronal.current };
        created = await render.MprViewer.create(elements, images.map((image) => image.imageId), windowRef.current);
        if (isCancelled) {
          created.destroy();
          return;
        }
        setViewer(created);
        setStatus({ kind: 'showing' });
      })
      .catch(() => setStatus({ kind: 'failed', message: 'The reconstruction could not be shown.' }));
    return () => {
      isCancelled = true;
      created?.destroy();
    };
  }, [images, geometry, elementRefs, windowRef]);
  return { status, viewer };
}

/** Slab thickness and blend, window, close, and the volume's loading progress. */
function MprControls(props: {
  viewer: MprViewer | undefined;
  view: MprViewState | undefined;
  slabThickness: number;
  onSlabThickness: (mm: number) => void;
  blend: SlabBlend;
  onBlend: (blend: SlabBlend) => void;
  onClose: () => void;
}) {
  const { viewer, view, slabThickness, blend, onSlabThickness, onBlend, onClose } = props;
  return (
    <div className="mpr-controls" role="toolbar" aria-label="MPR controls">
      <label>
        Slab{' '}
        <select aria-label="Slab thickness" value={slabThickness} onChange={(event) => onSlabThickness(Number(event.target.value))} disabled={!viewer}>
          {SLAB_THICKNESSES_MM.map((mm) => (
            <option key={mm} value={mm}>
              {mm === 0 ? 'thin' : `${mm} mm`}
            </option>
          ))}
        </select>
      </label>
      <div className="tool-group" role="group" aria-label="Slab blend">
        {BLENDS.map((b) => (
          <button key={b.blend} type="button" aria-pressed={blend === b.blend} disabled={!viewer} onClick={() => onBlend(b.blend)}>
            {b.label}
          </button>
        ))}
      </div>
      <WindowEntry current={view?.window} disabled={!viewer} onApply={(window) => viewer?.setWindow(window)} />
      <button type="button" onClick={onClose} title="Back to the stack (Esc)">
        Close MPR
      </button>
      {view && view.loadedImages < view.totalImages ? (
        <span className="mpr-progress" role="status">
          Building volume {view.loadedImages}/{view.totalImages}
        </span>
      ) : null}
    </div>
  );
}

/**
 * MPR mode of a viewport: axial, sagittal and coronal planes of the series' volume with
 * crosshairs (left drag), slab thickness and blend, window. Esc returns to the stack.
 */
export function MprView({ images, metadataBySop, initialWindow, onClose, onViewer, sharedMpr }: MprViewProps) {
  const axialRef = useRef<HTMLDivElement>(null);
  const sagittalRef = useRef<HTMLDivElement>(null);
  const coronalRef = useRef<HTMLDivElement>(null);
  const elementRefs = useMemo(() => ({ axial: axialRef, sagittal: sagittalRef, coronal: coronalRef }), []);
  const [view, setView] = useState<MprViewState | undefined>(undefined);
  const [slabThickness, setSlabThickness] = useState(0);
  const [blend, setBlend] = useState<SlabBlend>('mip');
  const geometry = useMemo(() => images.map((image) => sliceGeometryOf(metadataBySop.get(image.sopInstanceUid))), [images, metadataBySop]);
  const windowRef = useRef(initialWindow);

  const { status, viewer } = useMprViewer(images, geometry, elementRefs, windowRef);

  useEffect(() => viewer?.subscribe(setView), [viewer]);
  useReported(viewer, onViewer);
  useEffect(() => {
    if (!viewer || !sharedMpr) return;
    setSlabThickness(sharedMpr.mpr.slabMm);
    setBlend(sharedMpr.mpr.blend);
    const [x, y, z] = sharedMpr.mpr.center;
    viewer.setCenter([x, y, z]);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- a new request is a new key
  }, [viewer, sharedMpr?.key]);
  useEffect(() => viewer?.setSlab(slabThickness, blend), [viewer, slabThickness, blend]);

  useEffect(() => {
    if (!viewer) return undefined;
    const observer = new ResizeObserver(() => viewer.resize());
    for (const ref of Object.values(elementRefs)) if (ref.current) observer.observe(ref.current);
    return () => observer.disconnect();
  }, [viewer, elementRefs]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !isTyping(event)) {
        event.stopImmediatePropagation();
        onClose();
      }
    };
    window.addEventListener('keydown', onKey, { capture: true });
    return () => window.removeEventListener('keydown', onKey, { capture: true });
  }, [onClose]);

  return (
    <div className="mpr-view" data-testid="mpr" data-status={status.kind} data-loaded={view?.loadedImages} data-total={view?.totalImages}>
      <MprControls viewer={viewer} view={view} slabThickness={slabThickness} onSlabThickness={setSlabThickness} blend={blend} onBlend={setBlend} onClose={onClose} />
      {status.kind === 'refused' ? (
        <div className="viewport-message error" role="alert" data-testid="mpr-refused">
          This series cannot be reconstructed: {status.reason}.
        </div>
      ) : null}
      {status.kind === 'failed' ? (
        <div className="viewport-message error" role="alert">
          {status.message}
        </div>
      ) : null}
      <div className="mpr-planes">
        {PLANES.map(({ plane, label }) => {
          const planeState = view?.planes[plane];
          return (
            <div className="mpr-plane" key={plane}>
              <div
                className="mpr-element"
                ref={elementRefs[plane]}
                data-testid={`mpr-${plane}`}
                data-focal-point={planeState?.focalPoint.join(',')}
                data-canvas-of-focal-point={planeState?.canvasOfFocalPoint.join(',')}
                data-canvas-per-mm={planeState?.canvasPerMm.flat().join(',')}
              />
              <div className="mpr-plane-label">{label}</div>
              {planeState?.edges
                ? (['left', 'right', 'top', 'bottom'] as const).map((edge) => (
                    <span key={edge} className={`edge edge-${edge}`} data-testid={`mpr-${plane}-marker-${edge}`}>
                      {planeState.edges?.[edge]}
                    </span>
                  ))
                : null}
            </div>
          );
        })}
      </div>
    </div>
  );
}
