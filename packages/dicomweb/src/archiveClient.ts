import type { DicomJson } from '@longview/dicom-meta';
import type { ArchiveConfig } from './config';
import { ArchiveError, MAX_ANSWER_BYTES, RequestCancelled, type ArchiveErrorKind } from './errors';
import { dicomwebRequests, ownedRequest, type DicomwebRequests, type OwnedRequest } from './dicomwebRequests';
import { base64ToBytes, bulkDataUrlOnRoot, firstPartBody, lutEntries, pendingPaletteData } from './bulkData';
import { ARCHIVE_PROFILES, type ArchiveProfile, type StudyListPage } from './profiles';
import { searchMatchingStudies, searchStudyList, todayInUtc, type AskStudies } from './studySearch';
import { INSTANCE_INCLUDE_FIELDS, SERIES_INCLUDE_FIELDS, type StudyQuery } from './query';
import { frameUrlOf } from './resourceUrls';
import { SharedAnswers } from './sharedAnswers';
import { multipartRelatedBody, noStoreAnswer, randomBoundary, readStoreAnswer, storeContentType, storeFailure, writeAccessOf, type StoreResult, type WriteAccess } from './stow';
import {
  MalformedResponse,
  toPatientIdentifiers,
  toInstanceSummaries,
  toSeriesSummaries,
  toStudySummaries,
  type InstanceSummary,
  type PatientIdentifier,
  type SeriesSummary,
  type StudySummary,
} from './summaries';

/** Supplies the bearer token for archives configured with `auth.kind = "bearer"`. */
export type TokenSource = () => string | undefined;

/**
 * One DICOMweb archive: QIDO-RS search and WADO-RS metadata/rendered retrieval over
 * dicomweb-client, STOW-RS storing of results, with cancellation, a time limit and typed errors. Construct one per
 * configured archive; it holds no global state.
 */
/** Series whose metadata a client keeps: a PET/CT's CT, PET and SEG and a prior's, with room to spare. */
const SERIES_METADATA_KEPT = 8;

export class ArchiveClient {
  readonly config: ArchiveConfig;
  readonly profile: ArchiveProfile;
  private readonly qido: DicomwebRequests;
  private readonly wado: DicomwebRequests;
  private readonly tokenSource: TokenSource | undefined;
  /** Series metadata, asked once however many parts of the page want it (sharedAnswers.ts). */
  private readonly seriesMetadata = new SharedAnswers<DicomJson[]>(SERIES_METADATA_KEPT);

  constructor(config: ArchiveConfig, tokenSource?: TokenSource) {
    this.config = config;
    this.tokenSource = tokenSource;
    this.profile = ARCHIVE_PROFILES[config.profile];
    this.qido = dicomwebRequests(config.qidoRoot);
    this.wado = dicomwebRequests(config.wadoRoot);
  }

  get id(): string {
    return this.config.id;
  }

  /**
   * QIDO-RS study search. Pages through archives that page (limit/offset) until `query.limit`
   * or the end; filters locally for archives that cannot, so every archive answers alike.
   * `firstAnswer` is the answer to its first request (firstStudySearchParams) where the page's
   * boot script has asked it already; the search carries on from there.
   */
  async searchStudies(query: StudyQuery, signal?: AbortSignal, firstAnswer?: Promise<unknown>): Promise<StudySummary[]> {
    return (await searchMatchingStudies(this.profile, query, this.askStudies(signal, firstAnswer))).studies;
  }

  /**
   * The study list's search (studySearch.ts searchStudyList): the `limit` newest studies, and
   * whether the archive holds more. `earlyPage` is the same search as the page's boot script ran
   * it before the app had loaded (apps/viewer/src/boot/earlyStudyList.ts), taken as the answer;
   * where it failed, the search is asked here, so that its error says what went wrong.
   */
  async searchStudyList(query: StudyQuery & { limit: number }, signal?: AbortSignal, earlyPage?: Promise<StudyListPage>): Promise<StudyListPage> {
    if (earlyPage) {
      try {
        return await earlyPage;
      } catch {
        // Asked again below.
      }
    }
    return searchStudyList(this.profile, query, todayInUtc(), this.askStudies(signal));
  }

  /** How this client asks one study search request; the first one answered by `firstAnswer` where there is one. */
  private askStudies(signal: AbortSignal | undefined, firstAnswer?: Promise<unknown>): AskStudies {
    let early = firstAnswer;
    return async (queryParams) => {
      const answer = early;
      early = undefined;
      if (answer) {
        try {
          return this.studySummariesOf(await answer);
        } catch {
          // An early request that failed is asked again, so that the error says what went wrong.
        }
      }
      return this.searchStudyPage(queryParams, signal);
    };
  }

