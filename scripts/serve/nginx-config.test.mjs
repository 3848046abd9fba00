// The rendered configuration, checked against a real Debian nginx started on it: a small built
// app, a static DICOMweb tree and a stand-in archive (a plain HTTP server that records what
// reaches it) in a temporary directory.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { brotliCompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freeLoopbackPort } from '../lib/loopback-port.mjs';
import { FRAME_BOUNDARY } from '../static-archive/layout.mjs';
import { BROTLI_STATIC_MODULE, HEALTH_PATH, mpiConnectSources, renderViewerNginxConfig, securityHeaderLines, STOW_MAX_BODY } from './nginx-config.mjs';
import { contentSecurityPolicy, parseFrameAncestors, securityHeaders } from './security-headers.mjs';

/** A request sent with the path exactly as written (no client-side normalisation of ".."). */
function send(port, rawPath, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: '127.0.0.1', port, path: rawPath, method, headers: { 'accept-encoding': 'gzip', ...headers } }, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode, headers: response.headers, body: Buffer.concat(chunks) }));
    });
    request.on('error', reject);
    request.end(body);
  });
}

describe('renderViewerNginxConfig', () => {
  const base = { prefix: '/srv/nginx', port: 8080, dist: '/srv/dist', auditSink: 'http://127.0.0.1:18090', archives: [{ id: 'radiology', upstream: 'http://10.0.0.5:8042/dicom-web' }] };

  it('sends the headers of security-headers.mjs, as they are, on every app location', () => {
    const config = renderViewerNginxConfig({ ...base, connectSources: ['https://fhir.example.org'] });
    const lines = securityHeaderLines({ connectSources: ['https://fhir.example.org'] });
    expect(lines).toHaveLength(Object.keys(securityHeaders()).length);
    expect(lines[0]).toBe(`add_header Content-Security-Policy "${contentSecurityPolicy({ connectSources: ['https://fhir.example.org'] })}" always;`);
    // Server level, /assets/, /, /index.html, /config.json: each carries the whole set; the
    // slide worker's location too, with its own CSP.
    const count = (line) => config.split(line).length - 1;
    expect(count(lines[0])).toBe(5);
    for (const line of lines.slice(1)) expect([line, count(line)]).toEqual([line, 6]);
    expect(count(securityHeaderLines({ connectSources: ['https://fhir.example.org'], allowsEval: true })[0])).toBe(1);
  });

  it('frames nobody unless origins are configured, and takes nothing but origins for it', () => {
    expect(renderViewerNginxConfig(base)).toContain("frame-ancestors 'none'\" always;");
    expect(parseFrameAncestors('  ')).toBe("'none'");
    for (const hostile of ["https://a.org; script-src 'unsafe-inline'", 'https://a.org,', 'javascript:x', '*', "'none' https://a.org", 'https://a.org\r\nx: y']) {
      expect(() => parseFrameAncestors(hostile), hostile).toThrow(/LONGVIEW_FRAME_ANCESTORS/);
    }
  });

  it('lets larger bodies through only to a proxied archive\'s /studies (STOW-RS), never to a static tree', () => {
    const config = renderViewerNginxConfig({ ...base, archives: [...base.archives, { id: 'clinics', staticRoot: '/srv/clinics' }] });
    expect(config.match(/client_max_body_size \S+;/g)).toEqual(['client_max_body_size 1m;', `client_max_body_size ${STOW_MAX_BODY};`]);
    const stow = config.slice(config.indexOf('location = /dicomweb/radiology/studies {'));
    expect(stow.slice(0, stow.indexOf('}'))).toContain(`client_max_body_size ${STOW_MAX_BODY};`);
    expect(stow.slice(0, stow.indexOf('}'))).toContain('proxy_pass http://10.0.0.5:8042/dicom-web/studies;');
    expect(config).not.toContain('location = /dicomweb/clinics/studies');
  });

  it('loads brotli only when the module is there', () => {
    expect(renderViewerNginxConfig(base)).not.toMatch(/brotli/);
    expect(renderViewerNginxConfig({ ...base, brotliModule: BROTLI_STATIC_MODULE })).toContain(`load_module ${BROTLI_STATIC_MODULE};`);
  });

  it('refuses what could change the configuration from a config value', () => {
    expect(() => renderViewerNginxConfig({ ...base, archives: [{ id: 'x; include /etc/passwd', upstream: 'http://a/' }] })).toThrow(/Archive id/);
    expect(() => renderViewerNginxConfig({ ...base, connectSources: ['https://a.org" always; add_header X "y'] })).toThrow(/Refusing/);
    expect(() => renderViewerNginxConfig({ ...base, connectSources: ['https://$host'] })).toThrow(/Refusing/);
    expect(() => renderViewerNginxConfig({ ...base, dist: '/srv/my dist' })).toThrow(/absolute path/);
    expect(() => renderViewerNginxConfig({ ...base, archives: [{ id: 'a', upstream: 'http://u:p@host/' }] })).toThrow(/plain http/);
    expect(() => renderViewerNginxConfig({ ...base, workerUser: 'root; daemon on' })).toThrow(/user name/);
  });
});

