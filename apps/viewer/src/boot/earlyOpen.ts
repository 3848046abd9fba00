import { contentKindOf } from '@longview/content-kind';
import { orderStack } from '@longview/dicom-meta';
import { firstStackSeriesOf, readerProtocols, studyFactsOf } from '@longview/hanging-protocols';
import {
  FRAME_IN_STORED_SYNTAX,
  frameUrlOf,
  instanceListUrl,
  instanceMetadataUrl,
  parseViewerConfig,
  renderedPreviewUrl,
  seriesListUrl,
  seriesMetadataUrl,
  studyByUidUrl,
  toInstanceSummaries,
  toSeriesSummaries,
  toStudySummaries,
  declaredTransferSyntax,
  firstPartContentType,
  type ArchiveConfig,
  type InstanceSummary,
  type SeriesSummary,
  type StudySummary,
  type ViewerConfig,
} from '@longview/dicomweb/plain';
import { boardCellOfLink, boardLinkOf } from './earlyBoard';
import { fetchJson, kept } from './earlyFetch';
import { isStudyListPage, startEarlyStudyList } from './earlyStudyList';
import { iidPatientLaunchOf, startEarlyPatientLaunch, startEarlyTimeline, timelineLinkOf } from './earlyTimeline';

/**
 * The first image's requests, started by the page's boot script (boot/main.ts) before React,
 * the page chunks or the rendering engine have loaded: config.json at once, then the series'
 * instance list, then the first instance's frame and metadata, then the series' metadata. The
 * series is the link's own (`/viewer/{archive}/{study}?series=…`), or for a study link
 * (`/viewer/{archive}/{study}`) the one the app's hanging protocol will put in its first image
 * cell, worked out here from the study and its series list as the app does (firstStackSeriesOf);
 * an IHE IID STUDY launch of one study is a study link once the archives have said where the
 * study is and whose it is (studyOfIidLaunch); a shared board link's is its first cell's series,
 * at the image the link names (earlyBoard.ts). A timeline's first searches, by link or by an
 * IID PATIENT launch, are earlyTimeline.ts's; the study list's, earlyStudyList.ts's. The app adopts each answer where it would have asked for it (take…), once: a retry, or any
 * other series, asks the archive itself. The boot script asks only archives without sign-in: the
 * bearer token belongs to the app, which hands its header to an open from inside the app
 * (openStudyEarly).
 */

/** A frame answer as it came off the wire: the (multipart) body and the response's Content-Type. */
export interface FrameAnswer {
  body: ArrayBuffer;
  contentType: string | null;
}

interface StudyKey {
  archiveId: string;
  study: string;
}

interface SeriesKey extends StudyKey {
  series: string;
}

export interface IidStudyLaunch {
  study: string;
  /** The patient the launch names, as ID and issuer; the study must be this patient's. */
  patient: { id: string; issuer: string } | undefined;
}

interface EarlySeries extends SeriesKey {
  /** The archive's Authorization header when it has sign-in, handed over by the app for this opening's requests. */
  authHeaders: Readonly<Record<string, string>>;
  instanceList: Promise<unknown> | undefined;
  firstMetadata: Map<string, Promise<unknown>>;
  /** Frames asked early, each with its moment of lateness (settles after FIRST_FRAME_PATIENCE_MS). */
  frames: Map<string, { answer: Promise<FrameAnswer>; late: Promise<void> }>;
  /**
   * The first frame again, for the 2D first paint (firstPaint/), which only reads it; `inOrLate`
   * settles once it is in, failed, or late (FIRST_FRAME_PATIENCE_MS).
   */
  firstFrame: { url: string; answer: Promise<FrameAnswer>; preview: Promise<Blob>; inOrLate: Promise<void> } | undefined;
  /** Started by the first frame's arrival or by the app asking for it, whichever comes first. */
  seriesMetadata: (() => Promise<unknown>) | undefined;
  /** Whether the first frame came in a native syntax (drawable without the engine), once it is in. */
  isFirstFrameNative: Promise<boolean> | undefined;
  /** Settles when the first frame is in or will not be asked for (a failed list, not an image stack). */
  firstImageAsked: Promise<void>;
}

