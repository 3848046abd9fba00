/**
 * Runtime configuration, served as `config.json` next to the app so that changing archives
 * never needs a rebuild. Validated at start with messages an administrator can act on.
 */
export type ArchiveAuth = { kind: 'none' } | { kind: 'bearer' };

export interface ArchiveConfig {
  id: string;
  name: string;
  /** Department the archive serves, e.g. "radiology"; later used to place studies in timeline lanes. */
  department?: string | undefined;
  qidoRoot: string;
  wadoRoot: string;
  stowRoot?: string | undefined;
  auth: ArchiveAuth;
  /** Per-request time limit; a slow archive must not hold the whole viewer. */
  timeoutMs: number;
}

export interface ViewerConfig {
  version: 1;
  archives: ArchiveConfig[];
}

export type ConfigResult = { kind: 'valid'; config: ViewerConfig } | { kind: 'invalid'; problems: string[] };

const DEFAULT_TIMEOUT_MS = 20_000;
const ID_PATTERN = /^[a-z0-9][a-z0-9-]*$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isUrlRoot(value: unknown): value is string {
  if (typeof value !== 'string' || value.trim() === '') return false;
  if (value.startsWith('/')) return true;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

function withoutTrailingSlash(root: string): string {
  return root.replace(/\/+$/, '');
}

function parseArchive(raw: unknown, index: number, problems: string[]): ArchiveConfig | undefined {
  const where = `archives[${index}]`;
  if (!isRecord(raw)) {
    problems.push(`${where} must be an object.`);
    return undefined;
  }
  const before = problems.length;
  const { id, name, department, qidoRoot, wadoRoot, stowRoot, auth, timeoutMs } = raw;
  if (typeof id !== 'string' || !ID_PATTERN.test(id)) problems.push(`${where}.id must be lowercase letters, digits and dashes.`);
  if (typeof name !== 'string' || name.trim() === '') problems.push(`${where}.name must be a non-empty string.`);
  if (department !== undefined && typeof department !== 'string') problems.push(`${where}.department must be a string.`);
  if (!isUrlRoot(qidoRoot)) problems.push(`${where}.qidoRoot must be an http(s) URL or a path starting with "/".`);
  if (!isUrlRoot(wadoRoot)) problems.push(`${where}.wadoRoot must be an http(s) URL or a path starting with "/".`);
  if (stowRoot !== undefined && !isUrlRoot(stowRoot)) problems.push(`${where}.stowRoot must be an http(s) URL or a path.`);
  const authKind = auth === undefined ? 'none' : isRecord(auth) ? auth.kind : undefined;
  if (authKind !== 'none' && authKind !== 'bearer') problems.push(`${where}.auth.kind must be "none" or "bearer".`);
  if (timeoutMs !== undefined && (typeof timeoutMs !== 'number' || !(timeoutMs > 0))) {
    problems.push(`${where}.timeoutMs must be a positive number of milliseconds.`);
  }
  if (problems.length > before) return undefined;
  return {
    id: id as string,
    name: (name as string).trim(),
    department: department as string | undefined,
    qidoRoot: withoutTrailingSlash(qidoRoot as string),
    wadoRoot: withoutTrailingSlash(wadoRoot as string),
    stowRoot: typeof stowRoot === 'string' ? withoutTrailingSlash(stowRoot) : undefined,
    auth: { kind: authKind as 'none' | 'bearer' },
    timeoutMs: (timeoutMs as number | undefined) ?? DEFAULT_TIMEOUT_MS,
  };
}

export function parseViewerConfig(raw: unknown): ConfigResult {
  const problems: string[] = [];
  if (!isRecord(raw)) return { kind: 'invalid', problems: ['config.json must contain a JSON object.'] };
  if (raw.version !== 1) problems.push('config.json "version" must be 1.');
  if (!Array.isArray(raw.archives) || raw.archives.length === 0) {
    problems.push('config.json "archives" must list at least one DICOMweb archive.');
    return { kind: 'invalid', problems };
  }
  const archives = raw.archives
    .map((archive, index) => parseArchive(archive, index, problems))
    .filter((a): a is ArchiveConfig => a !== undefined);
  const ids = archives.map((a) => a.id);
  const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
  if (duplicate) problems.push(`Archive id "${duplicate}" is used twice.`);
  return problems.length > 0 ? { kind: 'invalid', problems } : { kind: 'valid', config: { version: 1, archives } };
}
