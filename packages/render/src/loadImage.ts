import { cache, imageLoader, type Types } from '@cornerstonejs/core';
import { wadouri } from '@cornerstonejs/dicom-image-loader';
import { firstPartBody } from '@longview/dicomweb';
import { IMAGE_LOAD_DEADLINE_MS, withDeadline } from './deadline';
import { whenMetadataRegistered } from './imageIds';
import { removeCachedImage } from './memory';

/**
 * How a frame reaches the decoders. WADO-RS frames are asked for in the syntax the archive
 * stored them (`transfer-syntax=*`), so compressed pixels travel compressed and are decoded
 * in our workers. Some archives cannot do that for every syntax: Orthanc 1.10 answers 500 for
 * Big Endian, Deflated and the HTJ2K syntaxes it does not know. For those images:
 *
 * 1. fetch the whole stored instance (WADO-RS, `application/dicom; transfer-syntax=*`, which
 *    archives return byte for byte) and decode the frame locally from the Part-10 file;
 * 2. failing that, ask for the frame again without the parameter and let the archive pick.
 *
 * Step 1 comes first because an archive that does not know a syntax may also mislabel what
 * it sends when it picks (Orthanc sends an HTJ2K codestream labelled Explicit VR Little
 * Endian), and mislabelled pixels would be shown as noise rather than refused.
 */
const imagesInArchiveSyntax = new Set<string>();

const ARCHIVE_CHOOSES_SYNTAX_ACCEPT = 'multipart/related; type="application/octet-stream"';
const STORED_INSTANCE_ACCEPT = 'multipart/related; type="application/dicom"; transfer-syntax=*';

/** Headers an archive needs on every request (Authorization for bearer archives). */
export type ArchiveHeaders = (url: string) => Record<string, string>;

let archiveHeaders: ArchiveHeaders = () => ({});

export function setArchiveHeaders(headers: ArchiveHeaders): void {
  archiveHeaders = headers;
}

/** Extra request headers for one image: the loader's `beforeSend` hook calls this. */
export function requestHeadersFor(imageId: string): Record<string, string> {
  const headers = archiveHeaders(imageId.replace(/^wadors:/, ''));
  return imagesInArchiveSyntax.has(imageId) ? { ...headers, Accept: ARCHIVE_CHOOSES_SYNTAX_ACCEPT } : headers;
}

function httpStatusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | undefined)?.status;
  return typeof status === 'number' ? status : undefined;
}

/** Statuses with which an archive says "not in that syntax" rather than "no such image". */
function isSyntaxRefusal(status: number | undefined): boolean {
  return status === 406 || status === 415 || status === 500 || status === 501;
}

/** The instance URL and 1-based frame of a `wadors:…/instances/{sop}/frames/{n}` image id. */
export function storedInstanceOf(imageId: string): { instanceUrl: string; frame: number } | undefined {
  const match = /^wadors:(.+\/instances\/[^/]+)\/frames\/(\d+)$/.exec(imageId);
  if (!match?.[1] || !match[2]) return undefined;
  return { instanceUrl: match[1], frame: Number(match[2]) };
}

class StoredInstanceUnavailable extends Error {
  readonly status: number;
  constructor(status: number) {
    super(`The archive did not return the stored instance (HTTP ${status}).`);
    this.name = 'StoredInstanceUnavailable';
    this.status = status;
  }
}

/** One download per instance, shared by all its frames: `dicomfile:` ids of the parsed file. */
const storedInstances = new Map<string, Promise<string>>();

function fetchStoredInstance(instanceUrl: string): Promise<string> {
  let pending = storedInstances.get(instanceUrl);
  if (!pending) {
    pending = (async () => {
      const response = await fetch(instanceUrl, { headers: { ...archiveHeaders(instanceUrl), Accept: STORED_INSTANCE_ACCEPT } });
      if (!response.ok) throw new StoredInstanceUnavailable(response.status);
      const part10 = firstPartBody(new Uint8Array(await response.arrayBuffer()));
      return wadouri.fileManager.add(new Blob([part10 as Uint8Array<ArrayBuffer>], { type: 'application/dicom' }));
    })();
    pending.catch(() => storedInstances.delete(instanceUrl));
    storedInstances.set(instanceUrl, pending);
  }
  return pending;
}