let hasStarted = false;
let configResponse: Promise<Response> | undefined;
let early: EarlySeries | undefined;
/** A study link's study and series searches, made to choose its first series; the app adopts them. */
let earlyStudy: (StudyKey & { studySearch: Promise<unknown> | undefined; seriesList: Promise<unknown> | undefined }) | undefined;
/** An IID STUDY launch's study search in each archive asked early, by archive id; the app's audited search adopts them. */
let earlyIidSearches: { study: string; byArchive: Map<string, Promise<unknown>> } | undefined;
let decideEarly: (opening: EarlySeries | undefined) => void = () => undefined;
/** The series this page opens early, or undefined, once config.json has said whether it may. */
const earlyDecided = new Promise<EarlySeries | undefined>((resolve) => (decideEarly = resolve));

/**
 * How long the page waits on the early first frame before going on without it: the engine
 * starts, the series retrieve starts, and the loader takes the frame from that retrieve. The
 * request itself runs on to the archive's time limit (20 s by default), and the first paint
 * still draws it if it comes; but an archive stuck on that one frame no longer holds the whole
 * viewer for the time limit. A 512² CT frame takes well under a second on the slow link (20
 * Mbit/s, 40 ms).
 */
export const FIRST_FRAME_PATIENCE_MS = 3000;

/** Settles when `promise` does or when `late` does, whichever is first; never rejects. */
function settledWithin(promise: Promise<unknown>, late: Promise<void>): Promise<void> {
  return Promise.race([promise.then(noop, noop), late]);
}

function noop(): void {}

const NATIVE_SYNTAXES = new Set(['1.2.840.10008.1.2', '1.2.840.10008.1.2.1', '1.2.840.10008.1.2.2']);

function isNativeFrame(answer: FrameAnswer): boolean {
  const syntax = declaredTransferSyntax(firstPartContentType(new Uint8Array(answer.body)) ?? answer.contentType);
  return syntax !== undefined && NATIVE_SYNTAXES.has(syntax);
}

/** The single-series viewer link this page opened on, if it is one. */
export function seriesLinkOf(location: Pick<Location, 'pathname' | 'search'>): SeriesKey | undefined {
  const match = /^\/viewer\/([^/]+)\/([^/]+)\/?$/.exec(location.pathname);
  const params = new URLSearchParams(location.search);
  const series = params.get('series');
  if (!match?.[1] || !match[2] || !series || [...params.keys()].some((key) => key !== 'series')) return undefined;
  return { archiveId: decodeURIComponent(match[1]), study: decodeURIComponent(match[2]), series };
}

/** The hung-study viewer link this page opened on (no series, no grid, no other parameter), if it is one. */
export function studyLinkOf(location: Pick<Location, 'pathname' | 'search'>): StudyKey | undefined {
  const match = /^\/viewer\/([^/]+)\/([^/]+)\/?$/.exec(location.pathname);
  if (!match?.[1] || !match[2] || new URLSearchParams(location.search).size > 0) return undefined;
  return { archiveId: decodeURIComponent(match[1]), study: decodeURIComponent(match[2]) };
}

/**
 * The one study an IHE IID STUDY launch names, if that is all it names: `studyUID` once with a
 * single UID, no accession number, and a `patientID` at most once (split as ID^^^Issuer, for
 * the check in studyOfIidLaunch). Anything else waits for the app's own parser and search.
 */
