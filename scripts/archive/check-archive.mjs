#!/usr/bin/env node
// Smoke-checks a loaded archive against the corpus manifest over DICOMweb:
//  - QIDO-RS: every patient's studies, every study's series and instances;
//  - WADO-RS metadata of the 256-slice CT (timed);
//  - WADO-RS frames with transfer-syntax=* for the first instance of every
//    series (and the corrupt instance), compared byte-for-byte with the
//    frame in our file, to see which syntaxes Orthanc serves as stored.
// Usage: node scripts/archive/check-archive.mjs [--json]
import fs from 'node:fs';
import dcmjs from 'dcmjs';
import { archiveById } from './orthanc-control.mjs';
import { archivedSeries, CORPUS_DIR, readManifest, staticArchiveIds } from './corpus-manifest.mjs';

// Implicit VR files leave Pixel Data's VR ambiguous (OB/OW); dcmjs picks OW
// (right for our 16-bit data) but logs an error for each such file.
dcmjs.log.getLogger('validation.dcmjs').setLevel('silent');

const FRAME_ACCEPT = 'multipart/related; type="application/octet-stream"; transfer-syntax=*';
// What a client gets when it does not insist on the stored syntax.
const FALLBACK_ACCEPT = 'multipart/related; type="application/octet-stream"';
// Orthanc 1.10.1 / DICOMweb 1.7 answer HTTP 500 to transfer-syntax=* for
// these (it cannot cut "as stored" frames out of them) but transcode them to
// Explicit VR LE for the fallback Accept; anything else must come back as stored.
const KNOWN_NOT_SERVED_AS_STORED = new Set(['1.2.840.10008.1.2.2', '1.2.840.10008.1.2.1.99']);

async function getJson(url) {
  const response = await fetch(url, { headers: { Accept: 'application/dicom+json' } });
  if (!response.ok) throw new Error(`GET ${url} -> HTTP ${response.status}`);
  return response.json();
}

const tagValue = (dataset, tag) => dataset[tag]?.Value?.[0];

async function checkQido(dicomWebUrl, patient) {
  const studies = await getJson(`${dicomWebUrl}/studies?PatientID=${encodeURIComponent(patient.patientId)}`);
  const found = studies.map((s) => tagValue(s, '0020000D')).sort();
  const expected = patient.studies.map((s) => s.studyInstanceUid).sort();
  const problems = [];
  if (JSON.stringify(found) !== JSON.stringify(expected)) problems.push(`studies ${JSON.stringify(found)} != ${JSON.stringify(expected)}`);
  const name = tagValue(studies[0] ?? {}, '00100010')?.Alphabetic;
  if (name !== patient.patientName) problems.push(`PatientName ${JSON.stringify(name)} != ${JSON.stringify(patient.patientName)}`);
  for (const study of patient.studies) {
    const series = await getJson(`${dicomWebUrl}/studies/${study.studyInstanceUid}/series`);
    if (series.length !== study.series.length) problems.push(`${study.studyDescription}: ${series.length} series, expected ${study.series.length}`);
    for (const entry of study.series) {
      const instances = await getJson(`${dicomWebUrl}/studies/${study.studyInstanceUid}/series/${entry.seriesInstanceUid}/instances`);
      if (instances.length !== entry.instances.length) problems.push(`${entry.key}: ${instances.length} instances, expected ${entry.instances.length}`);
    }
  }
  return { patientId: patient.patientId, studies: found.length, problems };
}

/** First part of a multipart/related answer: its headers and body. */
function firstPart(contentType, body) {
  const boundary = contentType.match(/boundary="?([^";]+)"?/)?.[1];
  if (!boundary) throw new Error(`No boundary in ${contentType}`);
  const start = body.indexOf(`--${boundary}`) + boundary.length + 2;
  const headerEnd = body.indexOf('\r\n\r\n', start);
  const headers = body.subarray(start, headerEnd).toString('latin1').trim();
  const bodyStart = headerEnd + 4;
  const length = Number(headers.match(/content-length:\s*(\d+)/i)?.[1]);
  const bodyEnd = Number.isFinite(length) ? bodyStart + length : body.indexOf(`\r\n--${boundary}`, bodyStart);
  return { headers, body: body.subarray(bodyStart, bodyEnd) };
}

/** SOP classes that carry no Pixel Data: Structured Reports and key objects (88.x), waveforms (9.x), raw data (66). */
const isWithoutPixels = (series) => /^1\.2\.840\.10008\.5\.1\.4\.1\.1\.(88|9)\.|^1\.2\.840\.10008\.5\.1\.4\.1\.1\.66$/.test(series.sopClassUid);

const NATIVE_SYNTAXES = new Set(['1.2.840.10008.1.2', '1.2.840.10008.1.2.1', '1.2.840.10008.1.2.1.99', '1.2.840.10008.1.2.2']);

/** A frame exactly as stored in our file: the compressed fragment, or the native bytes. */
function storedFrame(file, frameNumber = 1) {
  const bytes = fs.readFileSync(file);
  const { meta, dict } = dcmjs.data.DicomMessage.readFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  const pixelData = dict['7FE00010'].Value;
  // Our encapsulated files hold exactly one fragment per frame.
  if (!NATIVE_SYNTAXES.has(meta['00020010'].Value[0])) return Buffer.from(pixelData[frameNumber - 1]);
  const value = (tag) => dict[tag].Value[0];
  const frameSize = (value('00280010') * value('00280011') * value('00280002') * value('00280100')) / 8;
  return Buffer.from(pixelData[0]).subarray((frameNumber - 1) * frameSize, frameNumber * frameSize);
}

