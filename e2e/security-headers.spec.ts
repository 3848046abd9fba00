import type { Page } from '@playwright/test';
import { expect, test } from './support/test';
import { openSeries, waitForSeriesLoaded } from './support/viewer';

/** Collects CSP violations (as the page sees them) and console errors from the first script on. */
async function watchPolicy(page: Page): Promise<{ violations: () => Promise<string[]>; consoleErrors: string[] }> {
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    // The archive's own refusals (Orthanc cannot render thumbnails of some transfer syntaxes)
    // are not the policy's doing; a blocked load is reported as "Refused to ...", kept here.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as Window & { __cspViolations?: string[] }).__cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) => {
      seen.push(`${event.effectiveDirective} blocked ${event.blockedURI} (${event.sourceFile}:${event.lineNumber})`);
    });
  });
  return {
    violations: () =>
      page.evaluate(() => {
        const seen = (window as Window & { __cspViolations?: string[] }).__cspViolations;
        if (!seen) throw new Error('The CSP violation watch was not installed on this page.');
        return seen;
      }),
    consoleErrors,
  };
}

function directivesOf(policy: string): Record<string, string> {
  return Object.fromEntries(
    policy.split(';').map((directive) => {
      const [name = '', ...sources] = directive.trim().split(/\s+/);
      return [name, sources.join(' ')];
    }),
  );
}

test('the app shell and its scripts carry a strict policy and the other security headers', async ({ request }) => {
  for (const path of ['/', '/viewer/radiology/2.25.1']) {
    const response = await request.get(path);
    const headers = response.headers();
    const csp = directivesOf(headers['content-security-policy'] ?? '');
    expect(csp['default-src']).toBe("'self'");
    expect(csp['script-src']).toBe("'self' 'wasm-unsafe-eval'");
    expect(csp['worker-src']).toBe("'self'");
    expect(csp['style-src']).toBe("'self'");
    // The SMART FHIR server config.json trusts (launch.smart.issuers) and the live-session
    // relay (liveRelay.url, over http and its WebSocket) and the master patient index
    // (identity.pixm.base) are the only other origins.
    expect(csp['connect-src']).toBe("'self' http://127.0.0.1:18100 http://127.0.0.1:18110 ws://127.0.0.1:18110 http://127.0.0.1:18102");
    expect(csp['img-src']).toBe("'self' blob: data:");
    expect(csp['object-src']).toBe("'none'");
    expect(csp['base-uri']).toBe("'none'");
    expect(csp['form-action']).toBe("'self'");
    expect(csp['frame-ancestors']).toBe("'none'");
    expect(headers['content-security-policy']).not.toMatch(/'unsafe-inline'|'unsafe-eval'|\*/);
    expect(headers['referrer-policy']).toBe('no-referrer');
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(headers['permissions-policy']).toContain('camera=()');
    // The built shell has no inline script the policy would have to allow.
    expect(await response.text()).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  }
});

test('the study list and a CT series work under the policy without a single violation', async ({ page }) => {
  const watched = await watchPolicy(page);
  await page.goto('/');
  await expect(page.getByRole('row').nth(1)).toBeVisible();
  // The viewer: Cornerstone, its WASM decoders in module workers, thumbnails as blob: images.
  await openSeries(page, 'ct-chest-axial');
  await waitForSeriesLoaded(page);
  await expect(page.getByTestId('load-progress')).toHaveAttribute('data-failed', '0');
  // JPEG 2000 and JPEG-LS exercise the openjpeg and charls WASM decoders ('wasm-unsafe-eval').
  for (const key of ['ts-j2k-lossless', 'ts-jpegls-lossless']) {
    await openSeries(page, key);
    await waitForSeriesLoaded(page);
    await expect(page.getByTestId('load-progress')).toHaveAttribute('data-failed', '0');
  }
  expect(await watched.violations()).toEqual([]);
  expect(watched.consoleErrors).toEqual([]);
  // The listener does see a violation when there is one: an injected inline script is refused.
  await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.__injected = true';
    document.body.append(script);
  });
  await expect.poll(async () => (await watched.violations()).map((v) => v.split(' ')[0])).toEqual(['script-src-elem']);
  expect(await page.evaluate(() => 'injected' in window || '__injected' in window)).toBe(false);
});
