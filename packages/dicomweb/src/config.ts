/**
 * Runtime configuration, served as `config.json` next to the app so that changing archives
 * never needs a rebuild. Validated at start with messages an administrator can act on.
 */
export type ArchiveAuth = { kind: 'none' } | { kind: 'bearer' };

/**
 * How the archive answers, where implementations differ (see profiles.ts): a full DICOMweb
 * server filters and pages QIDO itself; a static tree of files returns everything.
 */
export type ArchiveProfileName = 'dicomweb' | 'static-tree';

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
  profile: ArchiveProfileName;
  /**
   * The assigning authority of this archive's local patient IDs, for records that do not carry
   * IssuerOfPatientID themselves. Without it such IDs are only meaningful inside this archive.
   */
  patientIdIssuer?: string | undefined;
}

export interface IdentityConfig {
  /** Issuer spellings that name the same assigning authority (an OID and its local name). */
  issuerAliases: Record<string, string>;
  /**
   * The hospital's master patient index, asked through IHE PIXm (`Patient/$ihe-pix`) which other
   * records are the same patient; absent: only links in the data and the launch join records.
   * Its identifier systems map to issuers through `launch.identifierSystems`.
   */
  pixm?: MpiConfig | undefined;
}

export interface MpiConfig {
  /** The MPI's FHIR base (http(s) URL); its origin is added to the CSP's connect-src. */
  base: string;
  /** Shown on the timeline's chip, e.g. "Master patient index". */
  name: string;
  /** "bearer": the SMART session's access token is sent (an MPI that requires one). */
  auth: ArchiveAuth;
  /** Per-request time limit: a slow MPI must not hold what the data already links. */
  timeoutMs: number;
}

export interface ViewerConfig {
  version: 1;
  archives: ArchiveConfig[];
  identity: IdentityConfig;
  /** Where audit events go (a FHIR base accepting batch Bundles); absent: no audit trail. */
  audit?: { endpoint: string } | undefined;
  /** Memory bounds; absent: the renderer's defaults. */
  memory?: MemoryConfig | undefined;
  /** How an EHR launch (IID, SMART) names patients; absent: launches map no FHIR identifier. */
  launch?: LaunchConfig | undefined;
  /** The live-session relay tumor boards follow their presenter through; absent: no live sessions. */
  liveRelay?: { url: string } | undefined;
  /** The study list: how many studies each archive's answer shows (default 200). */
  studyList?: { limit: number } | undefined;
}

/** Studies per archive in the study list when config.json does not say. */
export const DEFAULT_STUDY_LIST_LIMIT = 200;
const MAX_STUDY_LIST_LIMIT = 10_000;

export interface LaunchConfig {
  /**
   * FHIR Identifier.system (a URI, e.g. "urn:oid:2.16.840.1.113883.3.9999.1") → the issuer the
   * archives know those IDs under (their IssuerOfPatientID or configured patientIdIssuer).
   */
  identifierSystems: Record<string, string>;
}

export interface MemoryConfig {
  /** Ceiling of decoded pixels kept in memory, in bytes; least recently used images are released first. */
  decodedImageBytes: number;
}

/** Below this one large image (a 4096² 16-bit radiograph is 32 MiB) could hardly be held. */
const MIN_DECODED_IMAGE_BYTES = 16 * 1024 * 1024;

function parseMemory(raw: unknown, problems: string[]): MemoryConfig | undefined {
  if (raw === undefined) return undefined;
  const bytes = isRecord(raw) ? raw.decodedImageBytes : undefined;
  if (typeof bytes !== 'number' || !Number.isSafeInteger(bytes) || bytes < MIN_DECODED_IMAGE_BYTES) {
    problems.push(`config.json "memory.decodedImageBytes" must be a whole number of bytes, at least ${MIN_DECODED_IMAGE_BYTES} (16 MiB).`);
    return undefined;
  }
  return { decodedImageBytes: bytes };
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
  const { id, name, department, qidoRoot, wadoRoot, stowRoot, auth, timeoutMs, profile, patientIdIssuer } = raw;
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
  if (profile !== undefined && profile !== 'dicomweb' && profile !== 'static-tree') {
    problems.push(`${where}.profile must be "dicomweb" or "static-tree".`);
  }
  if (patientIdIssuer !== undefined && (typeof patientIdIssuer !== 'string' || patientIdIssuer.trim() === '')) {
    problems.push(`${where}.patientIdIssuer must be a non-empty string.`);
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
    profile: (profile as ArchiveProfileName | undefined) ?? 'dicomweb',
    patientIdIssuer: typeof patientIdIssuer === 'string' ? patientIdIssuer.trim() : undefined,
  };
}

const DEFAULT_MPI_TIMEOUT_MS = 10_000;

