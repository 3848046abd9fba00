/**
 * SMART on FHIR launch rules that need no browser: which FHIR servers may launch the viewer,
 * which scopes it asks for, the study a launch names, and when to refresh a token. The browser
 * side (fhirclient) is in apps/viewer/src/launch/smart* and apps/viewer/src/archives/smartSession.ts.
 */

export interface SmartLaunchConfig {
  /** The client id registered at the EHR's authorization server. */
  clientId: string;
  /** FHIR base URLs (`iss`) the viewer accepts launches from; any other is refused. */
  issuers: string[];
}

export type SmartConfigResult = { kind: 'ok'; config: SmartLaunchConfig } | { kind: 'absent' } | { kind: 'invalid'; problem: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function withoutTrailingSlash(url: string): string {
  return url.trim().replace(/\/+$/, '');
}

/** The `launch.smart` section of config.json. */
export function parseSmartLaunchConfig(rawConfig: unknown): SmartConfigResult {
  const launch = isRecord(rawConfig) ? rawConfig.launch : undefined;
  const smart = isRecord(launch) ? launch.smart : undefined;
  if (smart === undefined) return { kind: 'absent' };
  if (!isRecord(smart) || typeof smart.clientId !== 'string' || smart.clientId.trim() === '') {
    return { kind: 'invalid', problem: 'config.json "launch.smart.clientId" must be the client id registered at the EHR.' };
  }
  const issuers = smart.issuers;
  if (!Array.isArray(issuers) || issuers.length === 0 || !issuers.every((iss) => typeof iss === 'string' && /^https?:\/\/\S+$/.test(iss))) {
    return { kind: 'invalid', problem: 'config.json "launch.smart.issuers" must list the FHIR base URLs (http or https) allowed to launch the viewer.' };
  }
  return { kind: 'ok', config: { clientId: smart.clientId.trim(), issuers: issuers.map((iss: string) => withoutTrailingSlash(iss)) } };
}

/**
 * Whether `iss` is a configured FHIR server. A launch from any other would send the clinician
 * to an authorization server nobody vetted, and its tokens to our archives.
 */
export function isAllowedIssuer(iss: string | null | undefined, config: SmartLaunchConfig): boolean {
  return typeof iss === 'string' && config.issuers.includes(withoutTrailingSlash(iss));
}

/**
 * Scopes the viewer asks for (SMART v1 names): the patient in context, reading the patient's
 * resources (Patient for identifiers, imaging for the archives), storing results into the
 * patient's imaging (an SR, key images; the EHR may grant less), a refresh token, and who the
 * user is. An EHR launch adds `launch`; a standalone launch asks to pick a patient.
 */
export function smartScope(kind: 'ehr' | 'standalone'): string {
  return [kind === 'ehr' ? 'launch' : 'launch/patient', 'openid', 'fhirUser', 'offline_access', 'patient/*.read', 'patient/ImagingStudy.write'].join(' ');
}

/** Whether the granted scopes (space-separated) include `needed`, or a wildcard that covers it. */
export function hasScope(granted: string | undefined, needed: string): boolean {
  const scopes = new Set((granted ?? '').split(' ').filter(Boolean));
  if (scopes.has(needed)) return true;
  const match = /^(patient|user)\/[A-Za-z]+\.(read|rs|write)$/.exec(needed);
  if (match === null) return false;
  const [, context, access] = match;
  return access === 'write' ? scopes.has(`${context}/*.write`) : scopes.has(`${context}/*.read`) || scopes.has(`${context}/*.rs`);
}

const DICOM_UID = /^[0-9]+(\.[0-9]+)*$/;

/** The study a launch names: by DICOM UID (fhirContext identifier) or by ImagingStudy id. */
export type LaunchStudy = { kind: 'uid'; studyUid: string } | { kind: 'reference'; imagingStudyId: string } | { kind: 'none' } | { kind: 'invalid'; problem: string };

/**
 * The ImagingStudy in a token response's launch context (SMART App Launch 2.x `fhirContext`):
 * an item of type ImagingStudy with a `urn:dicom:uid` identifier, or a reference ImagingStudy/<id>.
 * More than one is refused: the viewer opens one patient's study, and picking one would be a guess.
 */
export function launchStudyOf(tokenResponse: Record<string, unknown>): LaunchStudy {
  const items = Array.isArray(tokenResponse.fhirContext) ? tokenResponse.fhirContext.filter(isRecord) : [];
  const studies = items.filter((item) => item.type === 'ImagingStudy' || (typeof item.reference === 'string' && item.reference.startsWith('ImagingStudy/')));
  if (studies.length === 0) return { kind: 'none' };
  if (studies.length > 1) return { kind: 'invalid', problem: 'The EHR named more than one study in the launch context.' };
  const [study] = studies as [Record<string, unknown>];
  const identifier = isRecord(study.identifier) ? study.identifier : undefined;
  if (identifier?.system === 'urn:dicom:uid' && typeof identifier.value === 'string') {
    const uid = identifier.value.replace(/^urn:oid:/, '');
    return DICOM_UID.test(uid) && uid.length <= 64 ? { kind: 'uid', studyUid: uid } : { kind: 'invalid', problem: 'The EHR named a study whose UID is not a DICOM UID.' };
  }
  const reference = typeof study.reference === 'string' ? /^ImagingStudy\/([A-Za-z0-9.-]{1,64})$/.exec(study.reference) : null;
  if (reference?.[1]) return { kind: 'reference', imagingStudyId: reference[1] };
  return { kind: 'invalid', problem: 'The EHR named a study the viewer cannot identify (no DICOM UID, no ImagingStudy reference).' };
}

/** The DICOM Study Instance UID of a FHIR ImagingStudy (its urn:dicom:uid identifier). */
export function studyUidOfImagingStudy(resource: unknown): string | undefined {
  const identifiers = isRecord(resource) && Array.isArray(resource.identifier) ? resource.identifier.filter(isRecord) : [];
  const value = identifiers.find((identifier) => identifier.system === 'urn:dicom:uid')?.value;
  const uid = typeof value === 'string' ? value.replace(/^urn:oid:/, '') : undefined;
  return uid !== undefined && DICOM_UID.test(uid) ? uid : undefined;
}

/** Never refresh sooner than this after the last one (a server granting 1 s tokens must not be hammered). */
const MIN_REFRESH_DELAY_MS = 1000;

/**
 * When to refresh an access token that expires at `expiresAtS` (epoch seconds): after two
 * thirds of its remaining life, so a slow token endpoint still answers before the archives
 * see an expired token; at once if it has expired.
 */
export function refreshDelayMs(expiresAtS: number | undefined, nowMs: number): number | undefined {
  if (expiresAtS === undefined || !Number.isFinite(expiresAtS)) return undefined;
  const remaining = expiresAtS * 1000 - nowMs;
  if (remaining <= 0) return 0;
  return Math.max(MIN_REFRESH_DELAY_MS, Math.floor((remaining * 2) / 3));
}