  private async searchStudyPage(queryParams: Record<string, string>, signal: AbortSignal | undefined): Promise<StudySummary[]> {
    const response = await this.call(signal, (request) => this.qido.searchForStudies({ queryParams, request }));
    return this.studySummariesOf(response);
  }

  /**
   * The patient's identifiers in other assigning authorities, from OtherPatientIDsSequence
   * (PS3.3 C.7.1.1): what the QIDO answer carried, or else the metadata of one instance of
   * the study, since archives such as Orthanc never return sequences from QIDO-RS.
   */
  async otherPatientIds(study: Pick<StudySummary, 'studyInstanceUid' | 'otherPatientIds'>, signal?: AbortSignal): Promise<PatientIdentifier[]> {
    if (study.otherPatientIds !== undefined) return study.otherPatientIds;
    const metadata = await this.oneInstanceMetadata(study.studyInstanceUid, signal);
    return metadata ? (toPatientIdentifiers(metadata) ?? []) : [];
  }

  /**
   * The OtherPatientIDs in an instance metadata answer of this archive (the boot script's one
   * instance of a study, see resourceUrls.ts firstInstanceUrl), or none for a study without
   * instances (`null`).
   */
  otherPatientIdsIn(metadataAnswer: unknown): PatientIdentifier[] {
    if (metadataAnswer === null) return [];
    return toPatientIdentifiers(this.firstMetadataOf(metadataAnswer)) ?? [];
  }

  /**
   * The metadata of one instance of a study (whichever the archive lists first), for what only
   * sequences say and QIDO-RS does not return; undefined when the study lists no instance.
   */
  async oneInstanceMetadata(studyInstanceUid: string, signal?: AbortSignal): Promise<DicomJson | undefined> {
    const response = await this.call(signal, (request) =>
      this.qido.searchForInstances({ studyInstanceUID: studyInstanceUid, queryParams: { limit: '1' }, request }),
    );
    const [instance] = this.normalise(() => toInstanceSummaries(response));
    if (!instance?.seriesInstanceUid) return undefined;
    return this.retrieveInstanceMetadata(studyInstanceUid, instance.seriesInstanceUid, instance.sopInstanceUid, signal);
  }

  async searchSeries(studyInstanceUid: string, signal?: AbortSignal): Promise<SeriesSummary[]> {
    const response = await this.call(signal, (request) =>
      this.qido.searchForSeries({
        studyInstanceUID: studyInstanceUid,
        queryParams: { includefield: SERIES_INCLUDE_FIELDS.join(',') },
        request,
      }),
    );
    return this.seriesSummariesOf(studyInstanceUid, response);
  }

  /** A series search answer of this archive (the boot script's, say), checked and summarised. */
  seriesSummariesOf(studyInstanceUid: string, answer: unknown): SeriesSummary[] {
    return this.normalise(() => toSeriesSummaries(this.config.id, studyInstanceUid, answer));
  }

  /** A study search answer of this archive, checked and summarised. */
  studySummariesOf(answer: unknown): StudySummary[] {
    return this.normalise(() => toStudySummaries(this.config.id, answer));
  }

  async searchInstances(
    studyInstanceUid: string,
    seriesInstanceUid: string,
    signal?: AbortSignal,
    options: { limit?: number; extraFields?: readonly string[] } = {},
  ): Promise<InstanceSummary[]> {
    // Extra fields only where asked: an archive may read every file for a tag it does not index.
    const queryParams: Record<string, string> = { includefield: [...INSTANCE_INCLUDE_FIELDS, ...(options.extraFields ?? [])].join(',') };
    if (options.limit !== undefined) queryParams.limit = String(options.limit);
    const response = await this.call(signal, (request) =>
      this.qido.searchForInstances({
        studyInstanceUID: studyInstanceUid,
        seriesInstanceUID: seriesInstanceUid,
        queryParams,
        request,
      }),
    );
    // A static tree returns every instance whatever the limit.
    const instances = this.instanceSummariesOf(response);
    return options.limit === undefined ? instances : instances.slice(0, options.limit);
  }

