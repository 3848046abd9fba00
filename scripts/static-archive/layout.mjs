// The layout of a static DICOMweb tree: the one contract between the builder (build.mjs),
// which writes it, and the file server (the viewer's nginx, scripts/serve/nginx-config.mjs), which reads it.
// Paths are relative to the archive's root and use "/"; the server maps a DICOMweb URL onto
// them with no knowledge of DICOM beyond resolveCandidates() and contentTypeOf().

/**
 * Each frame file is a complete multipart/related body with one part (static-wado does the
 * same): the part's own Content-Type names the media type and the transfer syntax, so the
 * server needs no per-file knowledge, only this boundary for the outer header.
 */
export const FRAME_BOUNDARY = 'longview-static-dicomweb-frame-7f3a9c';

/** Written last into the tree: what it was built from (build.mjs skips an unchanged input). */
export const STAMP_FILE = '.stamp.json';

export const studiesIndex = () => 'studies/index.json.gz';
export const studyIndex = (study) => `studies/${study}/index.json.gz`;
export const seriesIndex = (study) => `studies/${study}/series/index.json.gz`;
export const studyInstancesIndex = (study) => `studies/${study}/instances/index.json.gz`;
export const seriesDir = (study, series) => `studies/${study}/series/${series}`;
export const seriesInstancesIndex = (study, series) => `${seriesDir(study, series)}/instances/index.json.gz`;
export const seriesMetadata = (study, series) => `${seriesDir(study, series)}/metadata.gz`;
export const instanceDir = (study, series, sop) => `${seriesDir(study, series)}/instances/${sop}`;
export const instanceMetadata = (study, series, sop) => `${instanceDir(study, series, sop)}/metadata.gz`;
export const instancePart10 = (study, series, sop) => `${instanceDir(study, series, sop)}/index.dcm`;
export const instanceRendered = (study, series, sop) => `${instanceDir(study, series, sop)}/rendered`;
/** Gzipped when the frame is uncompressed (`frames/1.gz`), as stored when it is not (`frames/1`). */
export const frameFile = (study, series, sop, frame, isGzipped) =>
  `${instanceDir(study, series, sop)}/frames/${frame}${isGzipped ? '.gz' : ''}`;
export const bulkDataFile = (study, series, sop, tagPath) => `${instanceDir(study, series, sop)}/bulkdata/${tagPath}`;

/**
 * The files a request path may be answered from, in order: a gzipped resource, the index of
 * a collection (`studies` → `studies/index.json.gz`), a stored instance, the file itself.
 */
export function resolveCandidates(requestPath) {
  const path = requestPath.replace(/^\/+|\/+$/g, '');
  if (path === '') return [];
  return [`${path}.gz`, `${path}/index.json.gz`, `${path}/index.dcm`, path];
}

/** Content-Type of a file of the tree, from its path alone. */
export function contentTypeOf(file) {
  if (/(^|\/)index\.json\.gz$|\/metadata\.gz$/.test(file)) return 'application/dicom+json';
  if (/\/frames\/\d+(\.gz)?$/.test(file)) return `multipart/related; boundary=${FRAME_BOUNDARY}`;
  if (/\/rendered$/.test(file)) return 'image/jpeg';
  if (/\/index\.dcm$/.test(file)) return 'application/dicom';
  return 'application/octet-stream';
}

export const isGzipped = (file) => file.endsWith('.gz');
