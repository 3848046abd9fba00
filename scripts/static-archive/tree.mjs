// Writes one archive's static DICOMweb tree (layout.mjs) from Part-10 files: per instance its
// frames, bulk data, metadata, a rendered thumbnail and the file itself; then the QIDO results
// and series metadata, which need all instances.
import fs from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import dcmjs from 'dcmjs';
import { runTool, runWithConcurrency } from '../corpus/dicom-tools.mjs';
import { toDicomJson } from './dicom-json.mjs';
import { frameEncoding, multipartFrame, splitFrames } from './frames.mjs';
import * as layout from './layout.mjs';
import { groupStudies, instanceRecord, seriesRecord, studyRecord } from './qido.mjs';

/** dcmtk has no JPEG 2000 / HTJ2K decoder: such instances get no rendered thumbnail. */
const NOT_RENDERABLE = /^1\.2\.840\.10008\.1\.2\.4\.(9[0-3]|20[1-3])$/;
/** dcmj2pnm does not read JPEG-LS and dcml2pnm writes no JPEG: decompress with dcmdjpls first. */
const JPEG_LS = /^1\.2\.840\.10008\.1\.2\.4\.8[01]$/;
const THUMBNAIL_SIZE = 128;

const first = (dict, tag) => dict[tag]?.Value?.[0];

async function writeFile(root, relative, bytes) {
  const file = path.join(root, relative);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, bytes);
  return bytes.length;
}

/** JSON gzipped; Node writes no timestamp into the gzip header, so equal input gives equal files. */
const gzipJson = (value) => gzipSync(Buffer.from(JSON.stringify(value)));

/**
 * BulkDataURIs are written relative to the metadata resource that contains them (PS3.18
 * F.2.6; the tree cannot know the URL it will be served at), and always spelled through
 * "studies/…", so a client that re-anchors them on its WADO-RS root finds the same file.
 */
function withBulkDataBase(dataset, prefix) {
  return Object.fromEntries(
    Object.entries(dataset).map(([tag, attribute]) => {
      if (attribute.BulkDataURI) return [tag, { ...attribute, BulkDataURI: `${prefix}${attribute.BulkDataURI}` }];
      if (attribute.vr === 'SQ' && attribute.Value) return [tag, { ...attribute, Value: attribute.Value.map((item) => withBulkDataBase(item, prefix)) }];
      return [tag, attribute];
    }),
  );
}
const upTo = (depth) => '../'.repeat(depth);
/** From …/instances/<sop>/metadata and …/series/<series>/metadata back to the root. */
const INSTANCE_METADATA_DEPTH = 6;
const SERIES_METADATA_DEPTH = 4;

function renderArgs(dict) {
  const rows = Number(first(dict, '00280010'));
  const columns = Number(first(dict, '00280011'));
  // Never enlarge: the thumbnail is at most 128 px on its longer side.
  const scale = Math.max(rows, columns) <= THUMBNAIL_SIZE ? [] : columns >= rows ? ['+Sxv', String(THUMBNAIL_SIZE)] : ['+Syv', String(THUMBNAIL_SIZE)];
  const isMonochrome = String(first(dict, '00280004')).startsWith('MONOCHROME');
  // The stored window when there is one (what a reader sees first), else the full range.
  const voi = !isMonochrome ? [] : dict['00281050']?.Value?.length ? ['+Wi', '1'] : ['+Wm'];
  return ['+oj', '+Jq', '85', '+F', '1', ...scale, ...voi];
}

async function renderThumbnail(input, storedSyntax, args, output) {
  if (!JPEG_LS.test(storedSyntax)) {
    await runTool('dcmj2pnm', [...args, input, output]);
    return;
  }
  const decompressed = `${output}.dcm`;
  try {
    await runTool('dcmdjpls', [input, decompressed]);
    await runTool('dcmj2pnm', [...args, decompressed, output]);
  } finally {
    await fs.rm(decompressed, { force: true });
  }
}

