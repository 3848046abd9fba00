import { test as base, expect, type BrowserContext, type WebError } from '@playwright/test';

export { expect };

/** What the test saw go wrong in its pages, and how a browser context is put under watch. */
interface PageErrors {
  readonly reported: readonly string[];
  watch(context: BrowserContext): void;
}

/** The page, the error and where it was thrown: enough to find the cause without a trace. */
function describeWebError(webError: WebError): string {
  const error = webError.error();
  const where = error.stack?.split('\n').slice(1, 4).join('\n') ?? '';
  return `${webError.page()?.url() ?? 'a page'}: ${error.message}${where ? `\n${where}` : ''}`;
}

/**
 * Every spec takes `test` and `expect` from here. A test fails when a page it opened reports an
 * uncaught error or an unhandled promise rejection: Chromium reports both as a page error
 * ('pageerror', and 'weberror' on the context; checked with Playwright 1.65 and Debian's
 * Chromium), including a rejection handled only after the microtask that rejected it. Every
 * browser context of the test is watched: the one behind `page`, and those a spec opens with
 * `browser.newContext()` (a tumor-board attendee, say).
 */
export const test = base.extend<{ pageErrors: PageErrors }>({
  pageErrors: [
    async ({ browser }, use) => {
      const reported: string[] = [];
      const watched = new WeakSet<BrowserContext>();
      const watch = (context: BrowserContext) => {
        if (watched.has(context)) return;
        watched.add(context);
        context.on('weberror', (webError) => reported.push(describeWebError(webError)));
      };
      browser.on('context', watch);
      await use({ reported, watch });
      browser.off('context', watch);
      expect(reported, 'a page reported an uncaught error or an unhandled rejection').toEqual([]);
    },
    { auto: true },
  ],
  // The test's own context: watched before its first page opens, whether or not Playwright
  // announces it as a new context.
  context: async ({ context, pageErrors }, use) => {
    pageErrors.watch(context);
    await use(context);
  },
});
