// The zero-footprint deployment in miniature: static files of the built viewer plus a reverse
// proxy that puts each archive's DICOMweb root under /dicomweb/<archive-id>/ on the same
// origin, so browsers need no CORS from archives (Orthanc 1.10 sends none). A static archive
// (a DICOMweb tree of files, scripts/static-archive) is served from disk at the same place.
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { EVAL_WORKER_PATHS, parseFrameAncestors, securityHeaders, smartConnectSources } from './security-headers.mjs';
import { serveTree } from './static-dicomweb.mjs';

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.map': 'application/json',
  '.ico': 'image/x-icon',
};

/** The archive a "/dicomweb/<id>/rest" URL addresses and the rest (with its query), or undefined. */
function archiveRouteOf(url, archives) {
  const match = /^\/dicomweb\/([a-z0-9-]+)(\/.*)?$/.exec(url);
  if (!match) return undefined;
  const archive = archives.find((a) => a.id === match[1]);
  return archive ? { archive, rest: match[2] ?? '/' } : undefined;
}

/** Maps "/dicomweb/<id>/rest" of an Orthanc archive to its upstream URL, or undefined. */
export function upstreamFor(url, archives) {
  const route = archiveRouteOf(url, archives);
  if (!route?.archive.upstream) return undefined;
  return new URL(`${route.archive.upstream.replace(/\/$/, '')}${route.rest}`);
}

/**
 * Maps "/dicomweb/<id>/rest" of a static archive to its tree's root and the path inside it,
 * or undefined. The query is dropped here: a static tree answers every search in full.
 */
