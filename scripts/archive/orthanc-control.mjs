// Start/stop/probe local Orthanc archives described in scripts/archives.json.
// Imported by the CLI (orthanc.mjs), by load-corpus.mjs and by the Playwright
// e2e tests (which stop/restart an archive mid-test), so everything here is a
// plain async function with no process-wide side effects.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');
const ARCHIVES_FILE = path.join(REPO_ROOT, 'scripts', 'archives.json');
const DATA_ROOT = path.join(REPO_ROOT, '.data', 'archives');
const ORTHANC_BINARY = '/usr/sbin/Orthanc';
const PLUGIN_DIR = '/usr/share/orthanc/plugins';
const PLUGINS = ['libOrthancDicomWeb.so', 'libOrthancGdcm.so'];

const START_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 10_000;

/**
 * The Orthanc archives of scripts/archives.json, each completed with its local paths and base
 * URL. Static DICOMweb trees (kind "static") are files, not processes: scripts/static-archive.
 */
export function archiveConfig() {
  const { archives } = JSON.parse(fs.readFileSync(ARCHIVES_FILE, 'utf8'));
  return archives.filter((archive) => (archive.kind ?? 'orthanc') === 'orthanc').map(withLocalPaths);
}

function withLocalPaths(archive) {
  const dir = path.join(DATA_ROOT, archive.id);
  return {
    ...archive,
    dir,
    configFile: path.join(dir, 'orthanc.json'),
    pidFile: path.join(dir, 'orthanc.pid'),
    logFile: path.join(dir, 'orthanc.log'),
    // 127.0.0.1 rather than "localhost": Node may resolve localhost to ::1 first,
    // and Orthanc 1.10 listens on IPv4 only.
    baseUrl: `http://127.0.0.1:${archive.httpPort}`,
    dicomWebUrl: `http://127.0.0.1:${archive.httpPort}/dicom-web`,
  };
}

export function archiveById(id) {
  const archive = archiveConfig().find((a) => a.id === id);
  if (!archive) {
    const known = archiveConfig().map((a) => a.id).join(', ');
    throw new Error(`Unknown archive "${id}" (known: ${known})`);
  }
  return archive;
}

/** The Orthanc configuration we run with; written to .data/archives/<id>/orthanc.json. */
export function orthancSettings(archive) {
  return {
    Name: archive.name,
    StorageDirectory: path.join(archive.dir, 'storage'),
    IndexDirectory: path.join(archive.dir, 'index'),
    // Files are stored exactly as uploaded (no zlib), so WADO-RS frames can be
    // cut straight out of the stored file and the attachment MD5 equals the
    // MD5 of our corpus file (load-corpus.mjs relies on that to skip uploads).
    StorageCompression: false,
    // In-RAM cache of recently read DICOM files (MB). The whole demo corpus
    // fits, so repeated series metadata / frame requests do not hit the disk.
    MaximumStorageCacheSize: 512,
    HttpServerEnabled: true,
    HttpPort: archive.httpPort,
    // Nothing here speaks DIMSE (the corpus is loaded over REST, the viewer uses DICOMweb),
    // and Orthanc 1.10 would listen on every interface with no authentication: keep it off.
    DicomServerEnabled: false,
    DicomPort: archive.dicomPort,
    DicomAet: archive.aet,
    // Orthanc 1.10 has no bind-address option (it listens on all interfaces);
    // RemoteAccessAllowed=false makes it refuse any HTTP client that is not on
    // the loopback interface, which is the closest we can get.
    RemoteAccessAllowed: false,
    AuthenticationEnabled: false,
    OrthancExplorerEnabled: true,
    // Many parallel frame requests from the viewer; Orthanc's default is 50.
    HttpThreadsCount: 50,
    KeepAlive: true,
    TcpNoDelay: true,
    // Loopback traffic: gzip would only burn CPU on a 2-core machine.
    HttpCompressionEnabled: false,
    HttpRequestTimeout: 60,
    ConcurrentJobs: 2,
    SaveJobs: false,
    // A regenerated corpus file with the same SOPInstanceUID replaces the old copy.
    OverwriteInstances: true,
    // QIDO answers are re-encoded from the index in this encoding; Orthanc's default, Latin1,
    // drops every character outside it (the CJK text of the hostile corpus studies).
    DefaultEncoding: 'Utf8',
    HttpsCACertificates: '/etc/ssl/certs/ca-certificates.crt',
    ExecuteLuaEnabled: false,
    Plugins: PLUGINS.map((p) => path.join(PLUGIN_DIR, p)),
    DicomWeb: {
      Enable: true,
      Root: '/dicom-web/',
      EnableWado: true,
      WadoRoot: '/wado',
      Ssl: false,
      QidoCaseSensitive: false,
      // "Full" reads each instance of the series from storage. The faster
      // modes are not acceptable for a viewer: "MainDicomTags" returns only
      // the few tags Orthanc indexes (no Rows, PixelSpacing, Rescale*,
      // Window*, ...), and "Extrapolate" copies non-indexed tags from 3 sample
      // instances to every instance, silently dropping per-slice values.
      // "Full" stays fast here because Orthanc >= 1.9.1 reads a stored file
      // only up to its Pixel Data (PixelDataOffset metadata) and recently read
      // files sit in the storage cache configured above.
      StudiesMetadata: 'Full',
      SeriesMetadata: 'Full',
    },
    // Decoding/transcoding on the server (WADO-RS frames requested as
    // uncompressed, /rendered, Orthanc Explorer previews) goes to Orthanc's
    // built-in DCMTK first. GDCM only gets JPEG 2000, which DCMTK cannot
    // decode: with the GDCM plugin first, Orthanc 1.10.1 + orthanc-gdcm 1.5
    // segfault after a few WADO-RS frame requests that transcode Implicit
    // VR LE or Explicit VR Big Endian instances to Explicit VR LE
    // (reproduced with the panel series of our corpus).
    BuiltinDecoderTranscoderOrder: 'Before',
    Gdcm: {
      Enable: true,
      RestrictTransferSyntaxes: [
        '1.2.840.10008.1.2.4.90', // JPEG 2000 Lossless
        '1.2.840.10008.1.2.4.91', // JPEG 2000
        '1.2.840.10008.1.2.4.92', // JPEG 2000 Part 2 Lossless
        '1.2.840.10008.1.2.4.93', // JPEG 2000 Part 2
      ],
      Throttling: 2,
    },
  };
}