export function iidStudyLaunchOf(location: Pick<Location, 'pathname' | 'search'>): IidStudyLaunch | undefined {
  if (location.pathname !== '/IHEInvokeImageDisplay') return undefined;
  const params = new URLSearchParams(location.search);
  const studies = params.getAll('studyUID');
  const patients = params.getAll('patientID');
  if (params.getAll('requestType').join() !== 'STUDY' || studies.length !== 1 || params.has('accessionNumber') || patients.length > 1) return undefined;
  const study = studies[0] ?? '';
  if (!/^[0-9.]+$/.test(study)) return undefined;
  if (patients[0] === undefined) return { study, patient: undefined };
  const [id = '', , , authority = ''] = patients[0].split('^');
  const issuer = authority.split('&')[0] ?? '';
  return id && issuer ? { study, patient: { id, issuer } } : undefined;
}

/**
 * The preview's size: a quarter of a 512² CT's pixels, a few kilobytes of JPEG, enough to know
 * which patient and which anatomy while the full frame is on a slow link.
 */
const PREVIEW_SIZE = 256;

type AuthHeaders = Readonly<Record<string, string>>;

async function fetchPreview(url: string, timeoutMs: number, authHeaders: AuthHeaders): Promise<Blob> {
  const response = await fetch(url, { headers: { ...authHeaders, Accept: 'image/jpeg' }, signal: AbortSignal.timeout(timeoutMs) });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return response.blob();
}

async function fetchFrame(url: string, timeoutMs: number, authHeaders: AuthHeaders): Promise<FrameAnswer> {
  const response = await fetch(url, { headers: { ...authHeaders, Accept: FRAME_IN_STORED_SYNTAX }, signal: AbortSignal.timeout(timeoutMs) });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return { body: await response.arrayBuffer(), contentType: response.headers.get('content-type') };
}

/**
 * The image at `index` of a stack ordered as the app orders it (one image per frame, as
 * series/seriesStack.ts imagesOf lays them out): its instance and frame number.
 */
export function imageAtIndex(ordered: readonly InstanceSummary[], index: number): { sopInstanceUid: string; frame: number } | undefined {
  let remaining = index;
  for (const instance of ordered) {
    const frames = Math.max(1, instance.numberOfFrames ?? 1);
    if (remaining < frames) return { sopInstanceUid: instance.sopInstanceUid, frame: remaining + 1 };
    remaining -= frames;
  }
  return undefined;
}

/**
 * After the instance list: the frame of the image the page shows first and the first instance's
 * metadata (what the app asks for: series/seriesStack.ts openSeriesStack), then the series'
 * metadata. A link's first image is the stack's first, which the 2D first paint may show; a board
 * cell's is the image the link names, shown only by the engine (a first paint of another image, at
 * its stored window, would show what the board did not share).
 */
async function askForFirstImage(opening: EarlySeries, archive: ArchiveConfig, instanceList: unknown, shownImage: number | undefined): Promise<void> {
  const { study, series, authHeaders } = opening;
  const ordered = orderStack(toInstanceSummaries(instanceList));
  const first = ordered[0];
  // Only an ordinary image stack: a video's or a slide's first frame is another matter.
  if (!first || contentKindOf({ sopClassUid: first.sopClassUid, numberOfFrames: first.numberOfFrames }) !== 'stack') return;
  const shown = shownImage === undefined ? { sopInstanceUid: first.sopInstanceUid, frame: 1 } : imageAtIndex(ordered, shownImage);
  if (!shown) return;
  const frameUrl = frameUrlOf(archive, study, series, shown.sopInstanceUid, shown.frame);
  const frame = kept(fetchFrame(frameUrl, archive.timeoutMs, authHeaders));
  const late = new Promise<void>((resolve) => setTimeout(resolve, FIRST_FRAME_PATIENCE_MS));
  opening.frames.set(frameUrl, { answer: frame, late });
  const inOrLate = settledWithin(frame, late);
  if (shownImage === undefined) {
    // A frame still not in by then is not drawn without the engine: the engine goes on.
    opening.isFirstFrameNative = Promise.race([frame.then(isNativeFrame, () => false), late.then(() => false)]);
    // Asked for beside the frame: a few kilobytes, shown only if it comes first (a slow link).
    const preview = kept(fetchPreview(renderedPreviewUrl(archive, study, series, first.sopInstanceUid, PREVIEW_SIZE), archive.timeoutMs, authHeaders));
    opening.firstFrame = { url: frameUrl, answer: frame, preview, inOrLate };
  }
  opening.firstMetadata.set(first.sopInstanceUid, kept(fetchJson(instanceMetadataUrl(archive, study, series, first.sopInstanceUid), archive.timeoutMs, undefined, authHeaders)));
  // The series' metadata (every slice's geometry) would share the link with the first frame.
  await inOrLate;
  opening.seriesMetadata?.();
}

