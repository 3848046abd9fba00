import { api } from 'dicomweb-client';

/** The XMLHttpRequest a request runs on: ours, so that we can abort it and time it out. */
export interface OwnedRequest {
  instance: XMLHttpRequest;
}

type QueryParams = Record<string, string>;

/**
 * The part of dicomweb-client that Longview uses, typed as the library behaves at run time.
 * Its published declarations (0.11, generated from JSDoc) differ: searches are declared to
 * return arrays although they return promises, several option types lack `request`, and
 * retrieveBulkData demands `mediaTypes` and `byteRange`. Answers are `unknown` here because
 * an archive may send anything; `summaries.ts` checks their shape.
 */
export interface DicomwebRequests {
  searchForStudies(options: { queryParams: QueryParams; request: OwnedRequest }): Promise<unknown>;
  searchForSeries(options: { studyInstanceUID: string; queryParams: QueryParams; request: OwnedRequest }): Promise<unknown>;
  searchForInstances(options: {
    studyInstanceUID: string;
    seriesInstanceUID?: string;
    queryParams: QueryParams;
    request: OwnedRequest;
  }): Promise<unknown>;
  retrieveInstanceMetadata(options: {
    studyInstanceUID: string;
    seriesInstanceUID: string;
    sopInstanceUID: string;
    request: OwnedRequest;
  }): Promise<unknown>;
  retrieveSeriesMetadata(options: { studyInstanceUID: string; seriesInstanceUID: string; request: OwnedRequest }): Promise<unknown>;
  retrieveInstanceRendered(options: {
    studyInstanceUID: string;
    seriesInstanceUID: string;
    sopInstanceUID: string;
    mediaTypes: { mediaType: string }[];
    queryParams: QueryParams;
    request: OwnedRequest;
  }): Promise<unknown>;
  retrieveBulkData(options: { BulkDataURI: string; request: OwnedRequest }): Promise<unknown>;
}

/**
 * A dicomweb-client for one DICOMweb root behind the typed surface above. Binary resources
 * (bulk data, rendered images, video) are asked for single-part, so an answer is one buffer.
 * The option objects are passed as values, not literals: the library reads more fields than
 * its declarations name, and TypeScript checks only the ones they do.
 */
export function dicomwebRequests(url: string): DicomwebRequests {
  const client = new api.DICOMwebClient({ url, singlepart: 'bulkdata,video,image', verbose: false });
  return {
    searchForStudies: async (options) => client.searchForStudies(options),
    searchForSeries: async (options) => client.searchForSeries(options),
    searchForInstances: async (options) => client.searchForInstances(options),
    retrieveInstanceMetadata: async (options) => client.retrieveInstanceMetadata(options),
    retrieveSeriesMetadata: async (options) => client.retrieveSeriesMetadata(options),
    retrieveInstanceRendered: async (options) => client.retrieveInstanceRendered(options),
    // With bulk data single-part, the library sends a plain GET and reads neither field.
    retrieveBulkData: async (options) => client.retrieveBulkData({ ...options, mediaTypes: [], byteRange: '' }),
  };
}

/**
 * An XMLHttpRequest for one dicomweb-client request: it carries `headers` (dicomweb-client
 * opens the request itself, and headers can only be set after open) and sends list
 * parameters with literal commas. dicomweb-client percent-encodes the commas of lists
 * (includefield=a,b; viewport=w,h); PS3.18 8.3.4 lists are comma-separated and Orthanc does
 * not decode %2C there, silently dropping the fields. A literal comma is legal in a query.
 */
export function ownedRequest(headers: Record<string, string>): XMLHttpRequest {
  const xhr = new XMLHttpRequest();
  const open: (method: string, url: string, isAsync: boolean, username?: string | null, password?: string | null) => void = xhr.open.bind(xhr);
  xhr.open = (method: string, url: string | URL, isAsync: boolean = true, username?: string | null, password?: string | null) => {
    open(method, listCommasLiteral(String(url)), isAsync, username, password);
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
  };
  return xhr;
}

/** The URL with percent-encoded commas (%2C) written as commas. */
export function listCommasLiteral(url: string): string {
  return url.replace(/%2C/gi, ',');
}
