import { describe, expect, it } from 'vitest';
import { parseViewerConfig } from './config';

const radiology = { id: 'radiology', name: 'Radiology PACS', qidoRoot: '/dicomweb/radiology/', wadoRoot: 'http://127.0.0.1:18042/dicom-web' };

describe('parseViewerConfig', () => {
  it('accepts a valid config, trims trailing slashes and fills defaults', () => {
    const result = parseViewerConfig({ version: 1, archives: [radiology] });
    expect(result.kind).toBe('valid');
    if (result.kind !== 'valid') return;
    expect(result.config.archives[0]).toEqual({
      id: 'radiology',
      name: 'Radiology PACS',
      department: undefined,
      qidoRoot: '/dicomweb/radiology',
      wadoRoot: 'http://127.0.0.1:18042/dicom-web',
      stowRoot: undefined,
      auth: { kind: 'none' },
      timeoutMs: 20000,
      profile: 'dicomweb',
      patientIdIssuer: undefined,
    });
    expect(result.config.identity).toEqual({ issuerAliases: {} });
  });

  it('lists every problem with its location, not just the first', () => {
    const result = parseViewerConfig({
      version: 2,
      archives: [{ id: 'Bad Id', name: '', qidoRoot: 'ftp://x', wadoRoot: 'nope', auth: { kind: 'kerberos' }, timeoutMs: -1 }],
    });
    expect(result.kind).toBe('invalid');
    if (result.kind !== 'invalid') return;
    expect(result.problems).toEqual([
      'config.json "version" must be 1.',
      'archives[0].id must be lowercase letters, digits and dashes.',
      'archives[0].name must be a non-empty string.',
      'archives[0].qidoRoot must be an http(s) URL or a path starting with "/".',
      'archives[0].wadoRoot must be an http(s) URL or a path starting with "/".',
      'archives[0].auth.kind must be "none" or "bearer".',
      'archives[0].timeoutMs must be a positive number of milliseconds.',
    ]);
  });

  it('rejects an empty archive list and duplicate ids', () => {
    expect(parseViewerConfig({ version: 1, archives: [] })).toEqual({
      kind: 'invalid',
      problems: ['config.json "archives" must list at least one DICOMweb archive.'],
    });
    const duplicate = parseViewerConfig({ version: 1, archives: [radiology, radiology] });
    expect(duplicate).toEqual({ kind: 'invalid', problems: ['Archive id "radiology" is used twice.'] });
  });

  it('reads the static-tree profile, the default issuer and issuer aliases', () => {
    const result = parseViewerConfig({
      version: 1,
      archives: [{ ...radiology, profile: 'static-tree', patientIdIssuer: ' LONGVIEW-RAD ' }],
      identity: { $comment: 'ignored', issuerAliases: { '1.2.3': 'LONGVIEW-RAD' } },
    });
    expect(result.kind).toBe('valid');
    if (result.kind !== 'valid') return;
    expect(result.config.archives[0]).toMatchObject({ profile: 'static-tree', patientIdIssuer: 'LONGVIEW-RAD' });
    expect(result.config.identity.issuerAliases).toEqual({ '1.2.3': 'LONGVIEW-RAD' });
  });

  it('reads the master patient index (identity.pixm) with its defaults, and refuses a wrong one', () => {
    const result = parseViewerConfig({ version: 1, archives: [radiology], identity: { issuerAliases: {}, pixm: { base: 'http://127.0.0.1:18102/fhir/' } } });
    expect(result.kind === 'valid' && result.config.identity.pixm).toEqual({
      base: 'http://127.0.0.1:18102/fhir',
      name: 'Master patient index',
      auth: { kind: 'none' },
      timeoutMs: 10_000,
    });
    const bearer = parseViewerConfig({ version: 1, archives: [radiology], identity: { pixm: { base: 'https://mpi.example.org/fhir', name: 'Hospital MPI', auth: { kind: 'bearer' }, timeoutMs: 3000 } } });
    expect(bearer.kind === 'valid' && bearer.config.identity.pixm).toMatchObject({ name: 'Hospital MPI', auth: { kind: 'bearer' }, timeoutMs: 3000 });
    expect(parseViewerConfig({ version: 1, archives: [radiology], identity: { pixm: { base: '/mpi', auth: { kind: 'basic' }, timeoutMs: 5 } } })).toEqual({
      kind: 'invalid',
      problems: [
        'config.json "identity.pixm".base must be the MPI\'s FHIR base, an http(s) URL.',
        'config.json "identity.pixm".auth.kind must be "none" or "bearer".',
        'config.json "identity.pixm".timeoutMs must be a whole number of milliseconds, at least 100.',
      ],
    });
  });

  it('rejects an unknown profile, an empty issuer and aliases that are not names', () => {
    const result = parseViewerConfig({
      version: 1,
      archives: [{ ...radiology, profile: 'orthanc-ish', patientIdIssuer: '' }],
      identity: { issuerAliases: { '1.2.3': 7 } },
    });
    expect(result).toEqual({
      kind: 'invalid',
      problems: [
        'archives[0].profile must be "dicomweb" or "static-tree".',
        'archives[0].patientIdIssuer must be a non-empty string.',
        'identity.issuerAliases["1.2.3"] must be an issuer name.',
      ],
    });
  });

  it('rejects something that is not an object', () => {
    expect(parseViewerConfig('[]').kind).toBe('invalid');
    expect(parseViewerConfig(null).kind).toBe('invalid');
  });
});

