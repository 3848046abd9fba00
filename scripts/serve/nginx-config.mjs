// The viewer as a hospital deploys it: Debian nginx serving the built app (apps/viewer/dist,
// precompressed at build time) and putting every archive, the audit sink and the static DICOMweb
// trees on that one origin. This module only renders the configuration (a pure function, tested
// in nginx-config.test.mjs against a real nginx); scripts/serve/control.mjs starts nginx with it.
// docs/deploy.md explains each part for a hospital's own copy.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EVAL_WORKER_PATHS, securityHeaders, smartConnectSources } from './security-headers.mjs';
import { FRAME_BOUNDARY } from '../static-archive/layout.mjs';

/** Where Debian's libnginx-mod-http-brotli-static puts its module. */
export const BROTLI_STATIC_MODULE = '/usr/lib/nginx/modules/ngx_http_brotli_static_module.so';

/** Path of the health answer control.mjs waits for; it carries the config's digest. */
export const HEALTH_PATH = '/nginx-health';

const ARCHIVE_ID = /^[a-z0-9-]+$/;

/**
 * The types of the app's files (nginx picks them by extension). Text types get "; charset=utf-8"
 * through charset_types below. .wasm must be application/wasm for WebAssembly.instantiateStreaming.
 */
const APP_TYPES = {
  'text/html': ['html'],
  'text/javascript': ['js', 'mjs'],
  'text/css': ['css'],
  'application/json': ['json', 'map'],
  'application/wasm': ['wasm'],
  'image/svg+xml': ['svg'],
  'image/png': ['png'],
  'image/x-icon': ['ico'],
};

/**
 * A value that goes between double quotes in nginx's configuration: it must not end the string,
 * escape, or interpolate a variable ($), whatever config.json or the environment held.
 */
