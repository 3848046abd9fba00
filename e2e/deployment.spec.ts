import { readFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { expect, test } from './support/test';
import { viewerAccessLog } from '../scripts/serve/control.mjs';
import { REPO_ROOT } from './support/corpus';

/**
 * The viewer as deployed: the nginx of scripts/serve/control.mjs in front of the built app, the
 * archives and the audit sink. Requests that Playwright's client would normalise (dots, backslashes,
 * absolute URIs, a foreign Host) are written on a raw socket.
 */

// The build the server is serving: another one where LONGVIEW_DIST names it (scripts/serve/control.mjs).
const DIST = process.env.LONGVIEW_DIST ?? join(REPO_ROOT, 'apps/viewer/dist');

interface RawAnswer {
  status: number;
  head: string;
  body: Buffer;
}

/** Sends `request` (request line and headers, CRLF-separated, no final blank line) as written. */
function raw(port: number, request: string, body = ''): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('end', () => {
      const all = Buffer.concat(chunks);
      const split = all.indexOf('\r\n\r\n');
      const head = all.subarray(0, split).toString('latin1');
      resolve({ status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1] ?? 0), head, body: all.subarray(split + 4) });
    });
    socket.setTimeout(30_000, () => socket.destroy(new Error(`no answer to ${request.split('\r\n')[0]}`)));
    socket.write(`${request}\r\nConnection: close\r\n\r\n${body}`, 'latin1');
  });
}

const headerOf = (answer: RawAnswer, name: string) => new RegExp(`^${name}: *(.*)$`, 'im').exec(answer.head)?.[1]?.trim();
const portOf = (baseURL: string | undefined) => Number(new URL(baseURL ?? '').port);

/** The hashed entry script of the app the built index.html loads (not the small async boot script). */
function entryScript(): string {
  const scripts = [...readFileSync(join(DIST, 'index.html'), 'utf8').matchAll(/<script([^>]+)src="(\/assets\/[^"]+\.js)"/g)];
  const src = scripts.find(([, attributes]) => !attributes?.includes('async'))?.[2];
  if (!src) throw new Error('index.html names no /assets/ entry script');
  return src;
}

test('a hashed asset and index.html go out precompressed, the asset cached for good, the shell revalidated', async ({ baseURL }) => {
  const port = portOf(baseURL);
  const asset = entryScript();
  const original = readFileSync(join(DIST, asset));
  const brotli = await raw(port, `GET ${asset} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Encoding: gzip, deflate, br`);
  expect([brotli.status, headerOf(brotli, 'content-encoding'), headerOf(brotli, 'cache-control')]).toEqual([200, 'br', 'public, max-age=31536000, immutable']);
  expect(headerOf(brotli, 'vary')).toBe('Accept-Encoding');
  expect(brotliDecompressSync(brotli.body).equals(original)).toBe(true);
  expect(brotli.body.length).toBeLessThan(original.length / 3);
  const gzip = await raw(port, `GET ${asset} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Encoding: gzip`);
  expect([headerOf(gzip, 'content-encoding'), gunzipSync(gzip.body).equals(original)]).toEqual(['gzip', true]);
  const identity = await raw(port, `GET ${asset} HTTP/1.1\r\nHost: 127.0.0.1`);
  expect([headerOf(identity, 'content-encoding'), identity.body.equals(original)]).toEqual([undefined, true]);

  for (const path of ['/', '/index.html', '/viewer/radiology/2.25.1']) {
    const shell = await raw(port, `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Encoding: gzip, br`);
    expect([path, shell.status, headerOf(shell, 'content-encoding'), headerOf(shell, 'cache-control')]).toEqual([path, 200, 'br', 'no-cache']);
    expect(brotliDecompressSync(shell.body).equals(readFileSync(join(DIST, 'index.html')))).toBe(true);
  }
  // config.json is edited where it is deployed: never a stale precompressed copy, always revalidated.
  const config = await raw(port, 'GET /config.json HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Encoding: gzip, br');
  expect([config.status, headerOf(config, 'content-encoding'), headerOf(config, 'cache-control')]).toEqual([200, undefined, 'no-cache']);
  expect(config.body.equals(readFileSync(join(DIST, 'config.json')))).toBe(true);
});

