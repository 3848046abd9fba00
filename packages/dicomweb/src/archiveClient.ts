import { api } from 'dicomweb-client';
import type { DicomJson } from '@longview/dicom-meta';
import type { ArchiveConfig } from './config';
import { ArchiveError, MAX_ANSWER_BYTES, RequestCancelled } from './errors';
import { base64ToBytes, bulkDataUrlOnRoot, firstPartBody, lutEntries, pendingPaletteData } from './bulkData';
import { ARCHIVE_PROFILES, collectPages, matchesStudyQuery, type ArchiveProfile } from './profiles';
import { INSTANCE_INCLUDE_FIELDS, toStudyQueryParams, type StudyQuery } from './query';
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

interface HttpFailure {
  status?: number;
}

/**
 * One DICOMweb archive: QIDO-RS search and WADO-RS metadata/rendered retrieval over
 * dicomweb-client, with cancellation, a time limit and typed errors. Construct one per
 * configured archive; it holds no global state.
 */
export class ArchiveClient {
  readonly config: ArchiveConfig;
  readonly profile: ArchiveProfile;
  private readonly qido: api.DICOMwebClient;
  private readonly wado: api.DICOMwebClient;
  private readonly tokenSource: TokenSource | undefined;

  constructor(config: ArchiveConfig, tokenSource?: TokenSource) {
    this.config = config;
    this.tokenSource = tokenSource;
    this.profile = ARCHIVE_PROFILES[config.profile];
    this.qido = new api.DICOMwebClient({ url: config.qidoRoot, singlepart: 'bulkdata,video,image', verbose: false });
    this.wado = new api.DICOMwebClient({ url: config.wadoRoot, singlepart: 'bulkdata,video,image', verbose: false });
  }

  get id(): string {
    return this.config.id;
  }

  /**
   * QIDO-RS study search. Pages through archives that page (limit/offset) until `query.limit`
   * or the end; filters locally for archives that cannot, so every archive answers alike.
   */
  async searchStudies(query: StudyQuery, signal?: AbortSignal): Promise<StudySummary[]> {
    const { pageSize, filtersOnServer } = this.profile;
    if (!filtersOnServer) {
      const all = await this.searchStudyPage(toStudyQueryParams({}), signal);
      const matching = all.filter((study) => matchesStudyQuery(study, query));
      return query.limit === undefined ? matching : matching.slice(0, query.limit);
    }
    const params = toStudyQueryParams(query);
    if (pageSize === undefined) return this.searchStudyPage(params, signal);
    return collectPages(pageSize, query.limit, (limit, offset) =>
      this.searchStudyPage({ ...params, limit: String(limit), offset: String(offset) }, signal),
    );
  }

  private async searchStudyPage(queryParams: Record<string, string>, signal: AbortSignal | undefined): Promise<StudySummary[]> {
    const response = await this.call(signal, (request) => this.qido.searchForStudies({ queryParams, request } as never));
    return this.normalise(() => toStudySummaries(this.config.id, response));
  }

  /**
   * The patient's identifiers in other assigning authorities, from OtherPatientIDsSequence
   * (PS3.3 C.7.1.1): what the QIDO answer carried, or else the metadata of one instance of
   * the study, since archives such as Orthanc never return sequences from QIDO-RS.
   */
  async otherPatientIds(study: Pick<StudySummary, 'studyInstanceUid' | 'otherPatientIds'>, signal?: AbortSignal): Promise<PatientIdentifier[]> {
    if (study.otherPatientIds !== undefined) return study.otherPatientIds;
    const response = await this.call(signal, (request) =>
      this.qido.searchForInstances({ studyInstanceUID: study.studyInstanceUid, queryParams: { limit: '1' }, request } as never),
    );
    const [instance] = this.normalise(() => toInstanceSummaries(response));
    if (!instance?.seriesInstanceUid) return [];
    const metadata = await this.retrieveInstanceMetadata(study.studyInstanceUid, instance.seriesInstanceUid, instance.sopInstanceUid, signal);
    return toPatientIdentifiers(metadata) ?? [];
  }