  async retrieveInstanceMetadata(studyInstanceUid: string, seriesInstanceUid: string, sopInstanceUid: string, signal?: AbortSignal): Promise<DicomJson> {
    const response = await this.call(signal, (request) =>
      this.wado.retrieveInstanceMetadata({
        studyInstanceUID: studyInstanceUid,
        seriesInstanceUID: seriesInstanceUid,
        sopInstanceUID: sopInstanceUid,
        request,
      }),
    );
    return this.instanceMetadataOf(response, signal);
  }

  /**
   * An instance search answer of this archive as summaries, whoever asked for it: this client,
   * or the page's boot code before the client had loaded (resourceUrls.ts).
   */
  instanceSummariesOf(answer: unknown): InstanceSummary[] {
    return this.normalise(() => toInstanceSummaries(answer));
  }

  /** An instance metadata answer of this archive, checked and with its palette data inlined. */
  async instanceMetadataOf(answer: unknown, signal?: AbortSignal): Promise<DicomJson> {
    const metadata = this.firstMetadataOf(answer);
    await this.inlinePaletteData([metadata], signal);
    return metadata;
  }

  /** The instance of an instance metadata answer (a list of one, or the instance itself), checked. */
  private firstMetadataOf(answer: unknown): DicomJson {
    return this.normalise(() => {
      const first: unknown = (Array.isArray(answer) ? answer : [answer])[0];
      if (typeof first !== 'object' || first === null) throw new MalformedResponse('instance metadata is empty');
      return first as DicomJson;
    });
  }

  /** WADO-RS series metadata; one request however many ask for the same series at once or soon after. */
  retrieveSeriesMetadata(studyInstanceUid: string, seriesInstanceUid: string, signal?: AbortSignal): Promise<DicomJson[]> {
    return this.seriesMetadata.get(
      `${studyInstanceUid}/${seriesInstanceUid}`,
      async () => {
        const response = await this.call(undefined, (request) =>
          this.wado.retrieveSeriesMetadata({ studyInstanceUID: studyInstanceUid, seriesInstanceUID: seriesInstanceUid, request }),
        );
        return this.seriesMetadataOf(response);
      },
      signal,
    );
  }

  /** A series metadata answer of this archive, checked and with its palette data inlined. */
  async seriesMetadataOf(answer: unknown, signal?: AbortSignal): Promise<DicomJson[]> {
    const list = this.normalise(() => {
      if (!Array.isArray(answer)) throw new MalformedResponse('series metadata is not an array');
      return answer as DicomJson[];
    });
    await this.inlinePaletteData(list, signal);
    return list;
  }

  /**
   * Replaces palette colour LUT bulk data with its values, in place: the image loader reads
   * LUTs only from Value, and without them a PALETTE COLOR image cannot be shown at all.
   * Tables shared by many instances are fetched once per distinct address.
   */
  private async inlinePaletteData(list: DicomJson[], signal: AbortSignal | undefined): Promise<void> {
    const fetched = new Map<string, Promise<Uint8Array>>();
    const jobs = list.flatMap((metadata) =>
      pendingPaletteData(metadata).map(async ({ tag, descriptorTag, attribute }) => {
        let bytes: Uint8Array;
        if (attribute.InlineBinary) {
          bytes = base64ToBytes(attribute.InlineBinary);
        } else {
          const url = bulkDataUrlOnRoot(attribute.BulkDataURI ?? '', this.config.wadoRoot);
          let pending = fetched.get(url);
          if (!pending) {
            pending = this.call(signal, (request) => this.wado.retrieveBulkData({ BulkDataURI: url, request })).then(
              (response) => firstPartBody(new Uint8Array(this.binaryBody(response, 'palette lookup table'))),
            );
            fetched.set(url, pending);
          }
          bytes = await pending;
        }
        metadata[tag] = { vr: attribute.vr, Value: lutEntries(bytes, metadata[descriptorTag]) };
      }),
    );
    await Promise.all(jobs);
  }

  /** A small JPEG of the instance, rendered by the archive (WADO-RS rendered, PS3.18 10.4.1.1.3). */
  async retrieveThumbnail(studyInstanceUid: string, seriesInstanceUid: string, sopInstanceUid: string, signal?: AbortSignal): Promise<Blob> {
    const response = await this.call(signal, (request) =>
      this.wado.retrieveInstanceRendered({
        studyInstanceUID: studyInstanceUid,
        seriesInstanceUID: seriesInstanceUid,
        sopInstanceUID: sopInstanceUid,
        mediaTypes: [{ mediaType: 'image/jpeg' }],
        queryParams: { viewport: '128,128' },
        request,
      }),
    );
    return new Blob([this.binaryBody(response, 'rendered image')], { type: 'image/jpeg' });
  }

