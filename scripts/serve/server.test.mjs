import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FRAME_BOUNDARY } from '../static-archive/layout.mjs';
import { contentSecurityPolicy, parseFrameAncestors } from './security-headers.mjs';
import { mpiConnectSources, startViewerServer, staticTreeFor, upstreamFor } from './server.mjs';

const archives = [{ id: 'radiology', upstream: 'http://127.0.0.1:18042/dicom-web' }];

describe('upstreamFor', () => {
  it('maps an archive path onto its DICOMweb root, keeping the query', () => {
    expect(upstreamFor('/dicomweb/radiology/studies?PatientID=LV-0001', archives)?.toString()).toBe(
      'http://127.0.0.1:18042/dicom-web/studies?PatientID=LV-0001',
    );
  });
  it('serves nothing for unknown archives or app paths', () => {
    expect(upstreamFor('/dicomweb/cardiology/studies', archives)).toBeUndefined();
    expect(upstreamFor('/viewer/radiology/2.25.1', archives)).toBeUndefined();
  });
  it('leaves static archives alone', () => {
    expect(upstreamFor('/dicomweb/clinics/studies', [{ id: 'clinics', staticRoot: '/srv/clinics' }])).toBeUndefined();
  });
});

describe('staticTreeFor', () => {
  const withStatic = [...archives, { id: 'clinics', staticRoot: '/srv/clinics' }];
  it('maps a static archive path into its tree, dropping the query', () => {
    expect(staticTreeFor('/dicomweb/clinics/studies?PatientID=K-1&limit=1', withStatic)).toEqual({ root: '/srv/clinics', path: '/studies' });
    expect(staticTreeFor('/dicomweb/clinics', withStatic)).toEqual({ root: '/srv/clinics', path: '/' });
  });
  it('leaves proxied archives and app paths alone', () => {
    expect(staticTreeFor('/dicomweb/radiology/studies', withStatic)).toBeUndefined();
    expect(staticTreeFor('/viewer/clinics/2.25.1', withStatic)).toBeUndefined();
  });
});

/** A GET (or other method) sent with the path exactly as written: no client-side normalisation of "..". */
function send(port, rawPath, method = 'GET') {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: '127.0.0.1', port, path: rawPath, method, headers: { 'accept-encoding': 'gzip' } }, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode, headers: response.headers, body: Buffer.concat(chunks) }));
    });
    request.on('error', reject);
    request.end();
  });
}

