import {
  ARCHIVE_PROFILES,
  firstInstanceUrl,
  firstStudySearchParams,
  instanceMetadataUrl,
  matchingStudiesOf,
  studyByUidUrl,
  studySearchUrl,
  toInstanceSummaries,
  toPatientIdentifiers,
  toStudySummaries,
  type ArchiveConfig,
  type StudySummary,
  type ViewerConfig,
} from '@longview/dicomweb/plain';
import type { DicomJson } from '@longview/dicom-meta';
import {
  FHIR_JSON,
  crossReferencesOfPixmAnswer,
  followLinks,
  identityRulesOf,
  launchAnchorOf,
  pixmUrlOf,
  recordOf,
  seedsOf,
  sourceName,
  type CrossReferences,
  type IdentifierSystemMap,
  type OtherPatientId,
  type QualifiedIdentifier,
} from '@longview/patient-identity';
import { identifierSystemMap, parseIidRequest, recordFromCx } from '@longview/launch';
import { earlyRequest, fetchJson, handOver, type EarlyRequest } from './earlyFetch';

/**
 * A timeline's first searches, started by the page's boot script (boot/main.ts) while the
 * app's chunks are still on their way: the anchor study's search and its OtherPatientIDs (one
 * instance's metadata) at once, side by side, then every archive's search for each patient ID
 * the app would search for first. Which IDs those are is decided as the app decides them
 * (timeline/usePatientTimeline.ts): by @longview/patient-identity's seedsOf and followLinks, from
 * the anchor's record and its own links, never by name. The master patient index (config.json
 * identity.pixm, when it needs no sign-in) is asked about each identifier so linked, as the app
 * asks it (timelineQueries.ts useCrossReferences), and the records it names are searched for
 * too. The app adopts each answer where it would have asked (take…), once, inside its audited
 * search or MPI question; the rounds that follow once the app asks for itself (the other records'
 * links, and whatever they lead to) are the app's. Only archives and an MPI without sign-in are
 * asked early: the bearer token belongs to the app.
 *
 * An IHE IID PATIENT launch is a timeline too (launch/IidLaunch.tsx leads to it): its patient
 * ID is searched for in every such archive, and the MPI asked about it, once the launch reads as
 * the app will read it (@longview/launch's parseIidRequest and recordFromCx), so no archive is
 * asked about a patient the app then refuses to open; the records the MPI names are searched for
 * too, until the app takes its first search. The other records' links are the app's.
 */

interface TimelineLink {
  archiveId: string;
  study: string;
}

interface EarlyTimeline {
  /** The study a timeline link opens on; none for a launch. */
  anchor: TimelineLink | undefined;
  /**
   * The app has started asking for this timeline itself (it took the anchor's search): from
   * then on it decides what to search for, and a search the boot script started later would
   * only ask twice.
   */
  isAppAsking: boolean;
  anchorSearch: EarlyRequest | undefined;
  /** The first instance's metadata, or null for a study that lists no instance. */
  anchorLinks: EarlyRequest | undefined;
  /** Each archive's first answer for a patient ID, by `archiveId|patientId`. */
  searches: Map<string, EarlyRequest>;
  /** The MPI's answers (the Response, its body unread) to the questions asked, by question URL. */
  mpiQuestions: Map<string, EarlyRequest>;
}

let early: EarlyTimeline | undefined;

const searchKey = (archiveId: string, patientId: string) => `${archiveId}|${patientId}`;

/** The patient timeline link this page opened on (`/timeline/{archive}/{study}`, no parameters), if it is one. */
export function timelineLinkOf(location: Pick<Location, 'pathname' | 'search'>): TimelineLink | undefined {
  const match = /^\/timeline\/([^/]+)\/([^/]+)\/?$/.exec(location.pathname);
  if (!match?.[1] || !match[2] || new URLSearchParams(location.search).size > 0) return undefined;
  return { archiveId: decodeURIComponent(match[1]), study: decodeURIComponent(match[2]) };
}

/** The first instance's metadata of a study, as ArchiveClient.oneInstanceMetadata asks it; null when it lists none. */
async function firstInstanceMetadata(archive: ArchiveConfig, study: string, signal: AbortSignal): Promise<unknown> {
  const [instance] = toInstanceSummaries(await fetchJson(firstInstanceUrl(archive, study), archive.timeoutMs, signal));
  if (!instance?.seriesInstanceUid) return null;
  return fetchJson(instanceMetadataUrl(archive, study, instance.seriesInstanceUid, instance.sopInstanceUid), archive.timeoutMs, signal);
}

/**
 * Starts each archive's search for each patient ID not searched for yet; `onAnswer` runs as each
 * answers, after its studies (those matching the search) are in `found`.
 */
