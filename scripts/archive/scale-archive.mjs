// An extra Orthanc holding one generated patient with very many tiny studies (issue 33), for the
// scale e2e and bench/scale.mjs. Its own id, port and storage (.data/archives/<id>/), never in
// scripts/archives.json: the demo, the other specs and the viewer's nginx do not know it; a
// spec or bench reaches it through a route of its own. Loading is idempotent: an Orthanc that
// already holds the patient's studies is reused as it is.
//
//   node scripts/archive/scale-archive.mjs start <id> <port> <patientId> <count>
//   node scripts/archive/scale-archive.mjs stop <id>
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { REPO_ROOT, orthancSettings } from './orthanc-control.mjs';
import { scalePatient, writeScaleFiles } from '../corpus/scale-studies.mjs';

const ORTHANC_BINARY = '/usr/sbin/Orthanc';
const START_TIMEOUT_MS = 60_000;
const UPLOAD_CONCURRENCY = 4;
/** Ports the demo's archives, sink, relay and EHR use: a scale archive must take another. */
const TAKEN_PORTS = new Set([18042, 18043, 18044, 18045, 18090, 18101]);

function scaleArchive({ id, httpPort }) {
  if (!/^scale-[a-z0-9-]+$/.test(id)) throw new Error(`scale archive id "${id}" must start with "scale-" and hold lower-case letters, digits and dashes`);
  if (!Number.isInteger(httpPort) || httpPort < 1024 || httpPort > 65535 || TAKEN_PORTS.has(httpPort)) throw new Error(`scale archive port ${httpPort} must be a free port from 1024 to 65535, not one of ${[...TAKEN_PORTS].join(', ')}`);
  const dir = path.join(REPO_ROOT, '.data', 'archives', id);
  return {
    id,
    name: `Scale ${id}`,
    httpPort,
    // DIMSE is off (orthancSettings); the port only has to be distinct in the file.
    dicomPort: httpPort + 1000,
    aet: id.toUpperCase().replaceAll('-', '_').slice(0, 16),
    dir,
    configFile: path.join(dir, 'orthanc.json'),
    pidFile: path.join(dir, 'orthanc.pid'),
    logFile: path.join(dir, 'orthanc.log'),
    filesDir: path.join(dir, 'files'),
    baseUrl: `http://127.0.0.1:${httpPort}`,
  };
}

async function system(archive) {
  try {
    const response = await fetch(`${archive.baseUrl}/system`, { signal: AbortSignal.timeout(1500) });
    return response.ok ? await response.json() : null;
  } catch {
    return null;
  }
}

function runningPid(archive) {
  try {
    const pid = Number.parseInt(fs.readFileSync(archive.pidFile, 'utf8'), 10);
    const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return cmdline[0] === ORTHANC_BINARY && cmdline.includes(archive.configFile) ? pid : null;
  } catch {
    return null;
  }
}

async function studiesOf(archive, patientId) {
  const response = await fetch(`${archive.baseUrl}/tools/find`, {
    method: 'POST',
    body: JSON.stringify({ Level: 'Study', Query: { PatientID: patientId } }),
  });
  if (!response.ok) throw new Error(`${archive.id}: /tools/find answered ${response.status}`);
  return (await response.json()).length;
}

async function upload(archive, files, onProgress) {
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < files.length) {
      const file = files[next];
      next += 1;
      const response = await fetch(`${archive.baseUrl}/instances`, { method: 'POST', body: fs.readFileSync(file) });
      if (!response.ok) throw new Error(`${archive.id}: storing ${path.basename(file)} answered ${response.status}: ${await response.text()}`);
      done += 1;
      if (done % 1000 === 0) onProgress?.(done);
    }
  };
  await Promise.all(Array.from({ length: UPLOAD_CONCURRENCY }, worker));
}

/**
 * Starts (or reuses) the Orthanc `id` on `httpPort` holding `count` studies of `patientId`, and
 * answers the patient (its studies, newest known), the archive's DICOMweb root and how long the
 * generation and the loading took.
 * @param {{ id: string, httpPort: number, patientId: string, count: number, log?: (line: string) => void }} options
 */
