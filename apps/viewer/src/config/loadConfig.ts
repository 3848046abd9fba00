import { parseViewerConfig, type ConfigResult } from '@longview/dicomweb';

/**
 * Reads the deployment's `config.json` (served beside the app, never bundled) so that an
 * administrator changes archives without a rebuild.
 */
export async function loadViewerConfig(url = `${import.meta.env.BASE_URL}config.json`): Promise<ConfigResult> {
  let response: Response;
  try {
    response = await fetch(url, { cache: 'no-cache' });
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
