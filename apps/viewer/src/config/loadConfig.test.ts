import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfigUnavailable, loadViewerConfig } from './loadConfig';

const URL = '/longview/config.json';

function answering(response: () => Promise<Response>): void {
  vi.stubGlobal('fetch', vi.fn(response));
}

describe('loadViewerConfig', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('rejects with the HTTP status when the web server answers with an error', async () => {
    answering(async () => new Response('Not Found', { status: 404 }));
    const loading = loadViewerConfig(URL);
    await expect(loading).rejects.toBeInstanceOf(ConfigUnavailable);
    await expect(loading).rejects.toThrow('Longview could not read its configuration (/longview/config.json): HTTP 404');
  });

  it('rejects when the web server does not answer at all', async () => {
    answering(() => Promise.reject(new TypeError('Failed to fetch')));
    await expect(loadViewerConfig(URL)).rejects.toThrow('Longview could not read its configuration (/longview/config.json): the web server did not answer');
  });

  it('reads a file that is not JSON as a configuration to fix, not as one to retry', async () => {
    answering(async () => new Response('<html>sign in</html>', { status: 200 }));
    expect(await loadViewerConfig(URL)).toEqual({ kind: 'invalid', problems: ['The viewer configuration (/longview/config.json) is not valid JSON.'] });
  });
});