describe('a static archive served by the viewer server', () => {
  const STUDIES = [{ '0020000D': { vr: 'UI', Value: ['1.2'] } }];
  const INSTANCE = 'studies/1.2/series/3.4/instances/5.6';
  const FRAME = Buffer.from(`--${FRAME_BOUNDARY}\r\nContent-Type: image/jpeg; transfer-syntax=1.2.840.10008.1.2.4.50\r\n\r\n\xff\xd8\xff\xd9\r\n--${FRAME_BOUNDARY}--\r\n`, 'latin1');
  const THUMBNAIL = Buffer.from([0xff, 0xd8, 0xff, 0xd9]);
  const PART10 = Buffer.concat([Buffer.alloc(128), Buffer.from('DICM')]);
  let work;
  let server;
  let port;

  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'static-serve-'));
    const root = path.join(work, 'clinics');
    const put = (relative, bytes) => {
      fs.mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
      fs.writeFileSync(path.join(root, relative), bytes);
    };
    put('studies/index.json.gz', gzipSync(JSON.stringify(STUDIES)));
    put(`${INSTANCE}/metadata.gz`, gzipSync(JSON.stringify([{}])));
    put(`${INSTANCE}/frames/1`, FRAME);
    put(`${INSTANCE}/frames/2.gz`, gzipSync(FRAME));
    put(`${INSTANCE}/rendered`, THUMBNAIL);
    put(`${INSTANCE}/index.dcm`, PART10);
    put('.stamp.json', '{}');
    fs.writeFileSync(path.join(work, 'secret.txt'), 'outside the tree');
    fs.symlinkSync(path.join(work, 'secret.txt'), path.join(root, 'studies', 'link'));
    fs.mkdirSync(path.join(work, 'dist'));
    fs.writeFileSync(path.join(work, 'dist', 'index.html'), '<!doctype html>');
    server = await startViewerServer({ root: path.join(work, 'dist'), port: 0, archives: [...archives, { id: 'clinics', staticRoot: root }] });
    port = server.address().port;
  });

  afterAll(() => {
    server?.close();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('answers a QIDO search with the stored gzipped DICOM JSON, whatever the query', async () => {
    const plain = await send(port, '/dicomweb/clinics/studies');
    expect(plain.status).toBe(200);
    expect(plain.headers['content-type']).toBe('application/dicom+json');
    expect(plain.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(plain.body).toString('utf8'))).toEqual(STUDIES);
    const queried = await send(port, '/dicomweb/clinics/studies/?PatientID=NOBODY&limit=1&offset=10&includefield=all');
    expect(queried.status).toBe(200);
    expect(queried.body.equals(plain.body)).toBe(true);
  });

  it('serves metadata, frames (stored raw or gzipped), thumbnails and instances with their types', async () => {
    const metadata = await send(port, `/dicomweb/clinics/${INSTANCE}/metadata`);
    expect([metadata.status, metadata.headers['content-type'], metadata.headers['content-encoding']]).toEqual([200, 'application/dicom+json', 'gzip']);

    const frame = await send(port, `/dicomweb/clinics/${INSTANCE}/frames/1`);
    expect(frame.headers['content-type']).toBe(`multipart/related; boundary=${FRAME_BOUNDARY}`);
    expect(frame.headers['content-encoding']).toBeUndefined();
    expect(frame.body.equals(FRAME)).toBe(true);
    const gzipped = await send(port, `/dicomweb/clinics/${INSTANCE}/frames/2`);
    expect(gzipped.headers['content-type']).toBe(`multipart/related; boundary=${FRAME_BOUNDARY}`);
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzipped.body).equals(FRAME)).toBe(true);

    const thumbnail = await send(port, `/dicomweb/clinics/${INSTANCE}/rendered?viewport=128,128`);
    expect([thumbnail.headers['content-type'], thumbnail.body.equals(THUMBNAIL)]).toEqual(['image/jpeg', true]);
    const instance = await send(port, `/dicomweb/clinics/${INSTANCE}`);
    expect([instance.headers['content-type'], instance.body.equals(PART10)]).toEqual(['application/dicom', true]);
  });

  it('answers HEAD with the headers only', async () => {
    const head = await send(port, '/dicomweb/clinics/studies', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe(String(gzipSync(JSON.stringify(STUDIES)).length));
    expect(head.body.length).toBe(0);
  });

  it('answers 404 for what the tree does not hold and 405 for writes', async () => {
    expect((await send(port, '/dicomweb/clinics/studies/9.9')).status).toBe(404);
    expect((await send(port, `/dicomweb/clinics/${INSTANCE}/frames/3`)).status).toBe(404);
    expect((await send(port, '/dicomweb/clinics/studies', 'POST')).status).toBe(405);
    expect((await send(port, '/dicomweb/clinics/studies', 'DELETE')).status).toBe(405);
  });

  it('never reads outside the tree, nor its stamp', async () => {
    for (const attempt of [
      '/dicomweb/clinics/../secret.txt',
      '/dicomweb/clinics/studies/../../secret.txt',
      '/dicomweb/clinics/%2e%2e/secret.txt',
      '/dicomweb/clinics/..%2fsecret.txt',
      '/dicomweb/clinics/studies%2f..%2f..%2fsecret.txt',
      '/dicomweb/clinics/.stamp.json',
      '/dicomweb/clinics/%zz',
    ]) {
      const answer = await send(port, attempt);
      expect([attempt, answer.status]).toEqual([attempt, 400]);
    }
    const throughLink = await send(port, '/dicomweb/clinics/studies/link');
    expect(throughLink.status).toBe(404);
    expect(throughLink.body.toString()).not.toContain('outside the tree');
  });
});

