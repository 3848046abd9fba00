/**
 * IHE Invoke Image Display (IID, RAD-106): the HTTP GET an EHR sends to show images.
 *
 *   requestType=STUDY    studyUID=<uid>[,<uid>…] and/or accessionNumber=<acc>[,<acc>…]
 *                        (patientID optional: then the studies must be that patient's)
 *   requestType=PATIENT  patientID=<HL7 CX, ID^^^Issuer>, optionally mostRecentResults=<n>,
 *                        lowerDateTime / upperDateTime (ISO 8601), modalitiesInStudy=<m>[,<m>…]
 *   both                 viewerType, diagnosticQuality, keyImagesOnly
 *
 * Every wrong parameter is reported (not just the first) with its name and why, so that the
 * person integrating the EHR can fix the link from one message.
 */
import { parseCx, type Cx } from './cx';
import type { LaunchFilters } from './filters';

export type IidProblemKind = 'missing' | 'malformed' | 'conflicting' | 'unknown' | 'repeated';

export interface IidProblem {
  parameter: string;
  kind: IidProblemKind;
  /** A sentence naming the parameter; never repeats a patient ID. */
  message: string;
}

/** How the EHR would like the images shown; Longview has one viewer and notes what it honours. */
export interface IidPresentation {
  viewerType: string | undefined;
  diagnosticQuality: boolean | undefined;
  keyImagesOnly: boolean | undefined;
}

export interface IidStudyRequest {
  requestType: 'STUDY';
  studyUids: string[];
  accessionNumbers: string[];
  /** When given, every study shown must belong to this patient (the mismatch guard). */
  patient: Cx | undefined;
  presentation: IidPresentation;
}

export interface IidPatientRequest {
  requestType: 'PATIENT';
  patient: Cx;
  filters: LaunchFilters;
  presentation: IidPresentation;
}

export type IidRequest = IidStudyRequest | IidPatientRequest;

export type IidParseResult =
  | { kind: 'request'; request: IidRequest; notices: string[] }
  | { kind: 'invalid'; problems: IidProblem[] };

const REQUEST_TYPES = ['STUDY', 'PATIENT'] as const;
const STUDY_ONLY = ['studyUID', 'accessionNumber'] as const;
const PATIENT_ONLY = ['mostRecentResults', 'lowerDateTime', 'upperDateTime', 'modalitiesInStudy'] as const;
const KNOWN = ['requestType', 'patientID', ...STUDY_ONLY, ...PATIENT_ONLY, 'viewerType', 'diagnosticQuality', 'keyImagesOnly'] as const;

/** PS3.5 9.1: digits and dots, no leading zero in a component, at most 64 characters. */
const UID_PATTERN = /^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))+$/;
/** PS3.3 C.7.3.1.1.1 defined terms are upper-case letters and digits (CT, MR, US, XA, SM…). */
const MODALITY_PATTERN = /^[A-Z0-9_]{1,16}$/;
/** ISO 8601 extended date or date-time, with optional fraction and zone. */
const DATE_TIME_PATTERN = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const MAX_MOST_RECENT = 10_000;

function isValidDateTime(value: string): boolean {
  const match = DATE_TIME_PATTERN.exec(value);
  if (!match) return false;
  const [, year, month, day, hour = '0', minute = '0', second = '0'] = match;
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  const isRealDay = date.getUTCFullYear() === Number(year) && date.getUTCMonth() === Number(month) - 1 && date.getUTCDate() === Number(day);
  return isRealDay && Number(hour) < 24 && Number(minute) < 60 && Number(second) < 60;
}

/** Accession Number is SH: at most 16 characters, no backslash; wildcards would match others. */
function accessionProblem(value: string): string | undefined {
  if (value.length > 16) return 'is longer than 16 characters (DICOM SH)';
  if (/[*?\\]/.test(value)) return 'contains "*", "?" or "\\", which would match other studies';
  return undefined;
}

function parseBoolean(value: string): boolean | undefined {
  if (value === 'true') return true;
  if (value === 'false') return false;
  return undefined;
}

type RequestType = (typeof REQUEST_TYPES)[number];

/** Reads a launch's parameters one by one, collecting problems and notices in the order found. */
class LaunchParams {
  readonly problems: IidProblem[] = [];
  readonly notices: string[] = [];

  constructor(readonly params: URLSearchParams) {}

  problem(parameter: string, kind: IidProblemKind, message: string): void {
    this.problems.push({ parameter, kind, message });
  }

  /** How many times the parameter is given (empty included). */
  count(name: string): number {
    return this.params.getAll(name).length;
  }

  present(name: string): boolean {
    return this.params.has(name);
  }