test('the browser loads every script of the app compressed', async ({ page }) => {
  const encodings = new Map<string, string | undefined>();
  page.on('response', (response) => {
    if (/\/assets\/.*\.js$/.test(response.url())) encodings.set(response.url(), response.headers()['content-encoding']);
  });
  await page.goto('/');
  await expect(page.getByRole('row').nth(1)).toBeVisible();
  const scripts = await page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .filter((e): e is PerformanceResourceTiming => e instanceof PerformanceResourceTiming && /\/assets\/.*\.js$/.test(e.name))
      .map((e) => ({ name: e.name, wire: e.encodedBodySize, decoded: e.decodedBodySize })),
  );
  expect(scripts.length).toBeGreaterThan(0);
  const wire = scripts.reduce((sum, s) => sum + s.wire, 0);
  const decoded = scripts.reduce((sum, s) => sum + s.decoded, 0);
  // Chromium accepts br, on http://127.0.0.1 too; the study list's minified chunks shrink more
  // than threefold (3.6 measured; the viewer's 4.1 MB before a first image, 4.6).
  expect([...new Set(encodings.values())]).toEqual(['br']);
  expect(wire).toBeLessThan(decoded / 3);
});

test('path traversal in any spelling gets 400 or 404 and never a file outside dist', async ({ baseURL }) => {
  const port = portOf(baseURL);
  for (const path of [
    '/assets/../../etc/passwd',
    '/assets/../../../../../../etc/passwd',
    '/../../etc/passwd',
    '/assets/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
    '/assets/%2E%2E%2F%2E%2E%2F%2E%2E%2Fetc%2Fpasswd',
    '/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
    '/assets/%252e%252e/%252e%252e/%252e%252e/etc/passwd',
    '/%252e%252e%252f%252e%252e%252fetc%252fpasswd',
    '/assets/..%5c..%5c..%5cetc%5cpasswd',
    '/assets/..\\..\\..\\..\\etc\\passwd',
    '/..\\..\\etc\\passwd',
    '/assets/.%2e/.%2e/etc/passwd',
    '/dicomweb/clinics/../../../../etc/passwd',
    '/dicomweb/clinics/%2e%2e/%2e%2e/%2e%2e/package.json',
    '/dicomweb/clinics/studies/..%2f..%2f..%2f..%2fpackage.json',
    '/index.html%00.js',
  ]) {
    const answer = await raw(port, `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1`);
    expect([path, [400, 404].includes(answer.status)]).toEqual([path, true]);
    expect(answer.body.toString('latin1')).not.toMatch(/root:x:0:0|"name": "longview"/);
  }
});

test('an unknown archive is 404, whatever follows its name', async ({ request }) => {
  for (const path of ['/dicomweb/unknown/studies', '/dicomweb/unknown', '/dicomweb/', '/dicomweb', '/dicomweb/radiologyx/studies', '/dicomweb/RADIOLOGY/studies']) {
    expect([path, (await request.get(path)).status()]).toEqual([path, 404]);
  }
  // The known one answers through the same origin.
  expect((await request.get('/dicomweb/radiology/studies?limit=1')).status()).toBe(200);
});