export function staticTreeFor(url, archives) {
  const route = archiveRouteOf(url, archives);
  if (!route?.archive.staticRoot) return undefined;
  return { root: route.archive.staticRoot, path: route.rest.replace(/[?#].*$/s, '') };
}

function proxy(request, response, target) {
  const headers = { ...request.headers, host: target.host };
  delete headers.cookie; // the viewer's cookies are not the archive's business
  const upstream = http.request(
    { hostname: target.hostname, port: target.port, path: `${target.pathname}${target.search}`, method: request.method, headers },
    (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    },
  );
  upstream.on('error', () => {
    if (!response.headersSent) response.writeHead(502, { 'content-type': 'text/plain' });
    response.end('Archive unreachable');
  });
  // The browser gave up (the user moved on): stop the archive's work too. Watch the
  // response, not the request: a request 'close' only means its body was read.
  response.on('close', () => {
    if (!response.writableFinished) upstream.destroy();
  });
  request.pipe(upstream);
}

function serveStatic(request, response, root, appHeaders) {
  const path = decodeURIComponent(new URL(request.url, 'http://x').pathname);
  let file = normalize(join(root, path));
  if (!file.startsWith(root)) {
    response.writeHead(403, appHeaders).end();
    return;
  }
  // Client-side routes (/viewer/...) get the app shell.
  if (!existsSync(file) || statSync(file).isDirectory()) file = join(root, 'index.html');
  const isHashedAsset = path.startsWith('/assets/');
  response.writeHead(200, {
    'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    'cache-control': isHashedAsset ? 'public, max-age=31536000, immutable' : 'no-cache',
    ...appHeaders,
  });
  // A file can vanish between the check and the read (a rebuild of dist/): end this response,
  // not the whole server with an unhandled stream error.
  createReadStream(file).on('error', () => response.destroy()).pipe(response);
}

/** Maps "/audit/rest" to the audit sink (scripts/audit-sink), or undefined. */
export function auditUpstreamFor(url, auditSink) {
  const match = /^\/audit(\/.*)$/.exec(url);
  return match && auditSink ? new URL(`${auditSink.replace(/\/$/, '')}${match[1]}`) : undefined;
}

/**
 * Starts the server; resolves with it once listening. `frameAncestors`: the CSP source list of
 * who may frame the app (default 'none'). Nothing is logged per request: URLs carry UIDs and
 * search terms (patient IDs, names) and tokens travel in headers.
 */
export function startViewerServer({ root, port, host = '127.0.0.1', archives, frameAncestors = "'none'", auditSink = 'http://127.0.0.1:18090', connectSources = [] }) {
  const absoluteRoot = resolve(root);
  const appHeaders = securityHeaders({ frameAncestors, connectSources });
  const evalWorkerHeaders = securityHeaders({ frameAncestors, connectSources, allowsEval: true });
  const server = http.createServer((request, response) => {
    // Audit events reach the sink through this origin, so the browser needs no CORS for them.
    const audit = auditUpstreamFor(request.url ?? '/', auditSink);
    if (audit) return proxy(request, response, audit);
    const target = upstreamFor(request.url ?? '/', archives);
    const tree = target ? undefined : staticTreeFor(request.url ?? '/', archives);
    if (target) proxy(request, response, target);
    else if (tree) serveTree(request, response, tree.root, tree.path).catch(() => response.destroy());
    else serveStatic(request, response, absoluteRoot, EVAL_WORKER_PATHS.includes(new URL(request.url ?? '/', 'http://x').pathname) ? evalWorkerHeaders : appHeaders);
  });
  server.keepAliveTimeout = 65_000;
  return new Promise((resolveListening, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolveListening(server));
  });
}

/**
 * The live-session relay's origins (config.json "liveRelay.url"): the viewer starts sessions
 * over http(s) and follows them over ws(s), so connect-src needs both. Only origins come out.
 */
/**
 * The origins the built app's config.json lets it connect to besides its own (SMART FHIR
 * servers, the live-session relay), for the CSP's connect-src; none without a readable config.
 */
export function configConnectSources(root) {
  try {
    const config = JSON.parse(readFileSync(join(root, 'config.json'), 'utf8'));
    return [...new Set([...smartConnectSources(config), ...liveRelayConnectSources(config), ...mpiConnectSources(config)])];
  } catch {
    return []; // no readable config.json: the app itself will say so
  }
}

/** The master patient index's origin (config.json "identity.pixm.base"): the viewer asks it PIXm queries. */
export function mpiConnectSources(config) {
  try {
    const url = new URL(config?.identity?.pixm?.base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? [url.origin] : [];
  } catch {
    return [];
  }
}

export function liveRelayConnectSources(config) {
  try {
    const url = new URL(config?.liveRelay?.url);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return [];
    return [url.origin, `${url.protocol === 'https:' ? 'wss' : 'ws'}://${url.host}`];
  } catch {
    return [];
  }
}

/**
 * Archives from scripts/archives.json: Orthanc ones with their DICOMweb roots on loopback,
 * static ones with the absolute root of their tree of files.
 */
export function localArchives(repoRoot) {
  const { archives } = JSON.parse(readFileSync(join(repoRoot, 'scripts/archives.json'), 'utf8'));
  return archives.map((a) =>
    a.kind === 'static'
      ? { id: a.id, staticRoot: resolve(repoRoot, a.root) }
      : // A guarded archive is reached only through its bearer-token gate (scripts/ehr).
        { id: a.id, upstream: a.bearerGuardPort ? `http://127.0.0.1:${a.bearerGuardPort}` : `http://127.0.0.1:${a.httpPort}/dicom-web` },
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const repoRoot = resolve(new URL('../..', import.meta.url).pathname);
  const port = Number(process.env.LONGVIEW_PORT ?? 5173);
  const root = process.env.LONGVIEW_DIST ?? join(repoRoot, 'apps/viewer/dist');
  if (!existsSync(join(root, 'index.html'))) {
    console.error(`No built viewer in ${root}: run "pnpm build" first.`);
    process.exit(1);
  }
  let frameAncestors;
  try {
    frameAncestors = parseFrameAncestors(process.env.LONGVIEW_FRAME_ANCESTORS);
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
  // Read once at start: a changed list of SMART servers needs a restart (the CSP is fixed per process).
  const connectSources = configConnectSources(root);
  await startViewerServer({ root, port, archives: localArchives(repoRoot), frameAncestors, connectSources });
  console.log(JSON.stringify({ event: 'viewer-listening', url: `http://127.0.0.1:${port}/` }));
}