function quoted(value) {
  if (/["\\$\n\r;{}]/.test(value.replace(/; /g, ''))) throw new Error(`Refusing to put ${JSON.stringify(value)} into the nginx configuration.`);
  return `"${value}"`;
}

/** Capitalised header name (nginx sends names as written). */
const headerName = (name) => name.replace(/(^|-)([a-z])/g, (_, dash, letter) => `${dash}${letter.toUpperCase()}`);

/**
 * The add_header lines of scripts/serve/security-headers.mjs, the one source of the policy. `always`:
 * error answers (404, 400) carry them too. nginx drops a level's add_header lines wherever a
 * location has its own, so each location that adds one repeats these (generated, never typed).
 */
export function securityHeaderLines(options) {
  return Object.entries(securityHeaders(options)).map(([name, value]) => `add_header ${headerName(name)} ${quoted(value)} always;`);
}

/**
 * The origins the built app's config.json lets it connect to besides its own (SMART FHIR
 * servers, the live-session relay, the master patient index), for the CSP's connect-src; none
 * without a readable config.
 */
export function configConnectSources(dist) {
  try {
    const config = JSON.parse(readFileSync(join(dist, 'config.json'), 'utf8'));
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

/**
 * The live-session relay's origins (config.json "liveRelay.url"): the viewer starts sessions
 * over http(s) and follows them over ws(s), so connect-src needs both. Only origins come out.
 */
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

/** An upstream's base URL as proxy_pass takes it: http, a host, a path ending in "/", nothing else. */
function upstreamBase(raw, what) {
  const url = new URL(raw);
  if (url.protocol !== 'http:' || url.search || url.hash || url.username) throw new Error(`${what}: "${raw}" must be a plain http:// URL.`);
  return { base: `${url.origin}${url.pathname.replace(/\/?$/, '/')}`, host: url.host };
}

const indent = (lines, depth) => lines.flatMap((line) => line.split('\n')).map((line) => (line === '' ? '' : `${'  '.repeat(depth)}${line}`)).join('\n');

/**
 * What every proxied location sets: the upstream sees its own Host and none of the client's
 * forwarding claims or cookies; the browser giving up closes the upstream request too.
 */
function proxyLines({ base, host }) {
  return [
    `proxy_pass ${base};`,
    'proxy_http_version 1.1;',
    'proxy_set_header Connection "";',
    `proxy_set_header Host ${host};`,
    // The viewer's cookies are not the archive's business, and a client's X-Forwarded-* claims
    // are nobody's: nginx passes request headers through unless told, so each is emptied.
    'proxy_set_header Cookie "";',
    'proxy_set_header Forwarded "";',
    'proxy_set_header X-Forwarded-For "";',
    'proxy_set_header X-Forwarded-Host "";',
    'proxy_set_header X-Forwarded-Proto "";',
    'proxy_set_header X-Real-IP "";',
    // Streamed as the archive sends it (progressive frames), never spooled to disk.
    'proxy_buffering off;',
    // Unbuffered, this is the one buffer per request: large enough for a frame to move in few reads.
    'proxy_buffer_size 64k;',
    'proxy_buffers 4 64k;',
    'proxy_request_buffering off;',
    'proxy_redirect off;',
    'proxy_connect_timeout 5s;',
    'proxy_read_timeout 300s;',
  ];
}

/**
 * The largest STOW-RS request the viewer's nginx passes to an archive: a reader's results (an SR
 * and a key object selection are kilobytes) with room for a secondary capture or two. Everywhere
 * else bodies stay under the server-wide 1m.
 */
export const STOW_MAX_BODY = '64m';

/**
 * An Orthanc (or any DICOMweb server) under /dicomweb/<id>/: the rest of the path and the query go
 * to its root. `/studies` alone also takes STOW-RS (PS3.18 10.5: POST <root>/studies), so only
 * there may a body be larger; a GET of it (a QIDO study search) carries none. Whether the caller
 * may write at all is the archive's (or its bearer gate's) decision, not this proxy's.
 */
function proxiedArchive(archive) {
  const upstream = upstreamBase(archive.upstream, `archive ${archive.id}`);
  return [
    `location ^~ /dicomweb/${archive.id}/ {`,
    ...indent(proxyLines(upstream), 1).split('\n'),
    '}',
    `location = /dicomweb/${archive.id}/studies {`,
    `  client_max_body_size ${STOW_MAX_BODY};`,
    // An exact location's whole path is what proxy_pass replaces: name the resource again.
    ...indent(proxyLines({ ...upstream, base: `${upstream.base}studies` }), 1).split('\n'),
    '}',
    `location = /dicomweb/${archive.id} {`,
    ...indent(proxyLines(upstream), 1).split('\n'),
    '}',
  ];
}

/**
 * A static DICOMweb tree (scripts/static-archive/layout.mjs) served as files, as any file server
 * or object store would: the query is ignored (a static tree answers every search in full), the
 * path picks the first file of resolveCandidates() that exists, and the type follows the kind of
 * resource (contentTypeOf()); a stored .gz goes out as is with Content-Encoding: gzip. Only GET
 * and HEAD; dot-files (the tree's stamp) answer 400; links are not followed.
 */
function staticArchive(archive) {
  const prefix = `/dicomweb/${archive.id}`;
  // The tree's contentTypeOf(), by the kind of resource the request names (nginx cannot type a
  // file by the path try_files found, only by a location); candidates as resolveCandidates().
  const kinds = [
    { match: '/frames/\\d+$', type: `multipart/related; boundary=${FRAME_BOUNDARY}`, files: '$uri.gz $uri' },
    { match: '/rendered$', type: 'image/jpeg', files: '$uri' },
    { match: '/bulkdata/', type: 'application/octet-stream', files: '$uri' },
    { match: '/metadata$', type: 'application/dicom+json', files: '$uri.gz' },
    { match: '/instances/[^/]+$', type: 'application/dicom', files: '$uri/index.dcm' },
  ];
  const serve = (type, files) => [
    'if ($request_method !~ ^(GET|HEAD)$) { return 405; }',
    `rewrite ^${prefix}(/.*)$ $1 break;`,
    `root ${archive.staticRoot};`,
    'disable_symlinks on from=$document_root;',
    'types { }',
    `default_type ${quoted(type)};`,
    'add_header Content-Encoding $longview_stored_encoding;',
    'add_header Cache-Control "no-cache";',
    'add_header X-Content-Type-Options "nosniff";',
    `try_files ${files} =404;`,
  ];
  return [
    `location ^~ ${prefix}/ {`,
    '  gzip_static off;',
    '  location ~ /\\. { return 400; }',
    ...kinds.flatMap(({ match, type, files }) => [`  location ~ ${match} {`, ...indent(serve(type, files), 2).split('\n'), '  }']),
    // Collections (studies, series, instances): their index.json.gz.
    ...indent(serve('application/dicom+json', '$uri.gz $uri/index.json.gz'), 1).split('\n'),
    '}',
  ];
}

/**
 * nginx.conf for the viewer. `prefix`: nginx's own directory (pid, logs, temp); `dist`: the built
 * app; `archives`: as localArchives(); `auditSink`: the audit sink's base URL; `frameAncestors` and
 * `connectSources`: for the CSP; `brotliModule`: the module's path when it is installed (else gzip
 * alone); `digest`: what HEALTH_PATH answers (control.mjs puts the config's hash there);
 * `workerUser`: the user nginx's workers run as when it is started as root (else nobody).
 */
export function renderViewerNginxConfig({ prefix, port, host = '127.0.0.1', dist, archives, auditSink, frameAncestors = "'none'", connectSources = [], brotliModule, digest = '', workerUser }) {
  if (workerUser !== undefined && !/^[a-z_][a-z0-9_-]*$/.test(workerUser)) throw new Error(`"${workerUser}" is not a user name.`);
  for (const archive of archives) if (!ARCHIVE_ID.test(archive.id)) throw new Error(`Archive id "${archive.id}" must be lower-case letters, digits and dashes.`);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`Port ${port} is not a TCP port.`);
  for (const path of [prefix, dist, ...archives.map((a) => a.staticRoot ?? '/')]) {
    if (!path.startsWith('/') || /[\s"';{}$\\]/.test(path)) throw new Error(`"${path}" must be an absolute path without spaces or quotes.`);
  }
  const appHeaders = securityHeaderLines({ frameAncestors, connectSources });
  const evalWorkerHeaders = securityHeaderLines({ frameAncestors, connectSources, allowsEval: true });
  const precompressed = ['gzip_static on;', ...(brotliModule ? ['brotli_static on;'] : [])];
  const noCache = ['add_header Cache-Control "no-cache";', ...appHeaders];
  const audit = upstreamBase(auditSink, 'audit sink');

  const server = [
    `listen ${host}:${port};`,
    'server_name _;',
    'server_tokens off;',
    // Redirects nginx makes itself (a directory without its slash) stay relative: a client's Host
    // header never becomes a Location.
    'absolute_redirect off;',
    // dist is vite's output and holds no links (disable_symlinks would also switch brotli_static off).
    `root ${dist};`,
    // Traversal in any spelling is refused before any location is looked at; see the map.
    'if ($longview_refused_path) { return 400; }',
    // Bodies: audit batches (and STOW-RS to an archive's /studies, its own location). Headers: a
    // bearer token and a long QIDO query fit; a larger header or request line gets 400/414 instead of memory.
    'client_max_body_size 1m;',
    'client_header_buffer_size 4k;',
    'large_client_header_buffers 4 16k;',
    'client_body_timeout 30s;',
    'client_header_timeout 30s;',
    ...appHeaders,
    '',
    `location = ${HEALTH_PATH} {`,
    '  default_type text/plain;',
    `  return 200 ${quoted(`longview-viewer ${digest}`)};`,
    '}',
    '',
    '# Hashed file names (vite): a new build has new names, so a copy may be kept for a year.',
    'location ^~ /assets/ {',
    ...indent([...precompressed, 'add_header Cache-Control "public, max-age=31536000, immutable";', ...appHeaders, 'try_files $uri =404;'], 1).split('\n'),
    '}',
    '',
    '# index.html, config.json and the unhashed files: checked with the server on every use.',
    'location / {',
    ...indent([...precompressed, ...noCache, '# The single-page app\'s routes (/viewer/..., /board/..., /launch) get the shell.', 'try_files $uri /index.html;'], 1).split('\n'),
    '}',
    'location = /index.html {',
    ...indent([...precompressed, ...noCache], 1).split('\n'),
    '}',
    '# Edited in place by whoever deploys: never precompressed (a stale .gz would win), so sent as is.',
    'location = /config.json {',
    ...indent([...noCache, 'try_files $uri =404;'], 1).split('\n'),
    '}',
    ...EVAL_WORKER_PATHS.flatMap((path) => [
      `# The one worker whose codecs need eval (security-headers.mjs EVAL_WORKER_PATHS).`,
      `location = ${path} {`,
      ...indent([...precompressed, 'add_header Cache-Control "no-cache";', ...evalWorkerHeaders, 'try_files $uri =404;'], 1).split('\n'),
      '}',
    ]),
    '',
    '# Archives: one location per configured archive; any other /dicomweb/ path is not one.',
    'location ^~ /dicomweb/ { return 404; }',
    'location = /dicomweb { return 404; }',
    ...archives.flatMap((archive) => (archive.staticRoot ? staticArchive(archive) : proxiedArchive(archive))),
    '',
    '# Audit events reach the sink through this origin, so the browser needs no CORS for them.',
    'location ^~ /audit/ {',
    ...indent(proxyLines(audit), 1).split('\n'),
    '}',
  ];

  const types = Object.entries(APP_TYPES).map(([type, extensions]) => `${type} ${extensions.join(' ')};`);
  const http = [
    `types { ${types.join(' ')} }`,
    'default_type application/octet-stream;',
    'charset utf-8;',
    // text/html is in charset_types already.
    'charset_types text/css text/javascript application/json;',
    'sendfile on;',
    'keepalive_timeout 65s;',
    // Compression is done once at build time (apps/viewer/vite.config.ts): nothing on the fly.
    'gzip off;',
    'gzip_vary on;',
    'log_not_found off;',
    // Only requests for the app's own files are logged: every other URL can carry a UID, a search
    // term (a patient's name or ID), a board or a session (the capability to follow it).
    'map $request_uri $longview_logged {',
    '  ~^/(assets|dicom-microscopy-viewer)/[^?]*$ 1;',
    '  default 0;',
    '}',
    "log_format longview '$time_iso8601 $status $request_method $request_uri $body_bytes_sent';",
    `access_log ${join(prefix, 'logs/access.log')} longview if=$longview_logged;`,
    // The path as sent, before nginx decodes it: "..", an encoded or double-encoded dot or
    // backslash, a backslash, a NUL. No route of the app or DICOMweb path has any of them.
    'map $request_uri $longview_refused_path {',
    '  "~*^[^?]*([.][.]|%2e|%5c|%25|%00|\\x5c)" 1;',
    '  default 0;',
    '}',
    // A stored .gz of a static tree goes out as is (add_header skips an empty value).
    'map $uri $longview_stored_encoding {',
    '  ~[.]gz$ gzip;',
    '  default "";',
    '}',
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((kind) => `${kind}_temp_path ${join(prefix, `temp/${kind}`)};`),
    'server {',
    indent(server, 1),
    '}',
  ];

  return [
    '# Written by scripts/serve/control.mjs (rendered by scripts/serve/nginx-config.mjs); do not edit.',
    ...(brotliModule ? [`load_module ${brotliModule};`] : []),
    'daemon off;',
    ...(workerUser ? [`user ${workerUser};`] : []),
    'worker_processes 1;',
    `pid ${join(prefix, 'nginx.pid')};`,
    // crit: nginx's error lines quote the request line, and a QIDO request line names a patient.
    `error_log ${join(prefix, 'logs/error.log')} crit;`,
    'events { worker_connections 4096; }',
    'http {',
    indent(http, 1),
    '}',
    '',
  ].join('\n');
}
