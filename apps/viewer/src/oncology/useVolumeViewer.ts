import { useEffect, useState, type RefObject } from 'react';
import type { DicomJson } from '@longview/dicom-meta';
import { volumeGeometryOf } from '@longview/render/plain';
import { useDecodedImageBytes } from '../config/MemoryContext';
import { loadRender } from '../render/loadRender';
import { registerSeriesMetadata, type SeriesStack } from '../series/seriesStack';
import { sliceGeometryOf } from '../series/sliceGeometry';

type RenderModule = Awaited<ReturnType<typeof loadRender>>;

/** What a volume cell shows: waiting for its series, a refusal in words, a failure, or the volume. */
export type VolumeCellStatus = { kind: 'waiting' } | { kind: 'refused'; reason: string } | { kind: 'failed'; message: string } | { kind: 'showing' };

/** A series a volume is made of, once every slice's metadata is in (a volume needs each slice's geometry). */
export interface VolumeSeriesInput {
  /** How the refusal names it: "CT", "PET". */
  name: string;
  stack: SeriesStack;
  metadataBySop: ReadonlyMap<string, DicomJson>;
}

/** The viewer classes of render/fusion.ts: a view to follow, a size to follow, an end. */
interface VolumeViewerHandle<View> {
  subscribe(listener: (view: View) => void): () => void;
  resize(): void;
  destroy(): void;
}

interface VolumeViewerRequest<Viewer> {
  /** The series, once all are in; undefined until then. */
  series: readonly VolumeSeriesInput[] | undefined;
  /** Why the volume must not be made, decided from the headers before the engine loads. */
  refusal?: string | undefined;
  /** Makes the viewer (the engine is started and the metadata registered); undefined when its element has gone. */
  create: (render: RenderModule) => Promise<Viewer | undefined>;
  /** What the cell says when making it throws. */
  failureMessage: string;
  /** What, besides the series, makes a new viewer when it changes. */
  dependencies: readonly unknown[];
}

/**
 * The life of a volume viewer in a cell (fusion, MIP): once every series is in, start the engine
 * (a volume made before it has started loads nothing), refuse in words a series that cannot be a
 * volume, register every slice's metadata (the volume reads geometry from the renderer), make the
 * viewer, follow its view and the element's size, and destroy it when its inputs change or the
 * cell goes.
 */
export function useVolumeViewer<View, Viewer extends VolumeViewerHandle<View>>(
  elementRef: RefObject<HTMLElement | null>,
  { series, refusal, create, failureMessage, dependencies }: VolumeViewerRequest<Viewer>,
) {
  const decodedImageBytes = useDecodedImageBytes();
  const [viewer, setViewer] = useState<Viewer | undefined>(undefined);
  const [view, setView] = useState<View | undefined>(undefined);
  const [status, setStatus] = useState<VolumeCellStatus>({ kind: 'waiting' });

  useEffect(() => {
    if (!series) return undefined;
    if (refusal) {
      setStatus({ kind: 'refused', reason: refusal });
      return undefined;
    }
    let created: Viewer | undefined;
    let isCancelled = false;
    void loadRender()
      .then(async (render) => {
        await render.initRendering({ cacheBytes: decodedImageBytes });
        for (const { name, stack, metadataBySop } of series) {
          const geometry = volumeGeometryOf(stack.images.map((image) => sliceGeometryOf(metadataBySop.get(image.sopInstanceUid))));
          if (geometry.kind === 'not-reconstructable') {
            setStatus({ kind: 'refused', reason: `The ${name} cannot be made a volume: ${geometry.reason}` });
            return;
          }
        }
        if (isCancelled) return;
        for (const { stack, metadataBySop } of series) registerSeriesMetadata(render.registerInstanceMetadata, stack.images, metadataBySop);
        created = await create(render);
        if (!created) return;
        if (isCancelled) {
          created.destroy();
          return;
        }
        setViewer(created);
        setStatus({ kind: 'showing' });
      })
      .catch(() => setStatus({ kind: 'failed', message: failureMessage }));
    return () => {
      isCancelled = true;
      created?.destroy();
      setViewer(undefined);
    };
    // `create` is a new closure each render; the series and the caller's dependencies say when to remake.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [series, refusal, decodedImageBytes, ...dependencies]);

  useEffect(() => viewer?.subscribe(setView), [viewer]);
  useEffect(() => {
    const element = elementRef.current;
    if (!viewer || !element) return undefined;
    const observer = new ResizeObserver(() => viewer.resize());
    observer.observe(element);
    return () => observer.disconnect();
  }, [viewer, elementRef]);

  return { viewer, view, status };
}