function searchArchives(opening: EarlyTimeline, archives: readonly ArchiveConfig[], patientIds: readonly string[], found: Map<string, StudySummary[]>, onAnswer: () => void): void {
  for (const patientId of patientIds) {
    for (const archive of archives) {
      const key = searchKey(archive.id, patientId);
      if (opening.searches.has(key)) continue;
      const profile = ARCHIVE_PROFILES[archive.profile];
      const query = { patientId };
      const search = earlyRequest((signal) => fetchJson(studySearchUrl(archive, firstStudySearchParams(profile, query)), archive.timeoutMs, signal));
      opening.searches.set(key, search);
      void search.answer
        .then((raw) => {
          found.set(key, matchingStudiesOf(profile, query, toStudySummaries(archive.id, raw)));
          onAnswer();
        })
        // A failed or unreadable answer leads nowhere here: the app asks again and says what is wrong.
        .catch(() => undefined);
    }
  }
}

/** The MPI the boot script may ask, and how it names a question, or undefined (none, or one with sign-in). */
interface EarlyMpi {
  name: string;
  timeoutMs: number;
  systems: IdentifierSystemMap;
  urlOf: (identifier: QualifiedIdentifier) => string | undefined;
}

function mpiToAskEarly(config: ViewerConfig): EarlyMpi | undefined {
  const pixm = config.identity.pixm;
  if (!pixm || pixm.auth.kind !== 'none') return undefined;
  const systems = identifierSystemMap(config);
  return { name: sourceName(pixm), timeoutMs: pixm.timeoutMs, systems, urlOf: (identifier) => pixmUrlOf(pixm.base, identifier, systems) };
}

/**
 * Asks the MPI about each identifier not asked about yet, as the app's PIXm source asks (the
 * same URL and Accept header); the app reads the response itself when it takes it
 * (takeEarlyMpiAnswer), and audits the question then. `onAnswer` runs as each readable answer
 * comes in, after its cross-references are in `crossReferences`.
 */
function askMpi(opening: EarlyTimeline, mpi: EarlyMpi, identifiers: readonly QualifiedIdentifier[], crossReferences: Map<string, CrossReferences>, onAnswer: () => void): void {
  for (const identifier of identifiers) {
    const url = mpi.urlOf(identifier);
    if (url === undefined || opening.mpiQuestions.has(url)) continue;
    const question = earlyRequest((signal) => fetch(url, { headers: { accept: FHIR_JSON }, signal: AbortSignal.any([signal, AbortSignal.timeout(mpi.timeoutMs)]) }));
    opening.mpiQuestions.set(url, question);
    void question.answer
      .then(async (answer) => {
        const response = answer as Response;
        if (!response.ok) return;
        crossReferences.set(url, crossReferencesOfPixmAnswer(await response.clone().json(), identifier, mpi.systems, mpi.name));
        onAnswer();
      })
      // A failed or unreadable answer leads nowhere here: the app reads it and says what is wrong.
      .catch(() => undefined);
  }
}

/** Where a timeline starts, as the app starts it (usePatientTimeline): followLinks' seeds, anchor and asserted links. */
type TimelineStart = Pick<Parameters<typeof followLinks>[0], 'seeds' | 'seedIds' | 'anchorOf' | 'assertedLinks' | 'cachedLinks'>;

/**
 * The early timeline's rounds: from what has come back so far (`found`, `crossReferences`, as the
 * app's query cache would hold them), the identifiers the app would search for and ask the MPI
 * about; each is asked once, and each answer runs the next round. Until the app asks for itself.
 */
function searchFurtherFrom(opening: EarlyTimeline, config: ViewerConfig, start: () => TimelineStart | undefined): () => void {
  const open = config.archives.filter((archive) => archive.auth.kind === 'none');
  const rules = identityRulesOf(config);
  const mpi = mpiToAskEarly(config);
  const found = new Map<string, StudySummary[]>();
  const crossReferences = new Map<string, CrossReferences>();
  const searchFurther = () => {
    const from = opening.isAppAsking ? undefined : start();
    if (!from) return;
    const followed = followLinks({
      ...from,
      rules,
      cachedStudies: (ids) => open.flatMap((archive) => ids.flatMap((id) => found.get(searchKey(archive.id, id)) ?? [])),
      cachedCrossReferences: (identifier) => (mpi ? crossReferences.get(mpi.urlOf(identifier) ?? '') : undefined),
    });
    searchArchives(opening, open, followed.patientIds, found, searchFurther);
    if (mpi) askMpi(opening, mpi, followed.linked, crossReferences, searchFurther);
  };
  return searchFurther;
}

/** The query string of an IHE IID PATIENT launch this page opened on, if it is one. */
export function iidPatientLaunchOf(location: Pick<Location, 'pathname' | 'search'>): string | undefined {
  if (location.pathname !== '/IHEInvokeImageDisplay' || new URLSearchParams(location.search).get('requestType') !== 'PATIENT') return undefined;
  return location.search;
}

/**
 * Starts an IID PATIENT launch's searches: its patient ID in every archive without sign-in,
 * where the launch is one the app will open (a well-formed request naming one patient by an ID
 * and a known assigning authority); anything else is the app's to report. Once per page.
 */