  /**
   * One stored instance as its Part-10 file (WADO-RS, `application/dicom; transfer-syntax=*`,
   * PS3.18 10.4.1.1.1): the archive returns the file byte for byte, in the syntax it stored,
   * so an export carries the original pixels. Plain fetch, not dicomweb-client, because its
   * multipart parser copies the whole body again.
   */
  async retrieveStoredInstance(studyInstanceUid: string, seriesInstanceUid: string, sopInstanceUid: string, signal?: AbortSignal): Promise<Uint8Array> {
    const url = `${this.config.wadoRoot}/studies/${studyInstanceUid}/series/${seriesInstanceUid}/instances/${sopInstanceUid}`;
    return this.fetchFirstPart(url, 'multipart/related; type="application/dicom"; transfer-syntax=*', signal);
  }

  /**
   * The bytes of one binary attribute from instance metadata (an encapsulated PDF, waveform
   * samples): decoded from InlineBinary, or fetched from its BulkDataURI through this
   * archive's own root (PS3.18 10.4.1.1.2), whose multipart answer is unwrapped. Plain fetch,
   * like retrieveStoredInstance, so the body is read once.
   */
  async retrieveBulkData(attribute: { BulkDataURI?: string; InlineBinary?: string }, signal?: AbortSignal): Promise<Uint8Array> {
    if (attribute.InlineBinary !== undefined) return base64ToBytes(attribute.InlineBinary);
    if (!attribute.BulkDataURI) {
      throw this.error('malformed', { detail: 'binary attribute without data' });
    }
    return this.fetchFirstPart(bulkDataUrlOnRoot(attribute.BulkDataURI, this.config.wadoRoot), 'multipart/related; type="application/octet-stream"', signal);
  }