/** True when the archive's HTTP API answers /system and it is really this archive. */
export async function isArchiveUp(id) {
  const archive = archiveById(id);
  const system = await fetchSystem(archive);
  return system !== null && system.DicomAet === archive.aet;
}

async function fetchSystem(archive, timeoutMs = 1500) {
  try {
    const response = await fetch(`${archive.baseUrl}/system`, { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) return null;
    return await response.json();
  } catch {
    return null;
  }
}

function readPid(archive) {
  try {
    const pid = Number.parseInt(fs.readFileSync(archive.pidFile, 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** Only treat a pid as ours if it is alive AND runs Orthanc with our config (pids get recycled). */
function isOurOrthanc(pid, archive) {
  if (pid === null) return false;
  try {
    const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return cmdline[0] === ORTHANC_BINARY && cmdline.includes(archive.configFile);
  } catch {
    return false;
  }
}

/**
 * Serialises start/stop of one archive across processes (parallel
 * Playwright workers may restart the same archive): an exclusive lock file
 * next to the pid file. A lock older than STALE_LOCK_MS is from a crashed
 * caller and is taken over.
 */
const STALE_LOCK_MS = 60_000;

async function withArchiveLock(archive, action) {
  fs.mkdirSync(archive.dir, { recursive: true });
  const lockFile = path.join(archive.dir, 'control.lock');
  const deadline = Date.now() + START_TIMEOUT_MS + STOP_GRACE_MS;
  for (;;) {
    try {
      fs.closeSync(fs.openSync(lockFile, 'wx'));
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      const age = Date.now() - (fs.statSync(lockFile, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > STALE_LOCK_MS) fs.rmSync(lockFile, { force: true });
      else if (Date.now() > deadline) throw new Error(`Timed out waiting for ${lockFile}`);
      else await sleep(100);
    }
  }
  try {
    return await action();
  } finally {
    fs.rmSync(lockFile, { force: true });
  }
}

/** Start one archive (no-op when it is already running and healthy). Resolves once /system answers. */
export async function startArchive(id) {
  const archive = archiveById(id);
  return withArchiveLock(archive, () => startLocked(archive));
}

async function startLocked(archive) {
  const { id } = archive;
  const pid = readPid(archive);
  if (isOurOrthanc(pid, archive) && (await isArchiveUp(id))) {
    return { id, pid, started: false, url: archive.baseUrl };
  }
  if (isOurOrthanc(pid, archive)) {
    // Running but not answering (still booting, or wedged): give it the normal
    // start-up budget before declaring failure rather than starting a twin.
    await waitUntilUp(archive, pid);
    return { id, pid, started: false, url: archive.baseUrl };
  }
  const foreign = await fetchSystem(archive);
  if (foreign) {
    throw new Error(`Port ${archive.httpPort} is already served by an Orthanc (AET ${foreign.DicomAet}) that has no pid file here (another checkout, or .data/archives was deleted while it ran); stop it first. Not starting "${id}".`);
  }

  writeOrthancConfig(archive);
  const child = spawnDetachedOrthanc(archive);
  fs.writeFileSync(archive.pidFile, `${child.pid}\n`);
  await waitUntilUp(archive, child.pid);
  return { id, pid: child.pid, started: true, url: archive.baseUrl };
}

function writeOrthancConfig(archive) {
  const settings = orthancSettings(archive);
  fs.mkdirSync(settings.StorageDirectory, { recursive: true });
  fs.mkdirSync(settings.IndexDirectory, { recursive: true });
  fs.writeFileSync(archive.configFile, `${JSON.stringify(settings, null, 2)}\n`);
}

function spawnDetachedOrthanc(archive) {
  // Appending keeps the history of restarts (e2e tests restart archives) in one file.
  const log = fs.openSync(archive.logFile, 'a');
  fs.writeSync(log, `\n=== ${new Date().toISOString()} starting ${ORTHANC_BINARY} ${archive.configFile}\n`);
  // detached: own process group, so Ctrl-C in the calling terminal or the
  // end of a test runner does not take the archive down with it.
  const child = spawn(ORTHANC_BINARY, [archive.configFile], {
    cwd: archive.dir,
    detached: true,
    stdio: ['ignore', log, log],
  });
  fs.closeSync(log);
  child.unref();
  return child;
}

async function waitUntilUp(archive, pid) {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (!isProcessAlive(pid)) {
      throw new Error(`Orthanc "${archive.id}" exited during start-up; see ${archive.logFile}\n${tailOfLog(archive)}`);
    }
    if (await isArchiveUp(archive.id)) return;
    await sleep(200);
  }
  throw new Error(`Orthanc "${archive.id}" did not answer ${archive.baseUrl}/system within ${START_TIMEOUT_MS / 1000}s; see ${archive.logFile}`);
}

function tailOfLog(archive, lines = 15) {
  try {
    return fs.readFileSync(archive.logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

function isProcessAlive(pid) {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return error.code === 'EPERM';
  }
  // A zombie still accepts signal 0; it happens when the process that started
  // Orthanc (e.g. a long-lived test runner) has not reaped it yet.
  return !isZombie(pid);
}

function isZombie(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}

/** Stop one archive: SIGTERM, wait, then SIGKILL. Safe to call when it is not running. */
export async function stopArchive(id) {
  const archive = archiveById(id);
  return withArchiveLock(archive, () => stopLocked(archive));
}

async function stopLocked(archive) {
  const { id } = archive;
  const pid = readPid(archive);
  let stopped = false;
  if (isOurOrthanc(pid, archive)) {
    process.kill(pid, 'SIGTERM');
    stopped = true;
    if (!(await waitForExit(pid, STOP_GRACE_MS))) {
      process.kill(pid, 'SIGKILL');
      await waitForExit(pid, 5_000);
    }
  }
  fs.rmSync(archive.pidFile, { force: true });
  return { id, pid, stopped };
}

async function waitForExit(pid, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isProcessAlive(pid)) return true;
    await sleep(100);
  }
  return !isProcessAlive(pid);
}

/** Stop then start: what an e2e test uses to simulate a PACS outage and recovery. */
export async function restartArchive(id) {
  await stopArchive(id);
  return startArchive(id);
}

/** { id: { up, pid, url } } for every configured archive. */
export async function archiveStatus() {
  const entries = await Promise.all(
    archiveConfig().map(async (archive) => {
      const pid = readPid(archive);
      return [archive.id, {
        up: await isArchiveUp(archive.id),
        pid: isOurOrthanc(pid, archive) ? pid : null,
        url: archive.baseUrl,
        dicomWeb: archive.dicomWebUrl,
        aet: archive.aet,
        dicomPort: archive.dicomPort,
      }];
    }),
  );
  return Object.fromEntries(entries);
}
