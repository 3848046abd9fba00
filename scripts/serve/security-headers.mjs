// The headers the bundled server sends with every file of the app (HTML, JS, workers, WASM,
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

/** The Content-Security-Policy of the app. */
export function contentSecurityPolicy({ frameAncestors = "'none'" } = {}) {
  return [
    "default-src 'self'",
    // No inline script and no eval; 'wasm-unsafe-eval' only lets the decoders compile their
    // WebAssembly (charls, openjpeg, libjpeg-turbo, openjph), in the module workers.
    "script-src 'self' 'wasm-unsafe-eval'",
    // Workers are same-origin module files (vite emits them as assets); none is made from a blob.
    "worker-src 'self'",
    // React sets styles through the CSSOM (element.style), which style-src does not govern.
    "style-src 'self'",
    // blob: series thumbnails (object URLs of the archive's rendered JPEGs) and tool cursors.
    "img-src 'self' blob: data:",
    "font-src 'self'",
    // Archives are proxied under /dicomweb/<id>/ on this origin.
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    `frame-ancestors ${frameAncestors}`,
  ].join('; ');
}

/** Powerful features the viewer never uses, switched off for it and anything it might frame. */
export const PERMISSIONS_POLICY = 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), hid=(), midi=()';

/** Every security header of an app response, lower-case names as node's http module reports them. */
export function securityHeaders({ frameAncestors = "'none'" } = {}) {
  return {
    'content-security-policy': contentSecurityPolicy({ frameAncestors }),
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
    'permissions-policy': PERMISSIONS_POLICY,
    'cross-origin-opener-policy': 'same-origin',
  };
}
