import { useState, type ComponentProps } from 'react';
import type { DicomJson } from '@longview/dicom-meta';
import type { StackViewer } from '@longview/render';
import { StackViewport } from './stack/StackViewport';
import type { SeriesStack } from '../series/seriesStack';
import { CineReadout } from './CineReadout';
import { PhotoDetails } from './PhotoDetails';
import { useLatest } from '../react/useLatest';

/** The content kinds the stack viewport shows: what differs is the read-out drawn over it. */
export type ImageKind = 'stack' | 'cine' | 'photo';

type ImageViewportProps = ComponentProps<typeof StackViewport> & { kind: ImageKind };

/**
 * Images, cine loops and photographs share one stack viewport: a cell that moves from one to
 * another keeps its viewer (no WebGL viewport torn down and rebuilt, no grid sync lost), and
 * only the read-out over the image changes.
 */
export function ImageViewport({ kind, ...props }: ImageViewportProps) {
  const [viewer, setViewer] = useState<StackViewer | undefined>(undefined);
  const [metadata, setMetadata] = useState<DicomJson | undefined>(undefined);
  // The parent passes new callbacks each render; keep the latest without re-subscribing.
  const onViewerRef = useLatest(props.onViewer);
  const onStackRef = useLatest(props.onStack);

  return (
    <StackViewport
      {...props}
      onViewer={(created: StackViewer | undefined) => {
        setViewer(created);
        onViewerRef.current?.(created);
      }}
      onStack={(stack: SeriesStack | undefined) => {
        setMetadata(stack?.firstMetadata);
        onStackRef.current?.(stack);
      }}
      frameOverlay={
        <>
          {props.frameOverlay}
          {kind === 'cine' && viewer && metadata ? <CineReadout viewer={viewer} metadata={metadata} /> : null}
          {kind === 'photo' && metadata ? (
            <PhotoDetails key={props.seriesUid} archive={props.archive} studyUid={props.studyUid} study={props.study} metadata={metadata} />
          ) : null}
        </>
      }
    />
  );
}