describe('memory bounds', () => {
  const archives = [{ id: 'radiology', name: 'Radiology', qidoRoot: '/dicomweb/radiology', wadoRoot: '/dicomweb/radiology' }];

  it('reads the decoded-image ceiling, and leaves it to the renderer when absent', () => {
    const bounded = parseViewerConfig({ version: 1, archives, memory: { $comment: 'why', decodedImageBytes: 268435456 } });
    expect(bounded.kind === 'valid' && bounded.config.memory).toEqual({ decodedImageBytes: 268435456 });
    const unbounded = parseViewerConfig({ version: 1, archives });
    expect(unbounded.kind === 'valid' && unbounded.config.memory).toBeUndefined();
  });

  it('refuses a ceiling that is not a whole number of bytes or too small to hold a large image', () => {
    for (const memory of [{ decodedImageBytes: '256MB' }, { decodedImageBytes: 1024 }, { decodedImageBytes: 3e8 + 0.5 }, {}, 'lots', null]) {
      expect(parseViewerConfig({ version: 1, archives, memory })).toEqual({
        kind: 'invalid',
        problems: ['config.json "memory.decodedImageBytes" must be a whole number of bytes, at least 16777216 (16 MiB).'],
      });
    }
  });
});

describe('launch identifier systems', () => {
  const archives = [{ id: 'radiology', name: 'Radiology', qidoRoot: '/dicomweb/radiology', wadoRoot: '/dicomweb/radiology' }];

  it('reads the FHIR system → issuer map, skipping comments, and is absent when not configured', () => {
    const result = parseViewerConfig({
      version: 1,
      archives,
      launch: { $comment: 'why', identifierSystems: { $comment: 'x', ' urn:oid:1.2.3 ': ' LONGVIEW-RAD ', 'https://ehr.example/sid/mrn': 'LONGVIEW-CARD' } },
    });
    expect(result.kind === 'valid' && result.config.launch).toEqual({
      identifierSystems: { 'urn:oid:1.2.3': 'LONGVIEW-RAD', 'https://ehr.example/sid/mrn': 'LONGVIEW-CARD' },
    });
    const without = parseViewerConfig({ version: 1, archives });
    expect(without.kind === 'valid' && without.config.launch).toBeUndefined();
  });

  it('names each key that is not a URI and each issuer that is not a name', () => {
    expect(parseViewerConfig({ version: 1, archives, launch: { identifierSystems: { 'LONGVIEW-RAD': 'X', 'urn:oid:1.2': '', 'urn:oid:1.3': 7 } } })).toEqual({
      kind: 'invalid',
      problems: [
        'launch.identifierSystems key "LONGVIEW-RAD" must be a URI such as "urn:oid:1.2.3" or "https://example.org/mrn".',
        'launch.identifierSystems["urn:oid:1.2"] must be an issuer name.',
        'launch.identifierSystems["urn:oid:1.3"] must be an issuer name.',
      ],
    });
  });

  it('refuses a launch section without an identifierSystems map', () => {
    for (const launch of [{}, 'yes', { identifierSystems: ['urn:oid:1.2'] }]) {
      expect(parseViewerConfig({ version: 1, archives, launch })).toEqual({
        kind: 'invalid',
        problems: ['config.json "launch.identifierSystems" must map FHIR identifier systems (URIs) to issuer names.'],
      });
    }
  });

  it('accepts the shipped public/config.json', async () => {
    const { readFile } = await import('node:fs/promises');
    const shipped: unknown = JSON.parse(await readFile(new URL('../../../public/config.json', import.meta.url), 'utf8'));
    const result = parseViewerConfig(shipped);
    expect(result.kind === 'valid' && result.config.launch?.identifierSystems['urn:oid:2.16.840.1.113883.3.9999.1']).toBe('LONGVIEW-RAD');
  });
});

describe('live relay', () => {
  const archives = [{ id: 'radiology', name: 'Radiology', qidoRoot: '/dicomweb/radiology', wadoRoot: '/dicomweb/radiology' }];

  it('reads the relay origin without its trailing slash, and is absent when not configured', () => {
    const result = parseViewerConfig({ version: 1, archives, liveRelay: { url: 'https://relay.example.org/' } });
    expect(result.kind === 'valid' && result.config.liveRelay).toEqual({ url: 'https://relay.example.org' });
    const without = parseViewerConfig({ version: 1, archives });
    expect(without.kind === 'valid' && without.config.liveRelay).toBeUndefined();
  });

  it('refuses a relay that is not an http(s) origin', () => {
    for (const liveRelay of [{}, 'http://x', { url: 'ws://relay:1' }, { url: 'https://relay/path' }]) {
      expect(parseViewerConfig({ version: 1, archives, liveRelay })).toEqual({
        kind: 'invalid',
        problems: ['config.json "liveRelay.url" must be the relay\'s http(s) origin, such as "https://relay.example.org".'],
      });
    }
  });
});

describe('study list limit', () => {
  const archives = [{ id: 'radiology', name: 'Radiology', qidoRoot: '/dicomweb/radiology', wadoRoot: '/dicomweb/radiology' }];

  it('reads a whole number of studies per archive, and is absent when not configured', () => {
    const result = parseViewerConfig({ version: 1, archives, studyList: { limit: 50 } });
    expect(result.kind === 'valid' && result.config.studyList).toEqual({ limit: 50 });
    const without = parseViewerConfig({ version: 1, archives });
    expect(without.kind === 'valid' && without.config.studyList).toBeUndefined();
  });

  it('refuses a limit that is not a whole number from 1 to 10,000', () => {
    for (const studyList of [{}, { limit: 0 }, { limit: 2.5 }, { limit: '200' }, { limit: 10_001 }]) {
      expect(parseViewerConfig({ version: 1, archives, studyList })).toEqual({
        kind: 'invalid',
        problems: ['config.json "studyList.limit" must be a whole number of studies from 1 to 10000.'],
      });
    }
  });
});