/**
 * Opens a series early: its instance list, then its first image (`shownImage`: a board cell's
 * image, else the stack's first). `authHeaders`: an archive with sign-in's, from the app.
 */
function openSeriesEarly(link: SeriesKey, archive: ArchiveConfig, shownImage?: number, authHeaders: AuthHeaders = {}): EarlySeries {
  let seriesMetadata: Promise<unknown> | undefined;
  const opening: EarlySeries = {
    ...link,
    authHeaders,
    instanceList: kept(fetchJson(instanceListUrl(archive, link.study, link.series), archive.timeoutMs, undefined, authHeaders)),
    firstMetadata: new Map(),
    frames: new Map(),
    firstFrame: undefined,
    seriesMetadata: () => (seriesMetadata ??= kept(fetchJson(seriesMetadataUrl(archive, link.study, link.series), archive.timeoutMs, undefined, authHeaders))),
    isFirstFrameNative: undefined,
    firstImageAsked: Promise.resolve(),
  };
  opening.firstImageAsked = (opening.instanceList ?? Promise.resolve())
    .then((answer) => askForFirstImage(opening, archive, answer, shownImage))
    .catch(() => undefined);
  return opening;
}

/** What the hanging protocols read of a study (studyFactsOf): a study search's summary, or a timeline entry's. */
export interface StudyFactsSource {
  studyDate: string | undefined;
  studyDescription: string | undefined;
  bodyParts: readonly string[];
}

/**
 * The series the app will hang first for a study: from the study's summary and its series list,
 * by the reader's protocols (the same list the app reads). Undefined when either is missing (a
 * failed search, a study not found): the app then finds out for itself and says so.
 */
async function firstSeriesOfStudy(link: StudyKey, archive: ArchiveConfig, study: Promise<StudyFactsSource | undefined>, seriesList: Promise<readonly SeriesSummary[]>): Promise<string | undefined> {
  const [summary, series] = await Promise.all([study, seriesList]);
  if (!summary) return undefined;
  const facts = studyFactsOf(archive.id, link.study, summary, series);
  return firstStackSeriesOf(readerProtocols(() => window.localStorage), facts);
}

/** A study's search and series list, asked for (or, for the search, taken as asked) and kept for the app to adopt. */
function askForStudy(link: StudyKey, archive: ArchiveConfig, studySearch: Promise<unknown> | undefined): { study: Promise<StudySummary | undefined>; seriesList: Promise<readonly SeriesSummary[]> } {
  const search = studySearch ?? kept(fetchJson(studyByUidUrl(archive, link.study), archive.timeoutMs));
  const seriesList = kept(fetchJson(seriesListUrl(archive, link.study), archive.timeoutMs));
  earlyStudy = { archiveId: link.archiveId, study: link.study, studySearch: search, seriesList };
  return {
    study: search.then((answer) => toStudySummaries(archive.id, answer).find((candidate) => candidate.studyInstanceUid === link.study)),
    seriesList: seriesList.then((answer) => toSeriesSummaries(archive.id, link.study, answer)),
  };
}

/** Opens of the same study closer together than this are one open (a double click). */
const REPEATED_OPEN_MS = 1_500;
let lastInAppOpen: (StudyKey & { at: number }) | undefined;