// What the tree nginx serves holds: a small built app's files and a static DICOMweb tree's.
const STUDIES = [{ '0020000D': { vr: 'UI', Value: ['1.2'] } }];
const INSTANCE = 'studies/1.2/series/3.4/instances/5.6';
const FRAME = Buffer.from(`--${FRAME_BOUNDARY}\r\nContent-Type: image/jpeg; transfer-syntax=1.2.840.10008.1.2.4.50\r\n\r\n\xff\xd8\xff\xd9\r\n--${FRAME_BOUNDARY}--\r\n`, 'latin1');
const THUMBNAIL = Buffer.from([0xff, 0xd8, 0xff, 0xd9]);
const PART10 = Buffer.concat([Buffer.alloc(128), Buffer.from('DICM')]);
const SCRIPT = `export const a = ${JSON.stringify('x'.repeat(4000))};`;

const hasNginx = existsSync('/usr/sbin/nginx');

// What the nginx tests share: one nginx, its temporary directory, and the stand-in archive with what reached it.
let work;
let nginx;
let archive;
const seenByArchive = [];
let port;

/** Writes the tree, starts the stand-in archive, and starts nginx on the rendered configuration. */
async function startViewerBehindNginx() {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'viewer-nginx-'));
  // nginx's workers run as nobody when it is started as root.
  fs.chmodSync(work, 0o755);
  const put = (relative, bytes) => {
    fs.mkdirSync(path.dirname(path.join(work, relative)), { recursive: true });
    fs.writeFileSync(path.join(work, relative), bytes);
  };
  put('dist/index.html', '<!doctype html><title>shell</title>');
  put('dist/config.json', '{"version":1}');
  put('dist/assets/index-abc.js', SCRIPT);
  put('dist/assets/index-abc.js.gz', gzipSync(SCRIPT));
  put('dist/assets/index-abc.js.br', brotliCompressSync(SCRIPT));
  put('dist/dicom-microscopy-viewer/dataLoader.worker.min.js', 'self.onmessage = () => {};');
  put('clinics/studies/index.json.gz', gzipSync(JSON.stringify(STUDIES)));
  put(`clinics/${INSTANCE}/metadata.gz`, gzipSync(JSON.stringify([{}])));
  put(`clinics/${INSTANCE}/frames/1`, FRAME);
  put(`clinics/${INSTANCE}/frames/2.gz`, gzipSync(FRAME));
  put(`clinics/${INSTANCE}/rendered`, THUMBNAIL);
  put(`clinics/${INSTANCE}/index.dcm`, PART10);
  put('clinics/.stamp.json', '{}');
  put('secret.txt', 'outside the tree');
  fs.symlinkSync(path.join(work, 'secret.txt'), path.join(work, 'clinics/studies/link'));
  for (const dir of ['nginx/logs', 'nginx/temp']) fs.mkdirSync(path.join(work, dir), { recursive: true });

  // The stand-in archive records each request's path and headers, and answers with JSON.
  archive = http.createServer((request, response) => {
    let bodyBytes = 0;
    request.on('data', (chunk) => (bodyBytes += chunk.length));
    request.on('end', () => {
      seenByArchive.push({ url: request.url, method: request.method, headers: request.headers, bodyBytes });
      response.writeHead(200, { 'content-type': 'application/dicom+json' }).end('[]');
    });
  });
  await new Promise((resolve) => archive.listen(0, '127.0.0.1', resolve));

  port = await freeLoopbackPort();
  const prefix = path.join(work, 'nginx');
  const config = renderViewerNginxConfig({
    prefix,
    port,
    dist: path.join(work, 'dist'),
    archives: [
      { id: 'radiology', upstream: `http://127.0.0.1:${archive.address().port}/dicom-web` },
      { id: 'clinics', staticRoot: path.join(work, 'clinics') },
    ],
    auditSink: `http://127.0.0.1:${archive.address().port}/sink`,
    frameAncestors: 'https://ehr.example.org',
    brotliModule: existsSync(BROTLI_STATIC_MODULE) ? BROTLI_STATIC_MODULE : undefined,
    digest: 'test',
  });
  fs.writeFileSync(path.join(prefix, 'nginx.conf'), config);
  nginx = spawn('nginx', ['-p', prefix, '-c', path.join(prefix, 'nginx.conf')], { stdio: 'inherit' });
  for (let i = 0; i < 100; i += 1) {
    const answer = await send(port, HEALTH_PATH).catch(() => undefined);
    if (answer?.body.toString() === 'longview-viewer test') break;
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function stopViewerBehindNginx() {
  nginx?.kill('SIGTERM');
  archive?.close();
  if (nginx) await new Promise((resolve) => (nginx.exitCode === null ? nginx.once('exit', resolve) : resolve()));
  fs.rmSync(work, { recursive: true, force: true });
}

// Started once for the describe blocks below, and only where nginx is installed.
beforeAll(async () => {
  if (hasNginx) await startViewerBehindNginx();
});
afterAll(async () => {
  if (hasNginx) await stopViewerBehindNginx();
});

describe.runIf(hasNginx)('the viewer behind a real nginx: the app files, headers and paths', () => {
  it('sends the precompressed asset the client accepts, cached for good; the shell and config.json are revalidated', async () => {
    const gzipped = await send(port, '/assets/index-abc.js');
    expect([gzipped.status, gzipped.headers['content-encoding'], gzipped.headers['cache-control']]).toEqual([200, 'gzip', 'public, max-age=31536000, immutable']);
    expect(gunzipSync(gzipped.body).toString()).toBe(SCRIPT);
    expect(gzipped.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(gzipped.headers.vary).toBe('Accept-Encoding');
    const plain = await send(port, '/assets/index-abc.js', { headers: { 'accept-encoding': 'identity' } });
    expect([plain.headers['content-encoding'], plain.body.toString()]).toEqual([undefined, SCRIPT]);
    if (existsSync(BROTLI_STATIC_MODULE)) {
      const brotli = await send(port, '/assets/index-abc.js', { headers: { 'accept-encoding': 'gzip, br' } });
      expect([brotli.headers['content-encoding'], brotli.body.length]).toEqual(['br', brotliCompressSync(SCRIPT).length]);
    }
    for (const url of ['/', '/index.html', '/board/abc', '/config.json']) {
      const answer = await send(port, url);
      expect([url, answer.status, answer.headers['cache-control']]).toEqual([url, 200, 'no-cache']);
    }
    expect((await send(port, '/assets/missing-123.js')).status).toBe(404);
    expect((await send(port, '/assets/missing-123.js')).headers['cache-control']).toBeUndefined();
  });

  it('sends the app shell for client routes and a strict CSP everywhere, eval only for the slide worker', async () => {
    const route = await send(port, '/viewer/radiology/2.25.1?series=2.25.2');
    expect([route.status, route.body.toString()]).toEqual([200, '<!doctype html><title>shell</title>']);
    for (const url of ['/', '/viewer/radiology/2.25.1?series=2.25.2', '/assets/index-abc.js', '/config.json', '/assets/missing.js', '/..']) {
      const { headers } = await send(port, url);
      const directives = Object.fromEntries(headers['content-security-policy'].split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]));
      expect([url, directives['script-src'], directives['frame-ancestors'], directives['connect-src']]).toEqual([url, "'self' 'wasm-unsafe-eval'", 'https://ehr.example.org', "'self'"]);
      expect([url, headers['referrer-policy'], headers['x-content-type-options'], headers['cross-origin-opener-policy']]).toEqual([url, 'no-referrer', 'nosniff', 'same-origin']);
      expect(headers['permissions-policy']).toBe('camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), hid=(), midi=()');
    }
    const worker = await send(port, '/dicom-microscopy-viewer/dataLoader.worker.min.js');
    expect(worker.headers['content-security-policy']).toContain("script-src 'self' 'wasm-unsafe-eval' 'unsafe-eval';");
    expect(contentSecurityPolicy()).toMatch(/frame-ancestors 'none'$/);
    expect(parseFrameAncestors("'self'  https://ehr.example.org:8443")).toBe("'self' https://ehr.example.org:8443");
  });

  it('refuses traversal in every spelling, and follows no link out of a static tree', async () => {
    for (const attempt of [
      '/assets/../../secret.txt',
      '/../secret.txt',
      '/assets/%2e%2e/%2e%2e/secret.txt',
      '/assets/%2E%2E%2F%2E%2E%2Fsecret.txt',
      '/assets/%252e%252e/%252e%252e/secret.txt',
      '/assets/..%5c..%5csecret.txt',
      '/assets/..\\..\\secret.txt',
      '/dicomweb/clinics/../../secret.txt',
      '/dicomweb/clinics/%2e%2e/secret.txt',
      '/dicomweb/clinics/studies%2f..%2f..%2fsecret.txt',
      '/index.html%00.js',
    ]) {
      const answer = await send(port, attempt);
      expect([attempt, answer.status]).toEqual([attempt, 400]);
      expect(answer.body.toString()).not.toContain('outside the tree');
    }
    const throughLink = await send(port, '/dicomweb/clinics/studies/link');
    expect(throughLink.status).toBe(404);
    expect(throughLink.body.toString()).not.toContain('outside the tree');
  });
});

