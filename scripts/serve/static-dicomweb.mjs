// Serves a static DICOMweb tree (scripts/static-archive) as plain files, as any file server
// or object store would: the query string is ignored (no filtering, no paging), the path picks
// a file by the rules of layout.mjs, and nothing outside the tree's root is ever read.
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { contentTypeOf, isGzipped, resolveCandidates } from '../static-archive/layout.mjs';

/**
 * The request path as segments inside the tree, or undefined when it cannot name a file of it:
 * "..", "." and dot-files (the tree's stamp), encoded slashes or NULs.
 */
export function treePathOf(rawPath) {
  let decoded;
  try {
    decoded = rawPath.split('/').map((segment) => decodeURIComponent(segment));
  } catch {
    return undefined; // malformed percent-encoding
  }
  const segments = decoded.filter((segment) => segment !== '');
  const isSafe = (segment) => !segment.startsWith('.') && !/[/\\\0]/.test(segment);
  return segments.every(isSafe) ? segments.join('/') : undefined;
}

/** The real path of `relative` under `root` when it is a regular file inside it (links are followed, then checked). */
async function fileInside(root, relative) {
  try {
    const file = await fs.realpath(path.join(root, relative));
    if (!file.startsWith(`${root}${path.sep}`)) return undefined;
    const stat = await fs.stat(file);
    return stat.isFile() ? { file, size: stat.size } : undefined;
  } catch {
    return undefined;
  }
}

/** The file answering `treePath`, with how to send it; undefined when there is none. */
export async function resolveTreeFile(root, treePath) {
  const realRoot = await fs.realpath(root).catch(() => undefined);
  if (!realRoot) return undefined;
  for (const candidate of resolveCandidates(treePath)) {
    const found = await fileInside(realRoot, candidate);
    if (found) return { ...found, contentType: contentTypeOf(candidate), isGzipped: isGzipped(candidate) };
  }
  return undefined;
}

function answer(response, status, headers = {}) {
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers }).end(`${status}\n`);
}

/** Answers one request for `rawPath` (the part after /dicomweb/<id>, without the query) from the tree at `root`. */
export async function serveTree(request, response, root, rawPath) {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    answer(response, 405, { allow: 'GET, HEAD' });
    return;
  }
  const treePath = treePathOf(rawPath);
  if (treePath === undefined) {
    answer(response, 400);
    return;
  }
  const found = await resolveTreeFile(root, treePath);
  if (!found) {
    answer(response, 404);
    return;
  }
  response.writeHead(200, {
    'content-type': found.contentType,
    // Stored gzipped and sent as is: every browser accepts gzip, and a plain file server (or
    // an object store with Content-Encoding set on the object) cannot negotiate either.
    ...(found.isGzipped ? { 'content-encoding': 'gzip' } : {}),
    'content-length': String(found.size),
    'cache-control': 'no-cache',
    'x-content-type-options': 'nosniff',
  });
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  const stream = createReadStream(found.file);
  stream.on('error', () => response.destroy());
  response.on('close', () => stream.destroy());
  stream.pipe(response);
}