/**
 * Opens a study from inside the app (a row of the study list, a study on the timeline): its first
 * image's requests start at the click, as a study link's do at page load (series list, first
 * series by the reader's protocols, instance list, first frame), not once the viewer's chunk has
 * loaded and its components have mounted. What the protocols read of the study is the list's
 * row or the timeline's entry (the same study search's answer). An archive with sign-in is asked
 * with the Authorization header the app's client sends it (`authHeaders`, its authHeaders()): the
 * token goes where it goes today, in a request header to that archive, and nowhere else; without
 * it (signed out) nothing is asked. This opening replaces any earlier one (the take functions key
 * on archive, study and series, so a viewer of another study never takes its answers).
 */
export function openStudyEarly(archive: ArchiveConfig, study: StudyFactsSource & Pick<StudySummary, 'archiveId' | 'studyInstanceUid'>, authHeaders: AuthHeaders = {}): void {
  if (study.archiveId !== archive.id) return;
  if (archive.auth.kind === 'bearer' ? !authHeaders.Authorization : archive.auth.kind !== 'none') return;
  const link = { archiveId: archive.id, study: study.studyInstanceUid };
  // A double click opens twice (a row opens on click): the second asks nothing again.
  const now = performance.now();
  if (lastInAppOpen && lastInAppOpen.archiveId === link.archiveId && lastInAppOpen.study === link.study && now - lastInAppOpen.at < REPEATED_OPEN_MS) return;
  lastInAppOpen = { ...link, at: now };
  const seriesAnswer = kept(fetchJson(seriesListUrl(archive, link.study), archive.timeoutMs, undefined, authHeaders));
  const opening = { ...link, studySearch: undefined, seriesList: seriesAnswer };
  earlyStudy = opening;
  early = undefined;
  const series = seriesAnswer.then((answer) => toSeriesSummaries(archive.id, link.study, answer));
  void firstSeriesOfStudy(link, archive, Promise.resolve(study), series)
    .then((first) => {
      // Still the study asked for: a later click may have opened another.
      if (first && earlyStudy === opening) early = openSeriesEarly({ ...link, series: first }, archive, undefined, authHeaders);
    })
    .catch(() => undefined);
}

/**
 * The study an IID STUDY launch opens, as the app will decide it (launch/iidStudyOutcome.ts),
 * or undefined: every archive without sign-in is asked for the study (the app adopts those
 * answers, and audits them, in its own search); once all have answered, the study is opened
 * early only where exactly one of them holds it, it has a patient ID, and that patient is the one
 * the launch names, if it names one (ID and issuer, exactly: no aliases). Any doubt leaves the
 * choice, and the first image, to the app, so the images of a study the app would refuse are
 * not fetched. (An archive with sign-in that also holds the study may be the one the app opens:
 * then the early requests are wasted, never shown.)
 */
export async function studyOfIidLaunch(launch: IidStudyLaunch, archives: readonly ArchiveConfig[]): Promise<{ link: StudyKey; archive: ArchiveConfig; studySearch: Promise<unknown> } | undefined> {
  const open = archives.filter((archive) => archive.auth.kind === 'none');
  const byArchive = new Map(open.map((archive) => [archive.id, kept(fetchJson(studyByUidUrl(archive, launch.study), archive.timeoutMs))]));
  // A copy for the app to take from: it may take an archive's answer (takeEarlyIidStudySearch)
  // before every archive has answered here, and the study link's search below is that same answer.
  earlyIidSearches = { study: launch.study, byArchive: new Map(byArchive) };
  const found = await Promise.all(
    open.map(async (archive) => {
      const answer = await byArchive.get(archive.id)?.catch(() => undefined);
      const study = toStudySummaries(archive.id, answer).find((candidate) => candidate.studyInstanceUid === launch.study);
      return study ? [{ archive, study }] : [];
    }),
  );
  const [only, ...others] = found.flat();
  if (!only || others.length > 0) return undefined;
  const { archive, study } = only;
  const issuer = study.issuerOfPatientId ?? archive.patientIdIssuer;
  if (!study.patientId || (launch.patient && (study.patientId !== launch.patient.id || issuer !== launch.patient.issuer))) return undefined;
  return { link: { archiveId: archive.id, study: launch.study }, archive, studySearch: byArchive.get(archive.id) as Promise<unknown> };
}