  async searchSeries(studyInstanceUid: string, signal?: AbortSignal): Promise<SeriesSummary[]> {
    const response = await this.call(signal, (request) =>
      this.qido.searchForSeries({
        studyInstanceUID: studyInstanceUid,
        queryParams: { includefield: '00201209' },
        request,
      } as never),
    );
    return this.normalise(() => toSeriesSummaries(this.config.id, studyInstanceUid, response));
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
      } as never),
    );
    // A static tree returns every instance whatever the limit.
    const instances = this.normalise(() => toInstanceSummaries(response));
    return options.limit === undefined ? instances : instances.slice(0, options.limit);
  }

  async retrieveInstanceMetadata(study: string, series: string, sop: string, signal?: AbortSignal): Promise<DicomJson> {
    const response = await this.call(signal, (request) =>
      this.wado.retrieveInstanceMetadata({ studyInstanceUID: study, seriesInstanceUID: series, sopInstanceUID: sop, request } as never),
    );
    const metadata = this.normalise(() => {
      const list = Array.isArray(response) ? response : [response];
      const first = list[0];
      if (typeof first !== 'object' || first === null) throw new MalformedResponse('instance metadata is empty');
      return first as DicomJson;
    });
    await this.inlinePaletteData([metadata], signal);
    return metadata;
  }

  async retrieveSeriesMetadata(study: string, series: string, signal?: AbortSignal): Promise<DicomJson[]> {
    const response = await this.call(signal, (request) =>
      this.wado.retrieveSeriesMetadata({ studyInstanceUID: study, seriesInstanceUID: series, request } as never),
    );
    const list = this.normalise(() => {
      if (!Array.isArray(response)) throw new MalformedResponse('series metadata is not an array');
      return response as DicomJson[];
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
            pending = this.call(signal, (request) => this.wado.retrieveBulkData({ BulkDataURI: url, request } as never)).then(
              (body: unknown) => firstPartBody(new Uint8Array(singleBody(body) as ArrayBuffer)),
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
  async retrieveThumbnail(study: string, series: string, sop: string, signal?: AbortSignal): Promise<Blob> {
    const response = await this.call(signal, (request) =>
      this.wado.retrieveInstanceRendered({
        studyInstanceUID: study,
        seriesInstanceUID: series,
        sopInstanceUID: sop,
        mediaTypes: [{ mediaType: 'image/jpeg' }],
        queryParams: { viewport: '128,128' },
        request,
      } as never),
    );
    const body = singleBody(response);
    if (!(body instanceof ArrayBuffer) || body.byteLength === 0) {
      throw new ArchiveError({ kind: 'malformed', archiveId: this.config.id, archiveName: this.config.name, detail: 'empty rendered image' });
    }
    return new Blob([body], { type: 'image/jpeg' });
  }

  /**
   * One stored instance as its Part-10 file (WADO-RS, `application/dicom; transfer-syntax=*`,
   * PS3.18 10.4.1.1.1): the archive returns the file byte for byte, in the syntax it stored,
   * so an export carries the original pixels. Plain fetch, not dicomweb-client, because its
   * multipart parser copies the whole body again.
   */
  async retrieveStoredInstance(study: string, series: string, sop: string, signal?: AbortSignal): Promise<Uint8Array> {
    const url = `${this.config.wadoRoot}/studies/${study}/series/${series}/instances/${sop}`;
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
      throw new ArchiveError({ kind: 'malformed', archiveId: this.config.id, archiveName: this.config.name, detail: 'binary attribute without data' });
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

  /** WADO-RS frame URL; the frame number is 1-based (PS3.18 10.4.1.1.5). */
  frameUrl(study: string, series: string, sop: string, frame: number): string {
    return `${this.config.wadoRoot}/studies/${study}/series/${series}/instances/${sop}/frames/${frame}`;
  }

  /** A bearer archive without a token would only answer 401: say "sign in" without asking it. */
  private assertSignedIn(): void {
    if (this.config.auth.kind === 'bearer' && !this.tokenSource?.()) {
      throw new ArchiveError({ kind: 'unauthorized', archiveId: this.config.id, archiveName: this.config.name });
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
  private async call<T>(signal: AbortSignal | undefined, send: (request: { instance: XMLHttpRequest }) => Promise<T> | T): Promise<T> {
    if (signal?.aborted) throw new RequestCancelled();
    this.assertSignedIn();
    const xhr = new XMLHttpRequest();
    xhr.timeout = this.config.timeoutMs;
    const abort = () => xhr.abort();
    signal?.addEventListener('abort', abort, { once: true });
    let isTooLarge = false;
    xhr.addEventListener('progress', (event) => {
      if (event.loaded > MAX_ANSWER_BYTES && !isTooLarge) {
        isTooLarge = true;
        xhr.abort();
      }
    });
    const auth = this.authHeaders();
    const originalOpen = xhr.open.bind(xhr);
    // dicomweb-client calls open() itself; headers can only be set after it, so hook it.
    xhr.open = ((...args: Parameters<XMLHttpRequest['open']>) => {
      // dicomweb-client percent-encodes the commas of list parameters (includefield=a,b;
      // viewport=w,h). PS3.18 8.3.4 lists are comma-separated and Orthanc does not decode
      // %2C there, silently dropping the fields; a literal comma is legal in a query.
      args[1] = String(args[1]).replace(/%2C/gi, ',');
      (originalOpen as (...a: unknown[]) => void)(...args);
      for (const [name, value] of Object.entries(auth)) xhr.setRequestHeader(name, value);
    }) as XMLHttpRequest['open'];
    try {
      return await send({ instance: xhr });
    } catch (error) {
      if (signal?.aborted) throw new RequestCancelled();
      if (isTooLarge) {
        throw new ArchiveError({ kind: 'too-large', archiveId: this.config.id, archiveName: this.config.name, detail: `over ${MAX_ANSWER_BYTES} bytes` });
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
        throw new ArchiveError({ kind: 'malformed', archiveId: this.config.id, archiveName: this.config.name, detail: error.message });
      }
      throw error;
    }
  }

  private toArchiveError(error: unknown): ArchiveError {
    const status = (error as HttpFailure | undefined)?.status;
    const base = { archiveId: this.config.id, archiveName: this.config.name };
    if (error instanceof SyntaxError) return new ArchiveError({ ...base, kind: 'malformed', detail: 'invalid JSON' });
    if (!status || status >= 500 || status === 429 || status === 408) {
      return new ArchiveError({ ...base, kind: 'unavailable', ...(status ? { status } : {}) });
    }
    if (status === 404) return new ArchiveError({ ...base, kind: 'not-found', status });
    if ((status === 401 || status === 403) && this.config.auth.kind === 'bearer') return new ArchiveError({ ...base, kind: 'unauthorized', status });
    return new ArchiveError({ ...base, kind: 'rejected', status });
  }
}

/**
 * dicomweb-client answers binary resources (rendered images, bulk data) sometimes as one
 * buffer and sometimes as the list of multipart parts; the first part is the resource.
 */
function singleBody(response: unknown): unknown {
  return Array.isArray(response) ? response[0] : response;
}
