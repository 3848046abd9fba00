import type { ArchiveClient, InstanceSummary, StudySummary } from '@longview/dicomweb';
import type { SharedCell } from '@longview/shared-view';

/**
 * What every content viewport (cine, video, photo, slide, document, waveform) is given by the
 * dispatcher (ContentViewport). The instance list is the QIDO-RS one the dispatcher chose the
 * viewport from, in display order: a viewport never needs to ask for it again.
 */
export interface ContentViewportProps {
  archive: ArchiveClient;
  studyUid: string;
  seriesUid: string;
  /** Patient and study attributes for the overlay; undefined while they load. */
  study: StudySummary | undefined;
  instances: InstanceSummary[];
  /** Whether keyboard shortcuts act on this viewport (the last one the reader touched). */
  isActive: boolean;
  onActivate?: () => void;
  /** Called once the first image, page or trace is on screen (or has failed to be). */
  onFirstImage: () => void;
  /** The grid cell's viewport id, under which the viewport describes itself for sharing. */
  viewportId?: string | undefined;
  /** A shared view to take on (a session link, an agenda step, the live presenter); `key` changes per request. */
  sharedView?: { cell: SharedCell; key: number } | undefined;
}