/** Writes everything of one instance; returns its metadata (with root-relative URIs) and what was written. */
async function writeInstance(instance, root) {
  const bytes = await fs.readFile(instance.path);
  const { meta, dict } = dcmjs.data.DicomMessage.readFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  const storedSyntax = first(meta, '00020010');
  const [study, series, sop] = ['0020000D', '0020000E', '00080018'].map((tag) => first(dict, tag));
  if (!study || !series || !sop) throw new Error(`${instance.path}: no study, series or SOP instance UID`);
  let written = 0;

  // Instances without pixels (an encapsulated PDF, a structured report) have metadata, bulk
  // data and their Part-10 file, but no frames and no thumbnail.
  const hasPixels = dict['7FE00010'] !== undefined;
  const encoding = hasPixels ? frameEncoding(storedSyntax) : undefined;
  const frames = !encoding
    ? []
    : splitFrames({
        pixelData: dict['7FE00010'].Value,
        isCompressed: encoding.isCompressed,
        numberOfFrames: Number(first(dict, '00280008') ?? 1),
        rows: Number(first(dict, '00280010')),
        columns: Number(first(dict, '00280011')),
        samplesPerPixel: Number(first(dict, '00280002') ?? 1),
        bitsAllocated: Number(first(dict, '00280100')),
      });
  for (const [index, frame] of frames.entries()) {
    const body = multipartFrame(frame, encoding);
    // Native pixels shrink (the corpus's 64² RGB photo by a third, smooth gray images far more); compressed ones do not.
    const isGzipped = !encoding.isCompressed;
    written += await writeFile(root, layout.frameFile(study, series, sop, index + 1, isGzipped), isGzipped ? gzipSync(body) : body);
  }

  const bulkData = [];
  const dataset = toDicomJson(dict, {
    pixelDataUri: `${layout.instanceDir(study, series, sop)}/frames/${frames.map((_, index) => index + 1).join(',')}`,
    bulkDataUri: (tagPath, value) => {
      const file = layout.bulkDataFile(study, series, sop, tagPath);
      bulkData.push([file, value]);
      return file;
    },
  });
  for (const [file, value] of bulkData) written += await writeFile(root, file, value);
  // AvailableTransferSyntaxUID tells a client in which syntax the archive can send the pixels:
  // a static tree sends them as stored. Attributes stay in tag order.
  const metadata = Object.fromEntries(
    Object.entries({ ...dataset, '00083002': { vr: 'UI', Value: [storedSyntax] } }).sort(([a], [b]) => (a < b ? -1 : 1)),
  );
  written += await writeFile(root, layout.instanceMetadata(study, series, sop), gzipJson([withBulkDataBase(metadata, upTo(INSTANCE_METADATA_DEPTH))]));

  await fs.mkdir(path.join(root, layout.instanceDir(study, series, sop)), { recursive: true });
  await fs.copyFile(instance.path, path.join(root, layout.instancePart10(study, series, sop)));
  written += bytes.length;

  let isRendered = false;
  if (hasPixels && !NOT_RENDERABLE.test(storedSyntax)) {
    const output = path.join(root, layout.instanceRendered(study, series, sop));
    await renderThumbnail(instance.path, storedSyntax, renderArgs(dict), output);
    written += (await fs.stat(output)).size;
    isRendered = true;
  }
  return { metadata, frames: frames.length, written, isRendered };
}

/**
 * Writes the tree of `instances` (from corpus-manifest.mjs: each with `path`) into `root`,
 * which must not exist yet. Returns counts for the build log.
 */
export async function writeTree(instances, root) {
  await fs.mkdir(root, { recursive: true });
  const results = await runWithConcurrency(instances.map((instance) => () => writeInstance(instance, root)), 2);
  let written = results.reduce((sum, result) => sum + result.written, 0);
  const studies = groupStudies(results.map((result) => result.metadata));

  written += await writeFile(root, layout.studiesIndex(), gzipJson(studies.map(studyRecord)));
  for (const study of studies) {
    const studyUid = study.studyInstanceUid;
    written += await writeFile(root, layout.studyIndex(studyUid), gzipJson([studyRecord(study)]));
    written += await writeFile(root, layout.seriesIndex(studyUid), gzipJson(study.series.map(seriesRecord)));
    const allInstances = study.series.flatMap((series) => series.instances);
    written += await writeFile(root, layout.studyInstancesIndex(studyUid), gzipJson(allInstances.map(instanceRecord)));
    for (const series of study.series) {
      const seriesUid = series.seriesInstanceUid;
      written += await writeFile(root, layout.seriesInstancesIndex(studyUid, seriesUid), gzipJson(series.instances.map(instanceRecord)));
      const metadata = series.instances.map((instance) => withBulkDataBase(instance, upTo(SERIES_METADATA_DEPTH)));
      written += await writeFile(root, layout.seriesMetadata(studyUid, seriesUid), gzipJson(metadata));
    }
  }
  return {
    studies: studies.length,
    series: studies.reduce((sum, study) => sum + study.series.length, 0),
    instances: results.length,
    frames: results.reduce((sum, result) => sum + result.frames, 0),
    withoutThumbnail: results.filter((result) => !result.isRendered).length,
    bytes: written,
  };
}