  /** A single-valued parameter: trimmed, or undefined when absent or empty. */
  single(name: string): string | undefined {
    const values = this.params.getAll(name);
    if (values.length > 1) {
      this.problem(name, 'repeated', `"${name}" is given ${values.length} times; give it once.`);
      return undefined;
    }
    const value = values[0]?.trim();
    return value === '' ? undefined : value;
  }

  /** A list parameter: comma-separated and/or repeated; empty items are a mistake. */
  list(name: string): string[] {
    // A parameter given empty ("studyUID=") counts as absent; an empty item inside a list is a typo.
    const items = this.params
      .getAll(name)
      .filter((value) => value.trim() !== '')
      .flatMap((value) => value.split(','));
    if (items.length > 0 && items.some((item) => item.trim() === '')) {
      this.problem(name, 'malformed', `"${name}" has an empty item; separate values with single commas.`);
    }
    return [...new Set(items.map((item) => item.trim()).filter((item) => item !== ''))];
  }
}

/** Names IID does not know: a wrong case is a problem (the sender meant one), anything else a notice. */
function checkParameterNames(launch: LaunchParams): void {
  for (const name of new Set(launch.params.keys())) {
    if ((KNOWN as readonly string[]).includes(name)) continue;
    const meant = KNOWN.find((known) => known.toLowerCase() === name.toLowerCase());
    if (meant) launch.problem(name, 'unknown', `"${name}" is not an IID parameter; parameter names are case-sensitive: did you mean "${meant}"?`);
    else launch.notices.push(`The parameter "${name}" is not part of IHE IID and was ignored.`);
  }
}

function readRequestType(launch: LaunchParams): RequestType | undefined {
  const requestTypeRaw = launch.single('requestType');
  if (requestTypeRaw === undefined) {
    if (!launch.count('requestType')) launch.problem('requestType', 'missing', '"requestType" is missing; it must be STUDY or PATIENT.');
    else if (launch.count('requestType') === 1) launch.problem('requestType', 'missing', '"requestType" is empty; it must be STUDY or PATIENT.');
    return undefined;
  }
  if ((REQUEST_TYPES as readonly string[]).includes(requestTypeRaw)) return requestTypeRaw as RequestType;
  launch.problem('requestType', 'unknown', `"requestType" must be STUDY or PATIENT (upper case), not "${requestTypeRaw.slice(0, 32)}".`);
  return undefined;
}

/** patientID: required for PATIENT, optional for STUDY (then it guards the studies). */
function readPatient(launch: LaunchParams, requestType: RequestType | undefined): Cx | undefined {
  const patientRaw = launch.single('patientID');
  if (patientRaw !== undefined) {
    const parsed = parseCx(patientRaw);
    if (parsed.kind === 'error') launch.problem('patientID', 'malformed', `"patientID" ${parsed.message}`);
    else if (parsed.cx.issuerCandidates.length === 0) {
      launch.problem('patientID', 'malformed', '"patientID" names no assigning authority; give it as ID^^^Issuer (an ID alone could be anybody).');
    } else return parsed.cx;
  } else if (requestType === 'PATIENT' && launch.count('patientID') <= 1) {
    launch.problem('patientID', 'missing', '"patientID" is missing; requestType=PATIENT needs the patient as ID^^^Issuer.');
  }
  return undefined;
}

/** viewerType, diagnosticQuality and keyImagesOnly: taken as asked, with a notice where Longview does otherwise. */
function readPresentation(launch: LaunchParams): IidPresentation {
  const presentation: IidPresentation = { viewerType: undefined, diagnosticQuality: undefined, keyImagesOnly: undefined };
  const viewerType = launch.single('viewerType');
  if (viewerType !== undefined) {
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(viewerType)) launch.problem('viewerType', 'malformed', '"viewerType" must be a single token such as IHE_BIR.');
    else {
      presentation.viewerType = viewerType;
      if (viewerType !== 'IHE_BIR') launch.notices.push(`viewerType "${viewerType}" is not offered; Longview's browser viewer (IHE_BIR) is shown.`);
    }
  }
  for (const name of ['diagnosticQuality', 'keyImagesOnly'] as const) {
    const raw = launch.single(name);
    if (raw === undefined) continue;
    const value = parseBoolean(raw);
    if (value === undefined) launch.problem(name, 'malformed', `"${name}" must be true or false.`);
    else presentation[name] = value;
  }
  if (presentation.keyImagesOnly) launch.notices.push('keyImagesOnly was asked; Longview shows every image of the study (key image selections are not read yet).');
  if (presentation.diagnosticQuality === false) launch.notices.push('diagnosticQuality=false was asked; Longview always shows the original pixels.');
  return presentation;
}