test('no request turns the server into a proxy to another host', async ({ baseURL }) => {
  const port = portOf(baseURL);
  // Another host on this machine, which must never be reached through the viewer's origin.
  const reached: string[] = [];
  const other = http.createServer((request, response) => {
    reached.push(`${request.method} ${request.url}`);
    response.end('the other host');
  });
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
  const target = `127.0.0.1:${(other.address() as net.AddressInfo).port}`;
  try {
    const shell = readFileSync(join(DIST, 'index.html'));
    const attempts: Array<{ request: string; expect: (answer: RawAnswer) => void }> = [
      // A foreign Host: the viewer's own shell.
      { request: `GET /probe HTTP/1.1\r\nHost: ${target}`, expect: (a) => expect([a.status, a.body.equals(shell)]).toEqual([200, true]) },
      // An absolute URI naming the other host: served from this origin all the same.
      { request: `GET http://${target}/probe HTTP/1.1\r\nHost: ${target}`, expect: (a) => expect([a.status, a.body.equals(shell)]).toEqual([200, true]) },
      // Forwarding claims on an archive request: still that archive.
      {
        request: `GET /dicomweb/radiology/studies?limit=1 HTTP/1.1\r\nHost: ${target}\r\nX-Forwarded-Host: ${target}\r\nX-Forwarded-Proto: http\r\nX-Forwarded-For: ${target}\r\nForwarded: host=${target}\r\nX-Real-IP: 127.0.0.1`,
        expect: (a) => expect([a.status, headerOf(a, 'content-type')]).toEqual([200, 'application/dicom+json']),
      },
      { request: `GET http://${target}/dicomweb/radiology/studies?limit=1 HTTP/1.1\r\nHost: ${target}`, expect: (a) => expect(a.status).toBe(200) },
      { request: `GET /audit/ HTTP/1.1\r\nHost: ${target}\r\nX-Forwarded-Host: ${target}`, expect: (a) => expect(a.body.toString()).not.toContain('the other host') },
      { request: `CONNECT ${target} HTTP/1.1\r\nHost: ${target}`, expect: (a) => expect(a.status).toBeGreaterThanOrEqual(400) },
      { request: `GET //${target}/probe HTTP/1.1\r\nHost: 127.0.0.1`, expect: (a) => expect(a.body.toString()).not.toContain('the other host') },
    ];
    for (const attempt of attempts) {
      const answer = await raw(port, attempt.request);
      attempt.expect(answer);
      expect(answer.body.toString('latin1')).not.toContain('the other host');
      expect(headerOf(answer, 'location')).toBeUndefined();
    }
    expect(reached).toEqual([]);
  } finally {
    other.close();
  }
});

test('oversized headers, request lines and bodies get 4xx', async ({ baseURL }) => {
  const port = portOf(baseURL);
  const header = await raw(port, `GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: ${'a'.repeat(64 * 1024)}`);
  expect([400, 431, 494]).toContain(header.status);
  const line = await raw(port, `GET /viewer/${'1.2.'.repeat(10_000)} HTTP/1.1\r\nHost: 127.0.0.1`);
  expect([400, 414]).toContain(line.status);
  const manyHeaders = await raw(port, `GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n${Array.from({ length: 8 }, (_, i) => `X-H${i}: ${'b'.repeat(15_000)}`).join('\r\n')}`);
  expect([400, 431, 494]).toContain(manyHeaders.status);
  const bodyBytes = 2 * 1024 * 1024;
  const body = await raw(port, `POST /audit/fhir HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/fhir+json\r\nContent-Length: ${bodyBytes}`, ' '.repeat(bodyBytes));
  expect(body.status).toBe(413);
});

test('nginx logs no board, session, patient or search URL', async ({ baseURL, request }) => {
  const port = portOf(baseURL);
  const marker = `m${Date.now().toString(36)}`;
  for (const path of [
    `/board/${marker}-board`,
    `/patient/${marker}-patient`,
    `/launch?iss=http%3A%2F%2F127.0.0.1%3A18100%2Ffhir&launch=${marker}-launch`,
    `/IHEInvokeImageDisplay?requestType=PATIENT&patientID=${marker}-pid%5E%5E%5ELONGVIEW-RAD`,
    `/dicomweb/radiology/studies?PatientName=${marker}-name*`,
    `/viewer/radiology/2.25.${Date.now()}`,
  ]) {
    await request.get(path);
  }
  const asset = entryScript();
  await request.get(`${asset}?${marker}-asset`);
  await request.get(asset);
  const log = readFileSync(viewerAccessLog(port), 'utf8');
  // The log is written (the app's own files are in it) and holds none of those URLs.
  expect(log).toContain(`GET ${asset} `);
  expect(log.split('\n').filter((line) => line.includes(marker))).toEqual([]);
  expect(log).not.toMatch(/ (GET|POST) \/(board|patient|launch|IHEInvokeImageDisplay|dicomweb|viewer|audit)\b/);
});
