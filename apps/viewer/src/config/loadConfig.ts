import { parseViewerConfig, type ConfigResult } from '@longview/dicomweb';
import { takeEarlyConfigResponse } from '../boot/earlyOpen';

const DEFAULT_CONFIG_URL = `${import.meta.env.BASE_URL}config.json`;

/**
 * config.json could not be read at all (no answer, an HTTP error). Unlike a config that is
 * wrong (ConfigResult 'invalid'), this may pass on its own, so the page offers a Retry.
 */
export class ConfigUnavailable extends Error {
  constructor(
    readonly url: string,
    readonly reason: string,
  ) {
    super(`Longview could not read its configuration (${url}): ${reason}`);
    this.name = 'ConfigUnavailable';
  }
}

/**
 * Reads the deployment's `config.json` (served beside the app, never bundled) so that an
 * administrator changes archives without a rebuild. Rejects with ConfigUnavailable when the
 * file cannot be read; a file that is read but wrong is an 'invalid' result.
 */
export async function loadViewerConfig(url = DEFAULT_CONFIG_URL): Promise<ConfigResult> {
  let response: Response;
  try {
    // The boot script asked for it already (boot/earlyOpen.ts), before this chunk had loaded.
    response = await ((url === DEFAULT_CONFIG_URL ? takeEarlyConfigResponse() : undefined) ?? fetch(url, { cache: 'no-cache' }));
  } catch {
    throw new ConfigUnavailable(url, 'the web server did not answer');
  }
  if (!response.ok) throw new ConfigUnavailable(url, `HTTP ${response.status}`);
  try {
    return parseViewerConfig(await response.json());
  } catch {
    return { kind: 'invalid', problems: [`The viewer configuration (${url}) is not valid JSON.`] };
  }
}