export async function startScaleArchive({ id, httpPort, patientId, count, log = () => {} }) {
  const archive = scaleArchive({ id, httpPort });
  const patient = scalePatient({ patientId, count });
  fs.mkdirSync(archive.dir, { recursive: true });
  const timings = { generateMs: 0, loadMs: 0, uploaded: 0 };

  if (runningPid(archive) === null) {
    const foreign = await system(archive);
    if (foreign) throw new Error(`Port ${httpPort} is already served by an Orthanc (AET ${foreign.DicomAet}) that is not "${id}"; pick another port.`);
    const settings = { ...orthancSettings(archive), Name: archive.name, MaximumStorageCacheSize: 64, HttpThreadsCount: 16 };
    fs.mkdirSync(settings.StorageDirectory, { recursive: true });
    fs.mkdirSync(settings.IndexDirectory, { recursive: true });
    fs.writeFileSync(archive.configFile, `${JSON.stringify(settings, null, 2)}\n`);
    const logFd = fs.openSync(archive.logFile, 'a');
    const child = spawn(ORTHANC_BINARY, [archive.configFile], { cwd: archive.dir, detached: true, stdio: ['ignore', logFd, logFd] });
    fs.closeSync(logFd);
    child.unref();
    fs.writeFileSync(archive.pidFile, `${child.pid}\n`);
  }
  const deadline = Date.now() + START_TIMEOUT_MS;
  while ((await system(archive))?.DicomAet !== archive.aet) {
    if (Date.now() > deadline) throw new Error(`Orthanc "${id}" did not answer ${archive.baseUrl}/system within ${START_TIMEOUT_MS / 1000} s; see ${archive.logFile}`);
    if (runningPid(archive) === null) throw new Error(`Orthanc "${id}" exited during start-up; see ${archive.logFile}`);
    await sleep(200);
  }

  const held = await studiesOf(archive, patientId);
  if (held !== count) {
    if (held > count) throw new Error(`"${id}" holds ${held} studies of ${patientId}, more than the ${count} asked; remove ${archive.dir} and start again`);
    let started = Date.now();
    const files = writeScaleFiles(path.join(archive.filesDir, patientId), patient);
    timings.generateMs = Date.now() - started;
    log(`${id}: ${files.length} files for ${patientId} in ${timings.generateMs} ms; loading`);
    started = Date.now();
    await upload(archive, files, (done) => log(`${id}: ${done}/${files.length} stored`));
    timings.loadMs = Date.now() - started;
    timings.uploaded = files.length;
    const now = await studiesOf(archive, patientId);
    if (now !== count) throw new Error(`"${id}" holds ${now} studies of ${patientId} after loading, not ${count}`);
  }
  return { archive: { id, baseUrl: archive.baseUrl, dicomWebUrl: `${archive.baseUrl}/dicom-web` }, patient, timings };
}

/** Stops the scale Orthanc `id` (its storage stays, so the next start reuses it). */
export async function stopScaleArchive(id) {
  const archive = scaleArchive({ id, httpPort: 20000 });
  const pid = runningPid(archive);
  if (pid === null) return { id, stopped: false };
  process.kill(pid, 'SIGTERM');
  for (let i = 0; i < 100 && runningPid(archive) !== null; i += 1) await sleep(100);
  if (runningPid(archive) !== null) process.kill(pid, 'SIGKILL');
  fs.rmSync(archive.pidFile, { force: true });
  return { id, stopped: true };
}

/**
 * A DICOMweb server that ignores `limit` and `offset` (as some do, PS3.18 8.3.4.4 lets them
 * answer fewer, not more, but they do): a proxy in front of a real one that drops both from
 * every query. Answers its base URL and how to close it.
 * @param {{ upstream: string, port?: number }} options upstream: the real DICOMweb root
 */
export async function startLimitIgnoringProxy({ upstream, port = 0 }) {
  const target = new URL(upstream);
  let requests = 0;
  const server = http.createServer((request, response) => {
    requests += 1;
    const url = new URL(request.url ?? '/', 'http://proxy.invalid');
    url.searchParams.delete('limit');
    url.searchParams.delete('offset');
    const forwarded = http.request(
      { host: target.hostname, port: target.port, method: request.method, path: `${target.pathname.replace(/\/$/, '')}${url.pathname}${url.search}`, headers: { ...request.headers, host: target.host } },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    forwarded.on('error', () => {
      response.writeHead(502);
      response.end();
    });
    request.pipe(forwarded);
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const address = server.address();
  return {
    url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : port}`,
    requests: () => requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

if (process.argv[1] === import.meta.filename) {
  const [command, id, port, patientId, count] = process.argv.slice(2);
  if (command === 'start' && id && port && patientId && count) {
    const { archive, timings } = await startScaleArchive({ id, httpPort: Number(port), patientId, count: Number(count), log: (line) => console.error(line) });
    console.log(JSON.stringify({ ...archive, ...timings }));
  } else if (command === 'stop' && id) {
    console.log(JSON.stringify(await stopScaleArchive(id)));
  } else {
    console.error('usage: scale-archive.mjs start <id> <port> <patientId> <count> | stop <id>');
    process.exit(2);
  }
}
