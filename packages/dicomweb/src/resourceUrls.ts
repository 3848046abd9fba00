import type { ArchiveConfig } from './config';
import { INSTANCE_INCLUDE_FIELDS, SERIES_INCLUDE_FIELDS, toStudyQueryParams } from './query';

/**
 * The DICOMweb resources the first image of a series needs, as plain URLs and Accept headers.
 * The page's boot code (apps/viewer/src/boot) asks for them with fetch before the client and
 * the app have loaded; ArchiveClient and the image loader ask for the same resources later, so
 * the URLs are written here once and both sides agree on what was asked for.
 */
type Roots = Pick<ArchiveConfig, 'qidoRoot' | 'wadoRoot'>;

export const DICOM_JSON = 'application/dicom+json';

/** Frames in the syntax the archive stored them (PS3.18 8.7.3.5.2), as the image loader asks. */
export const FRAME_IN_STORED_SYNTAX = 'multipart/related; type=application/octet-stream; transfer-syntax=*';

const seriesPath = (root: string, study: string, series: string) => `${root}/studies/${study}/series/${series}`;

/** QIDO-RS search of one study by its UID, with the fields the study list and the banner read. */
export function studyByUidUrl(roots: Roots, study: string): string {
  return studySearchUrl(roots, toStudyQueryParams({ studyInstanceUid: study }));
}

/** QIDO-RS study search with these parameters (firstStudySearchParams makes a search's first). */
export function studySearchUrl(roots: Roots, params: Record<string, string>): string {
  return `${roots.qidoRoot}/studies?${new URLSearchParams(params).toString().replaceAll('%2C', ',')}`;
}

/** QIDO-RS instance search of one study, for its first instance, as ArchiveClient.oneInstanceMetadata asks. */
export function firstInstanceUrl(roots: Roots, study: string): string {
  return `${roots.qidoRoot}/studies/${study}/instances?limit=1`;
}

/** QIDO-RS series search of one study, as ArchiveClient.searchSeries asks. */
export function seriesListUrl(roots: Roots, study: string): string {
  return `${roots.qidoRoot}/studies/${study}/series?includefield=${SERIES_INCLUDE_FIELDS.join(',')}`;
}

/** QIDO-RS instance search of one series with the fields that order a stack (literal commas: PS3.18 8.3.4). */
export function instanceListUrl(roots: Roots, study: string, series: string): string {
  return `${seriesPath(roots.qidoRoot, study, series)}/instances?includefield=${INSTANCE_INCLUDE_FIELDS.join(',')}`;
}

export function instanceMetadataUrl(roots: Roots, study: string, series: string, sopInstanceUid: string): string {
  return `${seriesPath(roots.wadoRoot, study, series)}/instances/${sopInstanceUid}/metadata`;
}

export function seriesMetadataUrl(roots: Roots, study: string, series: string): string {
  return `${seriesPath(roots.wadoRoot, study, series)}/metadata`;
}

/** WADO-RS frame URL; the frame number is 1-based (PS3.18 10.4.1.1.5). */
export function frameUrlOf(roots: Roots, study: string, series: string, sopInstanceUid: string, frame: number): string {
  return `${seriesPath(roots.wadoRoot, study, series)}/instances/${sopInstanceUid}/frames/${frame}`;
}

/**
 * A small JPEG of an instance rendered by the archive (WADO-RS rendered, PS3.18 10.4.1.1.3), in
 * its default presentation: a preview while the full-fidelity frame is on its way.
 */
export function renderedPreviewUrl(roots: Roots, study: string, series: string, sopInstanceUid: string, size: number): string {
  return `${seriesPath(roots.wadoRoot, study, series)}/instances/${sopInstanceUid}/rendered?viewport=${size},${size}`;
}
