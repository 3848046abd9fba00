import { cache, imageLoader, type Types } from '@cornerstonejs/core';

/**
 * WADO-RS frames are asked for in the syntax the archive stored them (`transfer-syntax=*`),
 * so compressed pixels travel compressed and are decoded in our workers. Some archives cannot
 * do that for every syntax (Orthanc 1.10 answers 500 for Big Endian and Deflated); for those
 * images we ask again without the parameter and let the archive pick (Explicit VR Little Endian).
 */
const imagesInArchiveSyntax = new Set<string>();

const ARCHIVE_CHOOSES_SYNTAX_ACCEPT = 'multipart/related; type="application/octet-stream"';

/** Extra request headers for one image: the loader's `beforeSend` hook calls this. */
export function requestHeadersFor(imageId: string): Record<string, string> | undefined {
  return imagesInArchiveSyntax.has(imageId) ? { Accept: ARCHIVE_CHOOSES_SYNTAX_ACCEPT } : undefined;
}

function httpStatusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | undefined)?.status;
  return typeof status === 'number' ? status : undefined;
}

/** Statuses with which an archive says "not in that syntax" rather than "no such image". */
function isSyntaxRefusal(status: number | undefined): boolean {
  return status === 406 || status === 415 || status === 500 || status === 501;
}

/** Loads, decodes and caches one image, retrying once in the archive's syntax if refused. */
export async function loadStackImage(imageId: string): Promise<Types.IImage> {
  try {
    return await imageLoader.loadAndCacheImage(imageId);
  } catch (error) {
    if (imagesInArchiveSyntax.has(imageId) || !isSyntaxRefusal(httpStatusOf(error))) throw error;
    imagesInArchiveSyntax.add(imageId);
    cache.removeImageLoadObject(imageId, { force: true });
    return imageLoader.loadAndCacheImage(imageId);
  }
}