async function fetchFrame(url, accept, storedTs, localFrame) {
  const started = performance.now();
  const response = await fetch(url, { headers: { Accept: accept } });
  const body = Buffer.from(await response.arrayBuffer());
  const ms = Math.round(performance.now() - started);
  if (!response.ok) {
    const text = body.toString('utf8');
    return { http: response.status, ms, outcome: 'error', detail: text.match(/"(?:Details|Message)" : "([^"]*)"/)?.[1] ?? text.slice(0, 120) };
  }
  const part = firstPart(response.headers.get('content-type'), body);
  const partContentType = part.headers.match(/content-type:\s*(.*)/i)?.[1]?.trim();
  const returnedTs = partContentType?.match(/transfer-?syntax=([\d.]+)/i)?.[1] ?? null;
  const sameBytes = localFrame.equals(part.body);
  let outcome;
  if (returnedTs === storedTs) outcome = sameBytes ? 'as-stored' : 'as-stored-ts-but-bytes-differ';
  // Same bytes under another label is only a mislabel for encapsulated data:
  // a deflated/implicit frame legitimately equals its Explicit VR LE form.
  else outcome = sameBytes && !NATIVE_SYNTAXES.has(storedTs) ? 'stored-bytes-mislabelled' : 'transcoded';
  return { http: response.status, ms, outcome, partContentType, returnedTs, bytes: part.body.length };
}

async function checkFrame(dicomWebUrl, { study, series }, instance) {
  const url = `${dicomWebUrl}/studies/${study.studyInstanceUid}/series/${series.seriesInstanceUid}/instances/${instance.sopInstanceUid}/frames/1`;
  const row = { series: series.key, instance: instance.instanceNumber, storedTs: series.transferSyntaxUid };
  let localFrame;
  try {
    localFrame = storedFrame(`${CORPUS_DIR}/${instance.file}`);
  } catch (error) {
    // Some of the hostile patient's files are broken on purpose (no Rows, ISO 2022 text dcmjs does
    // not read): there is no frame of ours to compare with. Anywhere else it is a failure.
    return { ...row, outcome: 'not-readable-here', detail: error.message, hostileCase: series.hostileCase };
  }
  const result = await fetchFrame(url, FRAME_ACCEPT, series.transferSyntaxUid, localFrame);
  if (result.http === 200) return { ...row, ...result };
  return { ...row, ...result, fallback: await fetchFrame(url, FALLBACK_ACCEPT, series.transferSyntaxUid, localFrame) };
}

function isExpectedFrameResult(frame) {
  if (frame.outcome === 'as-stored') return true;
  if (frame.outcome === 'not-readable-here') return frame.hostileCase !== undefined;
  return KNOWN_NOT_SERVED_AS_STORED.has(frame.storedTs) && frame.fallback?.http === 200;
}

async function timeSeriesMetadata(dicomWebUrl, { study, series }) {
  const started = performance.now();
  const metadata = await getJson(`${dicomWebUrl}/studies/${study.studyInstanceUid}/series/${series.seriesInstanceUid}/metadata`);
  const ms = Math.round(performance.now() - started);
  const hasPixelSpacing = metadata.every((instance) => instance['00280030']?.Value?.length === 2);
  return { series: series.key, instances: metadata.length, ms, everyInstanceHasPixelSpacing: hasPixelSpacing };
}

async function main() {
  const manifest = readManifest();
  const all = archivedSeries(manifest);
  const report = { qido: [], metadata: [], frames: [] };
  // Orthanc archives only: a static tree is files (scripts/static-archive), not this server.
  const staticIds = staticArchiveIds();
  for (const archiveId of new Set(all.map((s) => s.study.archive).filter((id) => !staticIds.has(id)))) {
    const { dicomWebUrl } = archiveById(archiveId);
    const started = performance.now();
    for (const patient of manifest.patients) {
      if (patient.studies.some((s) => s.archive === archiveId)) report.qido.push(await checkQido(dicomWebUrl, patient));
    }
    report.qidoMs = Math.round(performance.now() - started);
    const ct = all.find((s) => s.series.key === 'ct-chest-axial' && s.study.archive === archiveId);
    if (ct) {
      report.metadata.push(await timeSeriesMetadata(dicomWebUrl, ct)); // cold
      report.metadata.push(await timeSeriesMetadata(dicomWebUrl, ct)); // warm (storage cache)
    }
    // An encapsulated document (mimeType), an SR, a key object selection, a waveform or raw data has no frames to fetch.
    for (const entry of all.filter((s) => s.study.archive === archiveId && !s.series.mimeType && !isWithoutPixels(s.series))) {
      const targets = [entry.series.instances[0], ...entry.series.instances.filter((i) => entry.series.corruptInstanceNumbers.includes(i.instanceNumber))];
      for (const instance of targets) report.frames.push(await checkFrame(dicomWebUrl, entry, instance));
    }
  }
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify(report, null, 2));
  } else {
    console.log(JSON.stringify({ qidoMs: report.qidoMs, qido: report.qido, metadata: report.metadata }));
    console.table(report.frames.map(({ series, instance, storedTs, http, outcome, partContentType, bytes, ms, fallback }) => ({
      series, instance, storedTs, http, outcome, partContentType, bytes, ms,
      fallback: fallback ? `${fallback.http} ${fallback.outcome} ${fallback.returnedTs ?? fallback.detail}` : '',
    })));
  }
  const unexpected = report.frames.filter((frame) => !isExpectedFrameResult(frame));
  for (const frame of unexpected) console.error(`unexpected frame result: ${JSON.stringify(frame)}`);
  const failed = unexpected.length > 0 || report.qido.some((q) => q.problems.length > 0) || report.metadata.some((m) => !m.everyInstanceHasPixelSpacing);
  if (failed) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error.message);
  process.exitCode = 1;
});
