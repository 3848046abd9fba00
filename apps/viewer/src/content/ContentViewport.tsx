import { useEffect, useState, type ComponentProps } from 'react';
import { contentKindOf, type ContentKind } from '@longview/content-kind';
import { StackViewport } from './stack/StackViewport';
import { SeriesError } from '../viewport/SeriesError';
import { useDecodedImageBytes } from '../config/MemoryContext';
import { loadRender } from '../render/loadRender';
import { useSeriesInstances } from '../series/seriesInstances';
import { seriesErrorMessage } from '../series/useSeriesStack';
import type { ContentViewportProps } from './contentProps';
import { ImageViewport, type ImageKind } from './ImageViewport';
import { EcgViewport } from './EcgViewport';
import { PdfViewport } from './PdfViewport';
import { SrViewport } from './SrViewport';
import { UnsupportedContent } from './UnsupportedContent';
import { VideoViewport } from './VideoViewport';
import { WsiViewport } from './WsiViewport';

/** Everything the stack viewport takes: a cell of the grid hands the dispatcher the same props. */
type DispatchProps = ComponentProps<typeof StackViewport>;

/** Which viewport a series needs, from its first instance in the QIDO list. */
export function contentKindOfInstances(instances: ContentViewportProps['instances']): ContentKind {
  const first = instances[0];
  return contentKindOf({ sopClassUid: first?.sopClassUid, numberOfFrames: first?.numberOfFrames });
}

/**
 * One viewport for any series: asks the archive for the instance list (the same query the
 * stack loader reads, so the first image costs no extra request), decides what kind of content
 * the series holds, and renders the viewport made for it. Kinds without a viewer yet, and
 * objects no viewer can show, get a card describing the series, never a blank viewport.
 */
export function ContentViewport(props: DispatchProps) {
  const { archive, studyUid, seriesUid } = props;
  const instances = useSeriesInstances(archive, studyUid, seriesUid);
  const decodedImageBytes = useDecodedImageBytes();
  // Most series are images: start the renderer's download and start-up while the list arrives.
  useEffect(() => {
    void loadRender()
      .then((render) => render.initRendering({ cacheBytes: decodedImageBytes }))
      .catch(() => undefined); // the image viewport reports a renderer that cannot start
  }, [decodedImageBytes]);

  const data = instances.data;
  // An empty series: the stack viewport already says so.
  const kind = data ? (data.length === 0 ? 'stack' : contentKindOfInstances(data)) : undefined;
  // While the next series' list arrives, a cell that shows images keeps its stack viewport, as
  // it did before there were other kinds: it opens the next series itself, without a blank.
  const [lastImageKind, setLastImageKind] = useState<ImageKind | undefined>(undefined);
  const decidedImageKind = kind !== undefined && isImageKind(kind) ? kind : undefined;
  if (kind !== undefined && decidedImageKind !== lastImageKind) setLastImageKind(decidedImageKind);
  const imageKind = kind === undefined ? lastImageKind : decidedImageKind;
  if (imageKind) return <ImageViewport {...props} kind={imageKind} />;

  if (kind === undefined) {
    if (!instances.isError) {
      return (
        <section className="stack-viewport content-viewport" aria-label="Image viewport" onPointerDownCapture={props.onActivate}>
          <div className="viewport-message" role="status">Opening series…</div>
        </section>
      );
    }
    const { message, isRetryable } = seriesErrorMessage(instances.error);
    return (
      <section className="stack-viewport content-viewport" aria-label="Image viewport" onPointerDownCapture={props.onActivate}>
        <SeriesError message={message} onRetry={isRetryable ? () => void instances.refetch() : undefined} />
      </section>
    );
  }

  const content: ContentViewportProps = {
    archive,
    studyUid,
    seriesUid,
    study: props.study,
    instances: data ?? [],
    isActive: props.isActive ?? true,
    onActivate: props.onActivate,
    onFirstImage: props.onFirstImage,
    viewportId: props.viewportId,
    sharedView: props.sharedView,
  };
  switch (kind) {
    case 'video':
      return <VideoViewport {...content} />;
    case 'wsi':
      return <WsiViewport {...content} />;
    case 'pdf':
      return <PdfViewport {...content} />;
    case 'sr':
      return <SrViewport {...content} />;
    case 'ecg':
      return <EcgViewport {...content} />;
    case 'unsupported':
      return <UnsupportedContent {...content} />;
    default:
      return <UnsupportedContent {...content} pendingKind={kind} />;
  }
}

function isImageKind(kind: ContentKind): kind is ImageKind {
  return kind === 'stack' || kind === 'cine' || kind === 'photo';
}
