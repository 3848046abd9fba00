import { useId, useRef, useState } from 'react';
import { patientStudyFacts } from '../viewport/PatientStudyContext';
import { SeriesError } from '../viewport/SeriesError';
import type { ContentViewportProps } from './contentProps';
import { useVideoKeys } from './useVideoKeys';
import { useVideoPlayer } from './useVideoPlayer';
import { useVideoSharing } from './useVideoSharing';
import { useVideoSwipe } from './useVideoSwipe';
import { VideoControls, VideoOverlay } from './VideoControls';

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
  const [attempt, setAttempt] = useState(0);
  // A video series holds one clip; a second instance would be a second recording, shown by
  // choosing it (not yet offered): the first is played.
  const sopInstanceUid = instances[0]?.sopInstanceUid;
  const { load, view, player } = useVideoPlayer(elementRef, viewportId, { archive, studyUid, seriesUid, sopInstanceUid, study, attempt }, onFirstImage);
  const appliedSharedKey = useVideoSharing(cellViewportId, player, view, sharedView);
  useVideoKeys(player, isActive);
  useVideoSwipe(elementRef, player);

  // The study search's identity, which the file's own PatientID and UIDs must agree with.
  const facts = { ...patientStudyFacts(undefined, study), ...(load.kind === 'ready' ? { seriesNumber: load.seriesNumber, seriesDescription: load.seriesDescription } : {}) };
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
          <VideoOverlay facts={facts} load={load} view={view} />
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
      {load.kind === 'ready' && player !== undefined && view !== undefined ? <VideoControls player={player} view={view} /> : null}
    </section>
  );
}
