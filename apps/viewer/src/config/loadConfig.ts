import { parseViewerConfig, type ConfigResult } from '@longview/dicomweb';
import { takeEarlyConfigResponse } from '../boot/earlyOpen';

const DEFAULT_CONFIG_URL = `${import.meta.env.BASE_URL}config.json`;

/**
 * Reads the deployment's `config.json` (served beside the app, never bundled) so that an
 * administrator changes archives without a rebuild.
 */
export async function loadViewerConfig(url = DEFAULT_CONFIG_URL): Promise<ConfigResult> {
  let response: Response;
  try {
    // The boot script asked for it already (boot/earlyOpen.ts), before this chunk had loaded.
    response = await ((url === DEFAULT_CONFIG_URL ? takeEarlyConfigResponse() : undefined) ?? fetch(url, { cache: 'no-cache' }));
  } catch {
    return { kind: 'invalid', problems: [`The viewer configuration (${url}) could not be fetched.`] };
  }
  if (!response.ok) return { kind: 'invalid', problems: [`The viewer configuration (${url}) answered HTTP ${response.status}.`] };
  try {
    return parseViewerConfig(await response.json());
  } catch {
    return { kind: 'invalid', problems: [`The viewer configuration (${url}) is not valid JSON.`] };
  }
}