  /** The body of the first part of a multipart answer, read once with plain fetch. */
  private async fetchFirstPart(url: string, accept: string, signal: AbortSignal | undefined): Promise<Uint8Array> {
    if (signal?.aborted) throw new RequestCancelled();
    this.assertSignedIn();
    const timeout = AbortSignal.timeout(this.config.timeoutMs);
    try {
      const response = await fetch(url, {
        headers: { ...this.authHeaders(), Accept: accept },
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
      if (!response.ok) throw this.toArchiveError({ status: response.status });
      return firstPartBody(new Uint8Array(await response.arrayBuffer()));
    } catch (error) {
      if (signal?.aborted) throw new RequestCancelled();
      throw error instanceof ArchiveError ? error : this.toArchiveError(error);
    }
  }

  /** Whether results (SR, KOS) can be stored into this archive, and why not when they cannot. */
  writeAccess(): WriteAccess {
    return writeAccessOf(this.config);
  }

  /**
   * Stores Part-10 files with STOW-RS (PS3.18 10.5): one POST of `multipart/related;
   * type="application/dicom"` to `<stowRoot>/studies`. The archive's answer, or the lack of
   * one, comes back as a StoreResult that says whether sending again later can help; it never
   * throws for it. Only the caller's `signal` ends it with RequestCancelled. Plain fetch, not
   * dicomweb-client's storeInstances: that one sets no Accept, resolves a 202 with an unread
   * body, and runs on an XMLHttpRequest of its own that our signal cannot abort.
   */
  async storeInstances(files: ArrayBuffer[], signal?: AbortSignal): Promise<StoreResult> {
    const access = this.writeAccess();
    if (access.kind === 'read-only') return storeFailure('read-only', access.reason);
    if (signal?.aborted) throw new RequestCancelled();
    if (files.length === 0) return { kind: 'stored', sopInstanceUids: [] };
    const isBearer = this.config.auth.kind === 'bearer';
    if (isBearer && !this.tokenSource?.()) return storeFailure('sign-in-needed', `${this.config.name} needs you to sign in before results can be stored.`);
    const boundary = randomBoundary();
    const timeout = AbortSignal.timeout(this.config.timeoutMs);
    try {
      // writeAccess() said there is a STOW-RS root.
      const response = await fetch(`${this.config.stowRoot ?? ''}/studies`, {
        method: 'POST',
        headers: { ...this.authHeaders(), Accept: 'application/dicom+json', 'Content-Type': storeContentType(boundary) },
        body: multipartRelatedBody(files, boundary),
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
      return readStoreAnswer({ name: this.config.name, isBearer }, response.status, await response.text());
    } catch {
      if (signal?.aborted) throw new RequestCancelled();
      return noStoreAnswer(this.config.name);
    } finally {
      // Whatever was stored may have joined a series whose metadata is kept: ask afresh.
      this.seriesMetadata.clear();
    }
  }

  /** WADO-RS frame URL; the frame number is 1-based (PS3.18 10.4.1.1.5). */
  frameUrl(studyInstanceUid: string, seriesInstanceUid: string, sopInstanceUid: string, frame: number): string {
    return frameUrlOf(this.config, studyInstanceUid, seriesInstanceUid, sopInstanceUid, frame);
  }

  /** A bearer archive without a token would only answer 401: say "sign in" without asking it. */
  private assertSignedIn(): void {
    if (this.config.auth.kind === 'bearer' && !this.tokenSource?.()) {
      throw this.error('unauthorized');
    }
  }

  /** Headers every request to this archive needs (Authorization for bearer archives). */
  authHeaders(): Record<string, string> {
    if (this.config.auth.kind !== 'bearer') return {};
    const token = this.tokenSource?.();
    return token ? { Authorization: `Bearer ${token}` } : {};
  }

  /**
   * Runs one dicomweb-client request on an XMLHttpRequest we own, so that the caller's
   * AbortSignal and our time limit can abort it, and maps failures to ArchiveError.
   */
  private async call<T>(signal: AbortSignal | undefined, send: (request: OwnedRequest) => Promise<T>): Promise<T> {
    if (signal?.aborted) throw new RequestCancelled();
    this.assertSignedIn();
    const xhr = ownedRequest(this.authHeaders());
    xhr.timeout = this.config.timeoutMs;
    const abort = () => xhr.abort();
    signal?.addEventListener('abort', abort, { once: true });
    let isTooLarge = false;
    // Not the XHR's own 'timeout' event: it fires after readystatechange, when dicomweb-client has
    // already rejected. An answerless failure at or past the limit is the time limit's doing.
    const startedAt = performance.now();
    xhr.addEventListener('progress', (event) => {
      if (event.loaded > MAX_ANSWER_BYTES && !isTooLarge) {
        isTooLarge = true;
        xhr.abort();
      }
    });
    try {
      return await send({ instance: xhr });
    } catch (error) {
      if (signal?.aborted) throw new RequestCancelled();
      if (isTooLarge) throw this.error('too-large', { detail: `over ${MAX_ANSWER_BYTES} bytes` });
      if (!httpStatusOf(error) && performance.now() - startedAt >= this.config.timeoutMs) {
        throw this.error('unavailable', { timedOut: true, detail: `no answer within ${this.config.timeoutMs} ms` });
      }
      throw this.toArchiveError(error);
    } finally {
      signal?.removeEventListener('abort', abort);
    }
  }

  private normalise<T>(convert: () => T): T {
    try {
      return convert();
    } catch (error) {
      if (error instanceof MalformedResponse) {
        throw this.error('malformed', { detail: error.message });
      }
      throw error;
    }
  }

  /**
   * The one buffer of a binary answer. dicomweb-client answers binary resources sometimes as
   * one buffer and sometimes as the list of multipart parts; the first part is the resource.
   */
  private binaryBody(response: unknown, what: string): ArrayBuffer {
    const body: unknown = Array.isArray(response) ? response[0] : response;
    if (!(body instanceof ArrayBuffer) || body.byteLength === 0) throw this.error('malformed', { detail: `empty ${what}` });
    return body;
  }

  /** An ArchiveError of this archive. */
  private error(kind: ArchiveErrorKind, extra: { status?: number; detail?: string; timedOut?: boolean } = {}): ArchiveError {
    return new ArchiveError({ kind, archiveId: this.config.id, archiveName: this.config.name, ...extra });
  }

  private toArchiveError(error: unknown): ArchiveError {
    if (error instanceof SyntaxError) return this.error('malformed', { detail: 'invalid JSON' });
    const status = httpStatusOf(error);
    if (!status || status >= 500 || status === 429 || status === 408) return this.error('unavailable', status ? { status } : {});
    if (status === 404) return this.error('not-found', { status });
    if ((status === 401 || status === 403) && this.config.auth.kind === 'bearer') return this.error('unauthorized', { status });
    return this.error('rejected', { status });
  }
}

/** The HTTP status a failed request carries (dicomweb-client rejects with the XHR's `status`), if any. */
function httpStatusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('status' in error)) return undefined;
  return typeof error.status === 'number' ? error.status : undefined;
}