/**
 * config.json as the app will read it, or undefined where it is not valid (the app reads it
 * itself and says what is wrong). Called before the app can take the response, so this copy is
 * made before its body is read.
 */
async function validConfigOf(response: Promise<Response>): Promise<ViewerConfig | undefined> {
  try {
    const answer = await response;
    const parsed = answer.ok ? parseViewerConfig(await answer.clone().json()) : undefined;
    return parsed?.kind === 'valid' ? parsed.config : undefined;
  } catch {
    return undefined;
  }
}

/** Starts the requests; once per page. `baseUrl` is where the app is served (Vite's BASE_URL). */
export function startEarlyOpen(location: Pick<Location, 'pathname' | 'search' | 'hash'>, baseUrl: string): void {
  if (hasStarted) return;
  hasStarted = true;
  // No cache option: the server marks config.json no-cache, and this request must match the
  // page's <link rel="preload"> of it to reuse that download.
  const response = fetch(`${baseUrl}config.json`);
  configResponse = kept(response);
  const seriesLink = seriesLinkOf(location);
  const link: StudyKey | undefined = seriesLink ?? studyLinkOf(location);
  const iidLaunch = link ? undefined : iidStudyLaunchOf(location);
  const boardLink = link || iidLaunch ? undefined : boardLinkOf(location);
  if (!link && !iidLaunch && !boardLink) {
    decideEarly(undefined);
    // A timeline, by link or by an IID PATIENT launch: its first searches (earlyTimeline.ts).
    const timelineLink = timelineLinkOf(location);
    const patientLaunch = timelineLink ? undefined : iidPatientLaunchOf(location);
    // Nothing here may fail the page: the app asks for itself whatever the boot script could not.
    if (timelineLink) void validConfigOf(response).then((config) => config && startEarlyTimeline(timelineLink, config)).catch(() => undefined);
    if (patientLaunch) void validConfigOf(response).then((config) => config && startEarlyPatientLaunch(patientLaunch, config)).catch(() => undefined);
    // The study list: its opening search's first requests (earlyStudyList.ts).
    if (isStudyListPage(location)) void validConfigOf(response).then((config) => config && startEarlyStudyList(config)).catch(() => undefined);
    return;
  }
  // Read beside config.json's download: the link's decoder is a chunk of its own.
  const boardCell = boardLink ? boardCellOfLink(boardLink).catch(() => undefined) : undefined;
  void validConfigOf(response)
    .then(async (config) => {
      if (!config) return;
      if (boardCell) {
        const cell = await boardCell;
        const archive = cell && config.archives.find((candidate) => candidate.id === cell.archiveId);
        if (cell && archive?.auth.kind === 'none') early = openSeriesEarly({ archiveId: cell.archiveId, study: cell.study, series: cell.series }, archive, cell.image);
        return;
      }
      const launched = iidLaunch ? await studyOfIidLaunch(iidLaunch, config.archives) : undefined;
      const opened = launched?.link ?? link;
      const archive = launched?.archive ?? config.archives.find((candidate) => candidate.id === opened?.archiveId);
      if (!opened || !archive || archive.auth.kind !== 'none') return;
      let series = seriesLink?.series;
      if (!series) {
        const asked = askForStudy(opened, archive, launched?.studySearch);
        series = await firstSeriesOfStudy(opened, archive, asked.study, asked.seriesList);
      }
      if (series) early = openSeriesEarly({ archiveId: opened.archiveId, study: opened.study, series }, archive);
    })
    .catch(() => undefined) // the app reads config.json itself and reports what is wrong
    .finally(() => decideEarly(early));
}

const isSeries = (opening: EarlySeries | undefined, key: SeriesKey): opening is EarlySeries =>
  opening !== undefined && opening.archiveId === key.archiveId && opening.study === key.study && opening.series === key.series;

/** config.json's response if the boot script asked for it; once. */
export function takeEarlyConfigResponse(): Promise<Response> | undefined {
  const taken = configResponse;
  configResponse = undefined;
  return taken;
}

