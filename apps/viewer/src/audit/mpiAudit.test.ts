import { describe, expect, it } from 'vitest';
import type { AuditInput } from '@longview/audit';
import { createPixmSource, IdentitySourceError, type CrossReferences, type IdentifierSystemMap, type IdentitySource, type QualifiedIdentifier } from '@longview/patient-identity';
import { auditedPixmSource } from './mpiAudit';

const mpi = { id: 'pixm', name: 'Master patient index', url: 'http://mpi.test/fhir' };
const RAD_SYSTEM = 'urn:oid:2.16.840.1.113883.3.9999.1';
const systems: IdentifierSystemMap = {
  issuerOf: (system) => ({ [RAD_SYSTEM]: 'LONGVIEW-RAD', 'urn:oid:2.16.840.1.113883.3.9999.2': 'LONGVIEW-CARD' })[system],
  systemOf: (issuer) => (issuer === 'LONGVIEW-RAD' ? RAD_SYSTEM : issuer === 'LONGVIEW-CARD' ? 'urn:oid:2.16.840.1.113883.3.9999.2' : undefined),
};
const erin: QualifiedIdentifier = { patientId: 'R-400120', issuer: 'LONGVIEW-RAD' };
const hers: CrossReferences = {
  identifiers: [
    { patientId: 'C-62010', issuer: 'LONGVIEW-CARD' },
    { patientId: 'K-4410', issuer: 'LONGVIEW-CLIN' },
  ],
  ignoredSystems: [],
};

/** A fake MPI answering `answer` (or failing with it), counting the questions it was asked. */
function fakeSource(answer: (signal: AbortSignal | undefined) => Promise<CrossReferences>) {
  const asked: QualifiedIdentifier[] = [];
  const source: IdentitySource = {
    name: 'Master patient index',
    crossReferences: (identifier, signal) => {
      asked.push(identifier);
      return answer(signal);
    },
  };
  return { source, asked };
}

function recorder() {
  const recorded: AuditInput[] = [];
  return { recorded, recordAudit: (input: AuditInput) => Promise.resolve(void recorded.push(input)) };
}

describe('auditedPixmSource', () => {
  it('records a successful question as ITI-83: the asked identifier and every one the MPI disclosed', async () => {
    const { recorded, recordAudit } = recorder();
    const { source } = fakeSource(() => Promise.resolve(hers));
    const audited = auditedPixmSource(recordAudit, source, mpi, systems);
    expect(audited.name).toBe('Master patient index');
    await expect(audited.crossReferences({ ...erin, patientId: ' R-400120 ' })).resolves.toBe(hers);
    expect(recorded).toEqual([
      {
        kind: 'mpi-query',
        source: mpi,
        transaction: 'ITI-83',
        query: { sourceIdentifier: `${RAD_SYSTEM}|R-400120` },
        patients: [
          { value: 'R-400120', issuer: 'LONGVIEW-RAD' },
          { value: 'C-62010', issuer: 'LONGVIEW-CARD' },
          { value: 'K-4410', issuer: 'LONGVIEW-CLIN' },
        ],
        outcome: { kind: 'success' },
      },
    ]);
  });

  it('returns the answer only once the record is stored', async () => {
    let store: () => void = () => undefined;
    const stored = new Promise<void>((resolve) => (store = resolve));
    const { source } = fakeSource(() => Promise.resolve(hers));
    let answered = false;
    const question = auditedPixmSource(() => stored, source, mpi, systems)
      .crossReferences(erin)
      .then(() => (answered = true));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(answered).toBe(false);
    store();
    await question;
    expect(answered).toBe(true);
  });

  it('records a failure by its error kind and status, never its message, and passes the error on', async () => {
    const { recorded, recordAudit } = recorder();
    const refused = new IdentitySourceError('refused', 'Master patient index refused the request (HTTP 404): Patient R-400120 not found', 404);
    const { source } = fakeSource(() => Promise.reject(refused));
    await expect(auditedPixmSource(recordAudit, source, mpi, systems).crossReferences(erin)).rejects.toBe(refused);
    expect(recorded).toEqual([
      {
        kind: 'mpi-query',
        source: mpi,
        transaction: 'ITI-83',
        query: { sourceIdentifier: `${RAD_SYSTEM}|R-400120` },
        patients: [{ value: 'R-400120', issuer: 'LONGVIEW-RAD' }],
        outcome: { kind: 'failure', errorKind: 'refused', status: 404 },
      },
    ]);
    expect(JSON.stringify(recorded)).not.toContain('not found');
  });

  it('records an error that is not the MPI\'s as "unexpected"', async () => {
    const { recorded, recordAudit } = recorder();
    const { source } = fakeSource(() => Promise.reject(new TypeError('boom')));
    await expect(auditedPixmSource(recordAudit, source, mpi, systems).crossReferences(erin)).rejects.toThrow('boom');
    expect(recorded[0]?.outcome).toEqual({ kind: 'failure', errorKind: 'unexpected' });
  });

  it('records nothing for a question the viewer cancelled', async () => {
    const { recorded, recordAudit } = recorder();
    const controller = new AbortController();
    const { source } = fakeSource((signal) => {
      controller.abort();
      return Promise.reject(signal?.reason);
    });
    await expect(auditedPixmSource(recordAudit, source, mpi, systems).crossReferences(erin, controller.signal)).rejects.toMatchObject({ name: 'AbortError' });
    expect(recorded).toEqual([]);
  });

  it('records nothing when no question is sent: an issuer with no identifier system', async () => {
    const { recorded, recordAudit } = recorder();
    const none: CrossReferences = { identifiers: [], ignoredSystems: [] };
    const { source, asked } = fakeSource(() => Promise.resolve(none));
    await expect(auditedPixmSource(recordAudit, source, mpi, systems).crossReferences({ patientId: 'X-1', issuer: 'UNMAPPED' })).resolves.toBe(none);
    expect(asked).toHaveLength(1);
    expect(recorded).toEqual([]);
  });

  it('names the query exactly as the PIXm client sends it', async () => {
    const { recorded, recordAudit } = recorder();
    const sent: URL[] = [];
    const fetchPixm: typeof fetch = (input) => {
      sent.push(new URL(String(input)));
      const answer = { resourceType: 'Parameters', parameter: [{ name: 'targetIdentifier', valueIdentifier: { system: 'urn:oid:2.16.840.1.113883.3.9999.2', value: 'C-62010' } }] };
      return Promise.resolve(new Response(JSON.stringify(answer), { status: 200 }));
    };
    const pixm = createPixmSource({ base: mpi.url, systems, fetch: fetchPixm });
    // A value with the characters a token parameter escapes.
    await auditedPixmSource(recordAudit, pixm, mpi, systems).crossReferences({ patientId: 'R|4,00$120', issuer: 'LONGVIEW-RAD' });
    const [event] = recorded;
    expect(event?.kind === 'mpi-query' && new URLSearchParams(event.query).toString()).toBe(sent[0]?.search.slice(1));
    expect(event?.kind === 'mpi-query' && event.patients).toEqual([
      { value: 'R|4,00$120', issuer: 'LONGVIEW-RAD' },
      { value: 'C-62010', issuer: 'LONGVIEW-CARD' },
    ]);
  });
});