/** Parameters of the other request type are refused, never silently dropped. */
function checkConflicts(launch: LaunchParams, requestType: RequestType | undefined): void {
  if (requestType === 'PATIENT') {
    for (const name of STUDY_ONLY) {
      if (launch.present(name)) launch.problem(name, 'conflicting', `"${name}" belongs to requestType=STUDY; a PATIENT request names the patient only.`);
    }
  }
  if (requestType === 'STUDY') {
    for (const name of PATIENT_ONLY) {
      if (launch.present(name)) launch.problem(name, 'conflicting', `"${name}" belongs to requestType=PATIENT; a STUDY request shows exactly the studies it names.`);
    }
  }
}

/** A STUDY request: the studies by UID and/or accession number, at least one of them. */
function readStudyRequest(launch: LaunchParams, patient: Cx | undefined, presentation: IidPresentation): IidParseResult {
  const { problems } = launch;
  const studyUids = launch.list('studyUID');
  const accessionNumbers = launch.list('accessionNumber');
  for (const uid of studyUids) {
    if (uid.length > 64 || !UID_PATTERN.test(uid)) {
      launch.problem('studyUID', 'malformed', `"studyUID" value "${uid.slice(0, 70)}" is not a DICOM UID (digits and dots, at most 64 characters).`);
    }
  }
  for (const accession of accessionNumbers) {
    const why = accessionProblem(accession);
    if (why) launch.problem('accessionNumber', 'malformed', `"accessionNumber" value "${accession.slice(0, 20)}" ${why}.`);
  }
  if (studyUids.length === 0 && accessionNumbers.length === 0 && !problems.some((p) => p.parameter === 'studyUID' || p.parameter === 'accessionNumber')) {
    launch.problem('studyUID', 'missing', '"studyUID" or "accessionNumber" is missing; requestType=STUDY needs at least one of them.');
  }
  if (problems.length > 0) return { kind: 'invalid', problems };
  return { kind: 'request', request: { requestType: 'STUDY', studyUids, accessionNumbers, patient, presentation }, notices: launch.notices };
}

/** A PATIENT request's filters: how many of the most recent studies, a date range, modalities. */
function readPatientFilters(launch: LaunchParams): LaunchFilters {
  const filters: LaunchFilters = {};
  const mostRecent = launch.single('mostRecentResults');
  if (mostRecent !== undefined) {
    const count = /^[0-9]+$/.test(mostRecent) ? Number(mostRecent) : Number.NaN;
    if (!(count >= 1 && count <= MAX_MOST_RECENT)) {
      launch.problem('mostRecentResults', 'malformed', `"mostRecentResults" must be a whole number from 1 to ${MAX_MOST_RECENT}.`);
    } else filters.mostRecent = count;
  }
  for (const [name, key] of [['lowerDateTime', 'lowerDate'], ['upperDateTime', 'upperDate']] as const) {
    const raw = launch.single(name);
    if (raw === undefined) continue;
    // An unencoded "+" of a zone offset arrives as a space (form encoding): read it as meant.
    const value = raw.replace(/ (\d{2}:?\d{2})$/, '+$1');
    if (!isValidDateTime(value)) {
      launch.problem(name, 'malformed', `"${name}" must be an ISO 8601 date or date-time such as 2021-03-04 or 2021-03-04T10:30:00.`);
    } else filters[key] = value;
  }
  if (filters.lowerDate && filters.upperDate && filters.lowerDate.slice(0, 19) > filters.upperDate.slice(0, 19)) {
    launch.problem('lowerDateTime', 'conflicting', '"lowerDateTime" is after "upperDateTime"; no study could match.');
  }
  const modalities = launch.list('modalitiesInStudy').map((m) => m.toUpperCase());
  const badModality = modalities.find((m) => !MODALITY_PATTERN.test(m));
  if (badModality !== undefined) {
    launch.problem('modalitiesInStudy', 'malformed', `"modalitiesInStudy" value "${badModality.slice(0, 20)}" is not a DICOM modality code (such as CT, MR, US).`);
  } else if (modalities.length > 0) filters.modalities = modalities;
  return filters;
}

export function parseIidRequest(params: URLSearchParams): IidParseResult {
  const launch = new LaunchParams(params);
  checkParameterNames(launch);
  const requestType = readRequestType(launch);
  const patient = readPatient(launch, requestType);
  const presentation = readPresentation(launch);
  checkConflicts(launch, requestType);
  if (requestType === 'STUDY') return readStudyRequest(launch, patient, presentation);
  if (requestType === 'PATIENT') {
    const filters = readPatientFilters(launch);
    if (launch.problems.length > 0 || patient === undefined) return { kind: 'invalid', problems: launch.problems };
    return { kind: 'request', request: { requestType, patient, filters, presentation }, notices: launch.notices };
  }
  return { kind: 'invalid', problems: launch.problems };
}
