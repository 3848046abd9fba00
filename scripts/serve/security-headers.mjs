// The headers the viewer's web server sends with every file of the app (HTML, JS, workers, WASM,
// CSS, config.json). Why each directive is what it is: docs/decisions/0006-security-headers-and-memory.md.

/**
 * Origins allowed to frame the viewer (an EHR that embeds it), as a CSP source list.
 * Default 'none': nobody may frame it (clickjacking). Only scheme://host[:port] origins,
 * 'self' and 'none' are accepted, so a configured value can never inject another directive.
 */
export function parseFrameAncestors(raw) {
  const value = (raw ?? '').trim();
  if (value === '') return "'none'";
  const sources = value.split(/\s+/);
  for (const source of sources) {
    const isKeyword = source === "'self'" || source === "'none'";
    if (!isKeyword && !/^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/i.test(source)) {
      throw new Error(`LONGVIEW_FRAME_ANCESTORS: "${source}" is not an origin like https://ehr.example.org, 'self' or 'none'.`);
    }
  }
  if (sources.includes("'none'") && sources.length > 1) throw new Error("LONGVIEW_FRAME_ANCESTORS: 'none' cannot be combined with origins.");
  return sources.join(' ');
}

/**
 * The origins of the FHIR servers config.json trusts for SMART launches ("launch.smart.issuers"):
 * fhirclient calls them (discovery, token, FHIR reads) from the browser, so connect-src must
 * allow them. Only scheme://host[:port] origins come out, whatever the file holds.
 */
export function smartConnectSources(config) {
  const issuers = config?.launch?.smart?.issuers;
  if (!Array.isArray(issuers)) return [];
  const origins = issuers.flatMap((issuer) => {
    try {
      const url = new URL(issuer);
      return url.protocol === 'http:' || url.protocol === 'https:' ? [url.origin] : [];
    } catch {
      return [];
    }
  });
  return [...new Set(origins)];
}

/**
 * The one file allowed to evaluate strings: dicom-microscopy-viewer's tile-decoding worker
 * (copied there by apps/viewer/vite.config.ts, started only when a whole slide is opened). Its
 * codecs are Emscripten/embind builds that make functions with `new Function`. A dedicated
 * worker runs under the CSP of its own script's response, so the exception covers that worker
 * alone, which has no DOM and only turns tile bytes into pixels; pages and every other worker
 * keep a script-src without 'unsafe-eval'. See docs/decisions/0010-whole-slide-viewer.md.
 */
export const EVAL_WORKER_PATHS = ['/dicom-microscopy-viewer/dataLoader.worker.min.js'];

/** The Content-Security-Policy of the app (`allowsEval`: only for EVAL_WORKER_PATHS). */
export function contentSecurityPolicy({ frameAncestors = "'none'", connectSources = [], allowsEval = false } = {}) {
  return [
    "default-src 'self'",
    // No inline script and no eval; 'wasm-unsafe-eval' only lets the decoders compile their
    // WebAssembly (charls, openjpeg, libjpeg-turbo, openjph), in the module workers.
    allowsEval ? "script-src 'self' 'wasm-unsafe-eval' 'unsafe-eval'" : "script-src 'self' 'wasm-unsafe-eval'",
    // Workers are same-origin module files (vite emits them as assets); none is made from a blob.
    "worker-src 'self'",
    // React sets styles through the CSSOM (element.style), which style-src does not govern.
    "style-src 'self'",
    // blob: series thumbnails (object URLs of the archive's rendered JPEGs) and tool cursors.
    "img-src 'self' blob: data:",
    // blob: DICOM videos: the viewer fetches the stored instance with the archive's headers and
    // plays the stream taken out of it from an object URL (apps/viewer/src/content/VideoViewport.tsx).
    "media-src 'self' blob:",
    "font-src 'self'",
    // Archives are proxied under /dicomweb/<id>/ on this origin; SMART FHIR servers are the
    // EHR's own (smartConnectSources).
    ["connect-src 'self'", ...connectSources].join(' '),
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    `frame-ancestors ${frameAncestors}`,
  ].join('; ');
}

/** Powerful features the viewer never uses, switched off for it and anything it might frame. */
export const PERMISSIONS_POLICY = 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), hid=(), midi=()';

/** Every security header of an app response, lower-case names as node's http module reports them. */
export function securityHeaders({ frameAncestors = "'none'", connectSources = [], allowsEval = false } = {}) {
  return {
    'content-security-policy': contentSecurityPolicy({ frameAncestors, connectSources, allowsEval }),
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
    'permissions-policy': PERMISSIONS_POLICY,
    'cross-origin-opener-policy': 'same-origin',
  };
}