/**
 * Decodes one frame from the stored Part-10 instance and caches it under the WADO-RS image
 * id, so viewports and metadata (registered for that id) do not know the difference.
 */
async function loadFromStoredInstance(imageId: string): Promise<Types.IImage> {
  const stored = storedInstanceOf(imageId);
  if (!stored) throw new Error(`not a WADO-RS frame: ${imageId}`);
  const fileImageId = `${await fetchStoredInstance(stored.instanceUrl)}?frame=${stored.frame}`;
  const decoded = await imageLoader.loadImage(fileImageId);
  const image = { ...decoded, imageId } as Types.IImage;
  forgetImage(imageId);
  await cache.putImageLoadObject(imageId, { promise: Promise.resolve(image) });
  return image;
}

/** Drops a (failed) load from the cache so the next load really asks again. */
function forgetImage(imageId: string): void {
  removeCachedImage(imageId);
}

/**
 * Loads in flight, by image id. The viewport, the first-image warm-up and the prefetcher may
 * ask for the same image at once; they must share one attempt, or a second caller's fallback
 * could drop from the cache what the first one's fallback just put there.
 */
const loadsInFlight = new Map<string, Promise<Types.IImage>>();

/** Loads, decodes and caches one image, falling back as described above if its syntax is refused. */
export function loadStackImage(imageId: string): Promise<Types.IImage> {
  let pending = loadsInFlight.get(imageId);
  if (!pending) {
    // A decoder stuck on a damaged frame (or metadata that never comes) must not leave the
    // image "loading" for ever.
    pending = withDeadline(
      whenMetadataRegistered(imageId).then(() => loadWithFallbacks(imageId)),
      IMAGE_LOAD_DEADLINE_MS,
    ).finally(() => loadsInFlight.delete(imageId));
    loadsInFlight.set(imageId, pending);
  }
  return pending;
}

export class ImplausiblePixelData extends Error {
  constructor() {
    super('The archive sent pixel data that does not fit the image; it is not shown.');
    this.name = 'ImplausiblePixelData';
  }
}

/**
 * An image the archive re-encoded in a syntax of its choosing, checked before it may be shown:
 * an archive that does not know the stored syntax may send the compressed bytes labelled as
 * uncompressed, which decode "successfully" into noise. Fewer samples than pixels is that.
 */
async function loadInArchiveSyntax(imageId: string): Promise<Types.IImage> {
  const image = await imageLoader.loadAndCacheImage(imageId);
  if (image.getPixelData().length < image.rows * image.columns) {
    forgetImage(imageId);
    throw new ImplausiblePixelData();
  }
  return image;
}

async function loadWithFallbacks(imageId: string): Promise<Types.IImage> {
  if (imagesInArchiveSyntax.has(imageId)) return loadInArchiveSyntax(imageId);
  try {
    return await imageLoader.loadAndCacheImage(imageId);
  } catch (error) {
    if (!isSyntaxRefusal(httpStatusOf(error))) throw error;
    forgetImage(imageId);
    try {
      return await loadFromStoredInstance(imageId);
    } catch {
      imagesInArchiveSyntax.add(imageId);
      forgetImage(imageId);
      return loadInArchiveSyntax(imageId);
    }
  }
}

/**
 * An image's modality values, row by row: what its pixels measure (a PET's Bq/ml), as the
 * decoder scaled them or by the image's own slope and intercept. For numbers computed outside a
 * viewport (a segment's SUV), from the same decoded image the viewports show.
 */
export async function loadModalityValues(imageId: string): Promise<ArrayLike<number>> {
  const image = await loadStackImage(imageId);
  const pixels = image.getPixelData() as ArrayLike<number>;
  if (image.preScale?.scaled) return pixels;
  const slope = image.slope ?? 1;
  const intercept = image.intercept ?? 0;
  if (slope === 1 && intercept === 0) return pixels;
  return Float32Array.from(pixels as ArrayLike<number>, (value) => value * slope + intercept);
}