describe.runIf(hasNginx)('the viewer behind a real nginx: a static DICOMweb tree', () => {
  it('answers a static tree search with the stored gzipped DICOM JSON, whatever the query', async () => {
    const plain = await send(port, '/dicomweb/clinics/studies');
    expect([plain.status, plain.headers['content-type'], plain.headers['content-encoding'], plain.headers['cache-control']]).toEqual([200, 'application/dicom+json', 'gzip', 'no-cache']);
    expect(JSON.parse(gunzipSync(plain.body).toString('utf8'))).toEqual(STUDIES);
    const queried = await send(port, '/dicomweb/clinics/studies/?PatientID=NOBODY&limit=1&offset=10&includefield=all');
    expect(queried.status).toBe(200);
    expect(queried.body.equals(plain.body)).toBe(true);
  });

  it('serves a static tree\'s metadata, frames (stored raw or gzipped), thumbnails and instances with their types', async () => {
    const metadata = await send(port, `/dicomweb/clinics/${INSTANCE}/metadata`);
    expect([metadata.status, metadata.headers['content-type'], metadata.headers['content-encoding']]).toEqual([200, 'application/dicom+json', 'gzip']);
    const frame = await send(port, `/dicomweb/clinics/${INSTANCE}/frames/1`);
    expect([frame.headers['content-type'], frame.headers['content-encoding']]).toEqual([`multipart/related; boundary=${FRAME_BOUNDARY}`, undefined]);
    expect(frame.body.equals(FRAME)).toBe(true);
    const gzipped = await send(port, `/dicomweb/clinics/${INSTANCE}/frames/2`);
    expect([gzipped.headers['content-type'], gzipped.headers['content-encoding']]).toEqual([`multipart/related; boundary=${FRAME_BOUNDARY}`, 'gzip']);
    expect(gunzipSync(gzipped.body).equals(FRAME)).toBe(true);
    const thumbnail = await send(port, `/dicomweb/clinics/${INSTANCE}/rendered?viewport=128,128`);
    expect([thumbnail.headers['content-type'], thumbnail.body.equals(THUMBNAIL)]).toEqual(['image/jpeg', true]);
    const instance = await send(port, `/dicomweb/clinics/${INSTANCE}`);
    expect([instance.headers['content-type'], instance.body.equals(PART10)]).toEqual(['application/dicom', true]);
    const head = await send(port, '/dicomweb/clinics/studies', { method: 'HEAD' });
    expect([head.status, head.headers['content-length'], head.body.length]).toEqual([200, String(gzipSync(JSON.stringify(STUDIES)).length), 0]);
  });

  it('answers 404 for what a tree does not hold, 405 for writes, 400 for its dot-files', async () => {
    expect((await send(port, '/dicomweb/clinics/studies/9.9')).status).toBe(404);
    expect((await send(port, `/dicomweb/clinics/${INSTANCE}/frames/3`)).status).toBe(404);
    expect((await send(port, '/dicomweb/clinics/studies', { method: 'POST' })).status).toBe(405);
    expect((await send(port, '/dicomweb/clinics/studies', { method: 'DELETE' })).status).toBe(405);
    expect((await send(port, '/dicomweb/clinics/.stamp.json')).status).toBe(400);
  });
});