function parseMpi(raw: unknown, problems: string[]): MpiConfig | undefined {
  if (raw === undefined) return undefined;
  const { base, name, auth, timeoutMs } = isRecord(raw) ? raw : {};
  const where = 'config.json "identity.pixm"';
  if (typeof base !== 'string' || !/^https?:\/\/\S+$/.test(base.trim())) problems.push(`${where}.base must be the MPI's FHIR base, an http(s) URL.`);
  if (name !== undefined && (typeof name !== 'string' || name.trim() === '')) problems.push(`${where}.name must be a display name.`);
  const authKind = isRecord(auth) ? auth.kind : undefined;
  if (auth !== undefined && authKind !== 'none' && authKind !== 'bearer') problems.push(`${where}.auth.kind must be "none" or "bearer".`);
  if (timeoutMs !== undefined && (typeof timeoutMs !== 'number' || !Number.isInteger(timeoutMs) || timeoutMs < 100)) {
    problems.push(`${where}.timeoutMs must be a whole number of milliseconds, at least 100.`);
  }
  if (typeof base !== 'string') return undefined;
  return {
    base: withoutTrailingSlash(base.trim()),
    name: typeof name === 'string' && name.trim() !== '' ? name.trim() : 'Master patient index',
    auth: authKind === 'bearer' ? { kind: 'bearer' } : { kind: 'none' },
    timeoutMs: typeof timeoutMs === 'number' ? timeoutMs : DEFAULT_MPI_TIMEOUT_MS,
  };
}

function parseIdentity(raw: unknown, problems: string[]): IdentityConfig {
  if (raw === undefined) return { issuerAliases: {} };
  const aliases = isRecord(raw) ? raw.issuerAliases : undefined;
  if (!isRecord(raw) || (aliases !== undefined && !isRecord(aliases))) {
    problems.push('config.json "identity.issuerAliases" must map issuer names to issuer names.');
    return { issuerAliases: {} };
  }
  const issuerAliases: Record<string, string> = {};
  for (const [alias, issuer] of Object.entries(aliases ?? {})) {
    if (alias.startsWith('$')) continue; // "$comment" and the like
    if (typeof issuer !== 'string' || issuer.trim() === '') problems.push(`identity.issuerAliases["${alias}"] must be an issuer name.`);
    else issuerAliases[alias.trim()] = issuer.trim();
  }
  const pixm = parseMpi(raw.pixm, problems);
  return pixm ? { issuerAliases, pixm } : { issuerAliases };
}

/** A URI as FHIR Identifier.system holds it: a scheme, a colon, something after. */
const SYSTEM_URI_PATTERN = /^[a-z][a-z0-9+.-]*:\S+$/i;

function parseLaunch(raw: unknown, problems: string[]): LaunchConfig | undefined {
  if (raw === undefined) return undefined;
  const systems = isRecord(raw) ? raw.identifierSystems : undefined;
  if (!isRecord(systems)) {
    problems.push('config.json "launch.identifierSystems" must map FHIR identifier systems (URIs) to issuer names.');
    return undefined;
  }
  const identifierSystems: Record<string, string> = {};
  for (const [system, issuer] of Object.entries(systems)) {
    if (system.startsWith('$')) continue; // "$comment" and the like
    if (!SYSTEM_URI_PATTERN.test(system.trim())) {
      problems.push(`launch.identifierSystems key "${system}" must be a URI such as "urn:oid:1.2.3" or "https://example.org/mrn".`);
    } else if (typeof issuer !== 'string' || issuer.trim() === '') {
      problems.push(`launch.identifierSystems["${system}"] must be an issuer name.`);
    } else identifierSystems[system.trim()] = issuer.trim();
  }
  return { identifierSystems };
}

function parseAudit(raw: unknown, problems: string[]): ViewerConfig['audit'] {
  if (raw === undefined) return undefined;
  if (!isRecord(raw) || !isUrlRoot(raw.endpoint)) {
    problems.push('config.json "audit.endpoint" must be an http(s) URL or a path starting with "/".');
    return undefined;
  }
  return { endpoint: withoutTrailingSlash(raw.endpoint) };
}

function parseLiveRelay(raw: unknown, problems: string[]): ViewerConfig['liveRelay'] {
  if (raw === undefined) return undefined;
  const url = isRecord(raw) ? raw.url : undefined;
  if (typeof url !== 'string' || !/^https?:\/\/[^/\s]+\/?$/.test(url.trim())) {
    problems.push('config.json "liveRelay.url" must be the relay\'s http(s) origin, such as "https://relay.example.org".');
    return undefined;
  }
  return { url: withoutTrailingSlash(url.trim()) };
}

function parseStudyList(raw: unknown, problems: string[]): ViewerConfig['studyList'] {
  if (raw === undefined) return undefined;
  const limit = isRecord(raw) ? raw.limit : undefined;
  if (typeof limit !== 'number' || !Number.isSafeInteger(limit) || limit < 1 || limit > MAX_STUDY_LIST_LIMIT) {
    problems.push(`config.json "studyList.limit" must be a whole number of studies from 1 to ${MAX_STUDY_LIST_LIMIT}.`);
    return undefined;
  }
  return { limit };
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
  const identity = parseIdentity(raw.identity, problems);
  const audit = parseAudit(raw.audit, problems);
  const memory = parseMemory(raw.memory, problems);
  const launch = parseLaunch(raw.launch, problems);
  const liveRelay = parseLiveRelay(raw.liveRelay, problems);
  const studyList = parseStudyList(raw.studyList, problems);
  return problems.length > 0
    ? { kind: 'invalid', problems }
    : {
        kind: 'valid',
        config: { version: 1, archives, identity, ...(audit ? { audit } : {}), ...(memory ? { memory } : {}), ...(launch ? { launch } : {}), ...(liveRelay ? { liveRelay } : {}), ...(studyList ? { studyList } : {}) },
      };
}
