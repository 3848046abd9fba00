import type { ArchiveConfig } from '@longview/dicomweb/plain';

/**
 * An archive of the viewer's config at a test origin (http://archive.test/{id}), for the boot
 * script's tests: no sign-in, DICOMweb, a one-second limit, unless `options` says otherwise.
 */
export function testArchive(id: string, options: Partial<Pick<ArchiveConfig, 'profile' | 'auth' | 'patientIdIssuer'>> = {}): ArchiveConfig {
  return {
    id,
    name: id,
    qidoRoot: `http://archive.test/${id}`,
    wadoRoot: `http://archive.test/${id}`,
    auth: { kind: 'none' },
    timeoutMs: 1000,
    profile: 'dicomweb',
    patientIdIssuer: undefined,
    ...options,
  };
}
