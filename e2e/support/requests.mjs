/**
 * A page's requests as an outside observer sees them, for the e2e tests and the bench scripts
 * alike (plain JavaScript, as png.mjs): which are pixel data, and which are still in flight.
 * Playwright reports the page's own requests and its dedicated workers' (the decoders', the
 * series stream's) on the page; Resource Timing and a page-level CDP session see only the page's.
 */

/**
 * Whether a DICOMweb URL asks for pixel data: frames (`…/frames/1` or `…/frames/1,2,3`) or a
 * whole series or instance retrieve (`…/studies/{s}/series/{se}[/instances/{i}]`).
 * @param {string} url
 */
export function isPixelDataUrl(url) {
  const { pathname } = new URL(url);
  return /\/frames\/[\d,]+$/.test(pathname) || /\/studies\/[^/]+\/series\/[^/]+(\/instances\/[^/]+)?$/.test(pathname);
}

/**
 * Tracks the page's http(s) requests that `isTracked` accepts (all, by default) from now on:
 * those in flight, when that set last changed (Date.now()), and each as it finishes, to
 * `onFinished` (a failed one leaves the set without being reported).
 * @param {import('@playwright/test').Page} page
 * @param {{ isTracked?: (url: string) => boolean; onFinished?: (request: import('@playwright/test').Request) => void }} [options]
 */
export function trackRequests(page, { isTracked = () => true, onFinished = () => undefined } = {}) {
  /** @type {Set<import('@playwright/test').Request>} */
  const inFlight = new Set();
  let lastChange = Date.now();
  page.on('request', (request) => {
    if (!/^https?:/.test(request.url()) || !isTracked(request.url())) return;
    inFlight.add(request);
    lastChange = Date.now();
  });
  page.on('requestfailed', (request) => {
    if (inFlight.delete(request)) lastChange = Date.now();
  });
  page.on('requestfinished', (request) => {
    if (!inFlight.delete(request)) return;
    lastChange = Date.now();
    onFinished(request);
  });
  return {
    inFlight: () => [...inFlight],
    lastChange: () => lastChange,
  };
}

/**
 * Watches the page's requests for `quiet()`: resolves once no request but pixel data has been
 * in flight for `quietMs`, or after `timeoutMs` regardless. A viewer's page settles its words
 * (series lists, thumbnails, the protocol's cells) long before its 256-slice series has streamed
 * in, which Playwright's networkidle would wait for too.
 * @param {import('@playwright/test').Page} page
 * @returns {{ quiet: (quietMs?: number, timeoutMs?: number) => Promise<void> }}
 */
export function watchRequestsBesidesPixelData(page) {
  const requests = trackRequests(page, { isTracked: (url) => !isPixelDataUrl(url) });
  return {
    quiet: async (quietMs = 500, timeoutMs = 30_000) => {
      for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; ) {
        if (requests.inFlight().length === 0 && Date.now() - requests.lastChange() >= quietMs) return;
        await page.waitForTimeout(50);
      }
    },
  };
}

/**
 * The page's Resource Timing entries (its own requests, not its workers'), as plain data: the
 * URL, the start and the end of the response (ms after navigation start), and the initiator
 * ('fetch' for the boot script's early requests, where the image loader would use
 * XMLHttpRequest).
 * @param {import('@playwright/test').Page} page
 * @returns {Promise<Array<{ url: URL; startTime: number; responseEnd: number; initiatorType: string }>>}
 */
export async function resourceTimingsOf(page) {
  const entries = await page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .filter((entry) => entry instanceof PerformanceResourceTiming)
      .map(({ name, startTime, responseEnd, initiatorType }) => ({ name, startTime, responseEnd, initiatorType })),
  );
  return entries.map(({ name, ...timing }) => ({ url: new URL(name), ...timing }));
}

/**
 * Who asked for a DICOMweb request: the page's boot script asks with fetch before the app has
 * loaded (apps/viewer/src/boot/earlyFetch.ts); the app's DICOMweb client asks with
 * XMLHttpRequest. A request the app adopted from the boot script is the boot script's.
 * @param {import('@playwright/test').Request} request
 * @returns {'boot' | 'app'}
 */
export function askedBy(request) {
  return request.resourceType() === 'fetch' ? 'boot' : 'app';
}