describe('security headers of the app', () => {
  let work;
  let server;
  let port;

  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'headers-serve-'));
    fs.mkdirSync(path.join(work, 'assets'));
    fs.writeFileSync(path.join(work, 'index.html'), '<!doctype html>');
    fs.writeFileSync(path.join(work, 'assets', 'index-abc.js'), 'export {};');
    fs.mkdirSync(path.join(work, 'dicom-microscopy-viewer'));
    fs.writeFileSync(path.join(work, 'dicom-microscopy-viewer', 'dataLoader.worker.min.js'), 'self.onmessage = () => {};');
    server = await startViewerServer({ root: work, port: 0, archives, frameAncestors: 'https://ehr.example.org' });
    port = server.address().port;
  });

  afterAll(() => {
    server?.close();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('sends a strict CSP and the other headers on the shell, client routes and assets', async () => {
    for (const url of ['/', '/viewer/radiology/2.25.1?series=2.25.2', '/assets/index-abc.js', '/config.json']) {
      const { headers } = await send(port, url);
      const directives = Object.fromEntries(headers['content-security-policy'].split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]));
      expect([url, directives]).toEqual([
        url,
        {
          'default-src': "'self'",
          'script-src': "'self' 'wasm-unsafe-eval'",
          'worker-src': "'self'",
          'style-src': "'self'",
          'img-src': "'self' blob: data:",
          'media-src': "'self' blob:",
          'font-src': "'self'",
          'connect-src': "'self'",
          'object-src': "'none'",
          'base-uri': "'none'",
          'form-action': "'self'",
          'frame-ancestors': 'https://ehr.example.org',
        },
      ]);
      expect(headers['referrer-policy']).toBe('no-referrer');
      expect(headers['x-content-type-options']).toBe('nosniff');
      expect(headers['cross-origin-opener-policy']).toBe('same-origin');
      expect(headers['permissions-policy']).toBe('camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), hid=(), midi=()');
    }
  });

  it("lets the whole-slide decoding worker alone evaluate strings (its embind codecs need it)", async () => {
    const policy = async (url) => (await send(port, url)).headers['content-security-policy'];
    expect(await policy('/dicom-microscopy-viewer/dataLoader.worker.min.js')).toContain("script-src 'self' 'wasm-unsafe-eval' 'unsafe-eval';");
    for (const url of ['/', '/dicom-microscopy-viewer/', '/dicom-microscopy-viewer/dataLoader.worker.min.js.map', '/assets/index-abc.js']) {
      expect([url, await policy(url)]).not.toEqual([url, expect.stringContaining("'unsafe-eval'")]);
    }
  });

  it('frames nobody unless origins are configured, and refuses anything but origins', () => {
    expect(contentSecurityPolicy()).toMatch(/frame-ancestors 'none'$/);
    expect(parseFrameAncestors(undefined)).toBe("'none'");
    expect(parseFrameAncestors('  ')).toBe("'none'");
    expect(parseFrameAncestors("'self'  https://ehr.example.org:8443")).toBe("'self' https://ehr.example.org:8443");
    for (const hostile of ["https://a.org; script-src 'unsafe-inline'", 'https://a.org,', 'javascript:x', '*', "'none' https://a.org", 'https://a.org\r\nx: y']) {
      expect(() => parseFrameAncestors(hostile), hostile).toThrow(/LONGVIEW_FRAME_ANCESTORS/);
    }
  });

  it('logs nothing per request (URLs carry UIDs and search terms)', async () => {
    const spies = ['log', 'info', 'warn', 'error', 'debug'].map((level) => vi.spyOn(console, level));
    const writes = vi.spyOn(process.stdout, 'write');
    try {
      await send(port, '/viewer/radiology/2.25.1?series=2.25.2');
      await send(port, '/dicomweb/radiology/studies?PatientName=DOE*');
      for (const spy of [...spies, writes]) expect(spy).not.toHaveBeenCalled();
    } finally {
      for (const spy of [...spies, writes]) spy.mockRestore();
    }
  });
});

describe('mpiConnectSources', () => {
  it('is the origin of identity.pixm.base, and nothing for a missing or odd one', () => {
    expect(mpiConnectSources({ identity: { pixm: { base: 'http://127.0.0.1:18102/fhir' } } })).toEqual(['http://127.0.0.1:18102']);
    expect(mpiConnectSources({ identity: {} })).toEqual([]);
    expect(mpiConnectSources({ identity: { pixm: { base: "javascript:alert(1)" } } })).toEqual([]);
  });
});
