import type { DicomJson } from '@longview/dicom-meta';
import { firstPartBody, type ArchiveClient } from '@longview/dicomweb';
import { requestHeadersFor } from './loadImage';

/** What a slide viewer has fetched so far: the e2e and the bench read it from the viewport. */
export interface WsiFetchCounts {
  framesRequested: number;
  framesLoaded: number;
  bytesLoaded: number;
}

interface FrameRequest {
  studyInstanceUID: string;
  seriesInstanceUID: string;
  sopInstanceUID: string;
  frameNumbers: number[];
}

/**
 * The DICOMweb client dicom-microscopy-viewer (through Cornerstone's WSIViewport) is given: the
 * three calls it makes, answered through our ArchiveClient so the proxy root, Authorization
 * header, time limits and cancellation are the app's, plus `getDICOMwebMetadata`, by which
 * the WSIViewport reads the metadata the app already fetched instead of asking again.
 *
 * Frames are asked for as the archive stores them (`transfer-syntax=*`): the viewer's worker
 * recognises JPEG, JPEG-LS and JPEG 2000 from the bytes, and Orthanc would otherwise decode
 * every JPEG tile to raw pixels (about 100 times the bytes) before sending it.
 */
export class WsiDicomwebClient {
  readonly counts: WsiFetchCounts = { framesRequested: 0, framesLoaded: 0, bytesLoaded: 0 };
  private readonly abort = new AbortController();
  private readonly metadataByImageId: Map<string, DicomJson>;
  /** Called after each tile arrives (the viewer publishes the new counts). */
  onFetched: () => void = () => undefined;

  constructor(
    private readonly archive: ArchiveClient,
    metadataByImageId: Map<string, DicomJson>,
  ) {
    this.metadataByImageId = metadataByImageId;
  }

  getDICOMwebMetadata(imageId: string): DicomJson {
    const metadata = this.metadataByImageId.get(imageId);
    if (!metadata) throw new Error(`No metadata for ${imageId}`);
    // The viewer marks the object it is given (non-enumerable flags): give it a copy.
    return { ...metadata };
  }

  async retrieveInstanceFrames({ studyInstanceUID, seriesInstanceUID, sopInstanceUID, frameNumbers }: FrameRequest): Promise<ArrayBuffer[]> {
    const url = this.archive.frameUrl(studyInstanceUID, seriesInstanceUID, sopInstanceUID, frameNumbers[0] ?? 1);
    this.counts.framesRequested++;
    const response = await fetch(url, {
      headers: { ...requestHeadersFor(`wadors:${url}`), Accept: 'multipart/related; type="application/octet-stream"; transfer-syntax=*' },
      signal: this.abort.signal,
    });
    if (!response.ok) throw new Error(`Tile ${frameNumbers[0]} of ${sopInstanceUID}: HTTP ${response.status}`);
    const body = firstPartBody(new Uint8Array(await response.arrayBuffer()));
    this.counts.framesLoaded++;
    this.counts.bytesLoaded += body.byteLength;
    this.onFetched();
    return [body.slice().buffer];
  }

  async retrieveBulkData({ BulkDataURI }: { BulkDataURI: string }): Promise<ArrayBuffer[]> {
    const bytes = await this.archive.retrieveBulkData({ BulkDataURI }, this.abort.signal);
    return [bytes.slice().buffer];
  }

  /** Cancels every request still in flight (the viewport is going away). */
  cancel(): void {
    this.abort.abort();
  }
}