describe.runIf(hasNginx)('the viewer behind a real nginx: a proxied archive, and what it logs', () => {
  it('proxies an archive with its own Host, the query kept, and no cookie or forwarding claim of the client', async () => {
    seenByArchive.length = 0;
    const answer = await send(port, '/dicomweb/radiology/studies?PatientID=LV-0001', {
      headers: { host: 'evil.example', cookie: 'session=1', authorization: 'Bearer abc', 'x-forwarded-host': 'evil.example', 'x-forwarded-for': '6.6.6.6', forwarded: 'host=evil.example' },
    });
    expect([answer.status, answer.body.toString()]).toEqual([200, '[]']);
    const [seen] = seenByArchive;
    expect(seen.url).toBe('/dicom-web/studies?PatientID=LV-0001');
    expect(seen.headers.host).toBe(`127.0.0.1:${archive.address().port}`);
    expect(seen.headers.authorization).toBe('Bearer abc');
    for (const name of ['cookie', 'x-forwarded-host', 'x-forwarded-for', 'forwarded']) expect([name, seen.headers[name]]).toEqual([name, undefined]);
    seenByArchive.length = 0;
    await send(port, '/audit/fhir', { method: 'POST', headers: { 'content-type': 'application/fhir+json' }, body: '{}' });
    expect(seenByArchive.map((s) => s.url)).toEqual(['/sink/fhir']);
    expect((await send(port, '/dicomweb/unknown/studies')).status).toBe(404);
  });

  it('passes a STOW-RS request over 1 MB to a proxied archive\'s /studies only, 413 elsewhere; a static tree stores nothing', async () => {
    const results = Buffer.alloc(3 * 1024 * 1024, 7);
    const stow = { method: 'POST', headers: { 'content-type': 'multipart/related; type="application/dicom"; boundary=b', accept: 'application/dicom+json' }, body: results };
    seenByArchive.length = 0;
    const stored = await send(port, '/dicomweb/radiology/studies', stow);
    expect([stored.status, stored.body.toString()]).toEqual([200, '[]']);
    expect(seenByArchive.map(({ url, method, bodyBytes }) => [url, method, bodyBytes])).toEqual([['/dicom-web/studies', 'POST', results.length]]);
    // A QIDO study search shares that location and keeps its query.
    seenByArchive.length = 0;
    expect((await send(port, '/dicomweb/radiology/studies?PatientID=LV-0001')).status).toBe(200);
    expect(seenByArchive.map((s) => s.url)).toEqual(['/dicom-web/studies?PatientID=LV-0001']);
    seenByArchive.length = 0;
    for (const elsewhere of ['/dicomweb/radiology/studies/1.2', '/dicomweb/radiology/studies/1.2/series', '/audit/fhir', '/dicomweb/clinics/studies']) {
      expect([elsewhere, (await send(port, elsewhere, stow)).status]).toEqual([elsewhere, 413]);
    }
    expect(seenByArchive).toEqual([]);
    expect((await send(port, '/dicomweb/clinics/studies', { ...stow, body: Buffer.alloc(1024) })).status).toBe(405);
  });

  it('logs the app\'s own files only: no board, session or search URL', async () => {
    await send(port, '/board/secret-board-id');
    await send(port, '/dicomweb/radiology/studies?PatientName=SECRET^NAME');
    await send(port, '/assets/index-abc.js');
    const log = fs.readFileSync(path.join(work, 'nginx/logs/access.log'), 'utf8');
    expect(log).toContain('GET /assets/index-abc.js');
    expect(log).not.toMatch(/secret-board|SECRET|\/board\/|\/dicomweb\//);
  });
});

describe('mpiConnectSources', () => {
  it('is the origin of identity.pixm.base, and nothing for a missing or odd one', () => {
    expect(mpiConnectSources({ identity: { pixm: { base: 'http://127.0.0.1:18102/fhir' } } })).toEqual(['http://127.0.0.1:18102']);
    expect(mpiConnectSources({ identity: {} })).toEqual([]);
    expect(mpiConnectSources({ identity: { pixm: { base: 'javascript:alert(1)' } } })).toEqual([]);
  });
});