const isStudy = (key: StudyKey) => earlyStudy !== undefined && earlyStudy.archiveId === key.archiveId && earlyStudy.study === key.study;

/** The study link's study search (QIDO-RS by StudyInstanceUID), if the boot script made it; once. */
export function takeEarlyStudySearch(key: StudyKey): Promise<unknown> | undefined {
  if (!isStudy(key) || !earlyStudy) return undefined;
  const taken = earlyStudy.studySearch;
  earlyStudy.studySearch = undefined;
  return taken;
}

/** An IID STUDY launch's search of one archive for its study, if the boot script asked; once. */
export function takeEarlyIidStudySearch(archiveId: string, study: string): Promise<unknown> | undefined {
  if (earlyIidSearches?.study !== study) return undefined;
  const taken = earlyIidSearches.byArchive.get(archiveId);
  earlyIidSearches.byArchive.delete(archiveId);
  return taken;
}

/** The study link's series list, if the boot script asked for it; once. */
export function takeEarlySeriesList(key: StudyKey): Promise<unknown> | undefined {
  if (!isStudy(key) || !earlyStudy) return undefined;
  const taken = earlyStudy.seriesList;
  earlyStudy.seriesList = undefined;
  return taken;
}

export function takeEarlyInstanceList(key: SeriesKey): Promise<unknown> | undefined {
  if (!isSeries(early, key)) return undefined;
  const taken = early.instanceList;
  early.instanceList = undefined;
  return taken;
}

export function takeEarlyInstanceMetadata(key: SeriesKey, sopInstanceUid: string): Promise<unknown> | undefined {
  if (!isSeries(early, key)) return undefined;
  const taken = early.firstMetadata.get(sopInstanceUid);
  early.firstMetadata.delete(sopInstanceUid);
  return taken;
}

/** The series' metadata: the early request, started now if it had not been. */
export function takeEarlySeriesMetadata(key: SeriesKey): Promise<unknown> | undefined {
  if (!isSeries(early, key)) return undefined;
  const taken = early.seriesMetadata?.();
  early.seriesMetadata = undefined;
  return taken;
}

/** The early answer for a frame URL, if there is one; once. */
export function takeEarlyFrame(url: string): { answer: Promise<FrameAnswer>; late: Promise<void> } | undefined {
  const taken = early?.frames.get(url);
  early?.frames.delete(url);
  return taken;
}

/**
 * The early answers for the series' first frame, if `url` is that frame: the frame (it stays for
 * the rendering engine) and the archive's rendered preview of it.
 */
export function peekEarlyFirstFrame(url: string): { answer: Promise<FrameAnswer>; preview: Promise<Blob>; inOrLate: Promise<void> } | undefined {
  return early?.firstFrame?.url === url ? early.firstFrame : undefined;
}

/**
 * Whether this page's series' first frame was fetched early in a native syntax, which the 2D
 * first paint can draw without the rendering engine; false when no frame was fetched early, or
 * when it is late (FIRST_FRAME_PATIENCE_MS). Settles once that frame is in, failed or late, at
 * once on a page that opens nothing early.
 */
export async function isEarlyFirstFrameNative(): Promise<boolean> {
  if (!hasStarted) return false;
  const opening = await earlyDecided;
  if (!opening) return false;
  await opening.firstImageAsked;
  return (await opening.isFirstFrameNative) ?? false;
}

/**
 * Uses an early answer when there is one, else asks: an early request that failed is asked
 * again by the app's own client, whose errors say which archive failed and how.
 */
export async function adoptOrAsk<T>(earlyAnswer: Promise<unknown> | undefined, adopt: (answer: unknown) => T | Promise<T>, ask: () => Promise<T>): Promise<T> {
  if (!earlyAnswer) return ask();
  let answer: unknown;
  try {
    answer = await earlyAnswer;
  } catch {
    return ask();
  }
  return adopt(answer);
}