export function startEarlyPatientLaunch(query: string, config: ViewerConfig): void {
  if (early) return;
  const parsed = parseIidRequest(new URLSearchParams(query));
  if (parsed.kind !== 'request' || parsed.request.requestType !== 'PATIENT' || !parsed.request.patient) return;
  const record = recordFromCx(parsed.request.patient, config);
  if (record.kind !== 'ok') return;
  const opening: EarlyTimeline = { anchor: undefined, isAppAsking: false, anchorSearch: undefined, anchorLinks: undefined, searches: new Map(), mpiQuestions: new Map() };
  early = opening;
  const rules = identityRulesOf(config);
  // The app's start for a launch (usePatientTimeline): the launched record, asserted as the patient.
  const launched = [record.record];
  const { seeds, seedIds } = seedsOf({ kind: 'launch', launched }, rules);
  searchFurtherFrom(opening, config, () => ({
    seeds,
    seedIds,
    anchorOf: (records, candidates) => launchAnchorOf(records, candidates, rules),
    assertedLinks: [launched],
    // No record's links are looked up here: those lookups are the app's.
    cachedLinks: () => undefined,
  }))();
}

/** Starts a timeline link's searches, once config.json has been read; once per page. */
export function startEarlyTimeline(link: TimelineLink, config: ViewerConfig): void {
  const anchorArchive = config.archives.find((archive) => archive.id === link.archiveId);
  if (early || !anchorArchive || anchorArchive.auth.kind !== 'none') return;
  const rules = identityRulesOf(config);
  const opening: EarlyTimeline = {
    anchor: link,
    isAppAsking: false,
    anchorSearch: earlyRequest((signal) => fetchJson(studyByUidUrl(anchorArchive, link.study), anchorArchive.timeoutMs, signal)),
    anchorLinks: earlyRequest((signal) => firstInstanceMetadata(anchorArchive, link.study, signal)),
    searches: new Map(),
    mpiQuestions: new Map(),
  };
  early = opening;

  // The anchor's study and links, as they come back.
  let anchorStudy: StudySummary | undefined;
  let anchorLinks: OtherPatientId[] | undefined;
  const searchFurther = searchFurtherFrom(opening, config, () => {
    if (!anchorStudy) return undefined;
    const record = recordOf(anchorStudy, anchorLinks);
    return {
      ...seedsOf({ kind: 'study', record }, rules),
      anchorOf: () => record,
      assertedLinks: [],
      cachedLinks: (study) => (study.archiveId === link.archiveId && study.studyInstanceUid === link.study ? anchorLinks : undefined),
    };
  });

  void opening.anchorSearch?.answer
    .then((raw) => {
      anchorStudy = toStudySummaries(anchorArchive.id, raw).find((study) => study.studyInstanceUid === link.study);
      searchFurther();
    })
    .catch(() => undefined);
  void opening.anchorLinks?.answer
    .then((raw) => {
      // As ArchiveClient.otherPatientIdsIn reads it: none for a study without instances.
      const instance: unknown = Array.isArray(raw) ? raw[0] : raw;
      anchorLinks = typeof instance === 'object' && instance !== null ? (toPatientIdentifiers(instance as DicomJson) ?? []) : [];
      searchFurther();
    })
    .catch(() => undefined);
}

const isAnchor = (key: TimelineLink) => early?.anchor !== undefined && early.anchor.archiveId === key.archiveId && early.anchor.study === key.study;

/**
 * The timeline link's anchor study search (QIDO-RS by StudyInstanceUID), if the boot script made
 * it; once. From then on the app decides what to search for. `signal` is the app's: it cancels
 * the early request too.
 */
export function takeEarlyAnchorSearch(key: TimelineLink, signal?: AbortSignal): Promise<unknown> | undefined {
  if (!isAnchor(key) || !early) return undefined;
  early.isAppAsking = true;
  const taken = early.anchorSearch;
  early.anchorSearch = undefined;
  return handOver(taken, signal);
}

/** The anchor study's first instance metadata (its OtherPatientIDs), if the boot script asked; once. */
export function takeEarlyAnchorLinks(key: TimelineLink, signal?: AbortSignal): Promise<unknown> | undefined {
  if (!isAnchor(key) || !early) return undefined;
  const taken = early.anchorLinks;
  early.anchorLinks = undefined;
  return handOver(taken, signal);
}

/**
 * The MPI's response to a question (its URL), if the boot script asked it; once, its body
 * unread. `signal` is the app's: it cancels the early request too.
 */
export function takeEarlyMpiAnswer(url: string, signal?: AbortSignal): Promise<Response> | undefined {
  const taken = early?.mpiQuestions.get(url);
  early?.mpiQuestions.delete(url);
  return handOver(taken, signal) as Promise<Response> | undefined;
}

/** An archive's answer to the first request of its search for a patient ID, if the boot script asked; once. */
export function takeEarlyPatientSearch(archiveId: string, patientId: string, signal?: AbortSignal): Promise<unknown> | undefined {
  // A launch has no anchor search for the app to take: its first search taken says the app is asking.
  if (early && early.anchor === undefined) early.isAppAsking = true;
  const key = searchKey(archiveId, patientId);
  const taken = early?.searches.get(key);
  early?.searches.delete(key);
  return handOver(taken, signal);
}
