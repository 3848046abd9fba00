// The test EHR's master patient index (issue 19): IHE PIXm (ITI-83, `Patient/$ihe-pix`) and
// PDQm (ITI-78, FHIR `Patient` search) over the EHR's patient registry, which is built from the
// corpus's person grouping (fhir-resources.mjs: one Patient per person, every record of that
// person one of its identifiers). It listens on a port of its own so that it can be taken down
// alone (`setDown`), as an MPI outage would, while SMART launches on the EHR keep working.
// Answers carry no token requirement: the demo's MPI is open on loopback (config.json
// identity.pixm.auth "none"); a production MPI would sit behind the SMART session's token.
import http from 'node:http';
import { EHR_IDENTIFIER_SYSTEMS, searchSet } from './fhir-resources.mjs';
import { isLoopbackOrigin } from './smart-configuration.mjs';

export const MPI_PORT = 18102;
const FHIR_JSON = 'application/fhir+json; charset=utf-8';
const KNOWN_SYSTEMS = new Set(Object.values(EHR_IDENTIFIER_SYSTEMS));

export function operationOutcome(code, diagnostics) {
  return { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code, diagnostics }] };
}

/** A FHIR token `system|value` (with `\|`, `\,`, `\$`, `\\` escapes) as { system, value }. */
export function parseToken(raw) {
  let system;
  let current = '';
  for (let i = 0; i < raw.length; i += 1) {
    const c = raw[i];
    if (c === '\\' && i + 1 < raw.length) current += raw[(i += 1)];
    else if (c === '|' && system === undefined) {
      system = current;
      current = '';
    } else current += c;
  }
  return system === undefined ? { system: undefined, value: current } : { system, value: current };
}

const holds = (patient, { system, value }) => patient.identifier.some((id) => id.system === system && id.value === value);

/**
 * PIXm: the other identifiers of the patient that holds `sourceIdentifier`, as ITI-83 words
 * its answers: 400 for an unknown domain, 404 for an unknown patient, 403 for an unknown
 * targetSystem; otherwise `Parameters` (targetIdentifier + targetId), empty when none.
 */
export function pixmAnswer(patients, searchParams, fhirBase) {
  const raw = searchParams.get('sourceIdentifier');
  if (!raw) return [400, operationOutcome('required', 'sourceIdentifier is required (system|value)')];
  const source = parseToken(raw);
  if (!source.system || !source.value) return [400, operationOutcome('invalid', 'sourceIdentifier must be system|value')];
  if (!KNOWN_SYSTEMS.has(source.system)) return [400, operationOutcome('code-invalid', 'sourceIdentifier Assigning Authority not found')];
  const targetSystems = searchParams.getAll('targetSystem').flatMap((s) => s.split(',')).filter((s) => s !== '');
  if (targetSystems.some((system) => !KNOWN_SYSTEMS.has(system))) return [403, operationOutcome('code-invalid', 'targetSystem not found')];
  const patient = patients.find((p) => holds(p, source));
  if (!patient) return [404, operationOutcome('not-found', 'sourceIdentifier Patient Identifier not found')];
  const targets = patient.identifier.filter((id) => !(id.system === source.system && id.value === source.value) && (targetSystems.length === 0 || targetSystems.includes(id.system)));
  return [200, {
    resourceType: 'Parameters',
    parameter: [
      ...targets.map((id) => ({ name: 'targetIdentifier', valueIdentifier: { use: 'usual', system: id.system, value: id.value } })),
      ...(targets.length > 0 ? [{ name: 'targetId', valueReference: { reference: `${fhirBase}/Patient/${patient.id}` } }] : []),
    ],
  }];
}

const PDQM_PARAMETERS = new Set(['identifier', 'family', 'given', 'birthdate', 'gender', '_id']);

/** PDQm: Patients matching every parameter given (identifier exactly; names case-insensitively). */
export function pdqmAnswer(patients, searchParams) {
  const unknown = [...searchParams.keys()].find((key) => !PDQM_PARAMETERS.has(key) && !key.startsWith('_format'));
  if (unknown) return [400, operationOutcome('not-supported', `Unknown search parameter "${unknown}"`)];
  if ([...searchParams.keys()].length === 0) return [400, operationOutcome('required', 'At least one search parameter is required')];
  const lower = (s) => String(s ?? '').toLowerCase();
  let found = patients;
  for (const [key, value] of searchParams) {
    if (key === 'identifier') {
      const token = parseToken(value);
      found = found.filter((p) => p.identifier.some((id) => id.value === token.value && (token.system === undefined || id.system === token.system)));
    } else if (key === 'family') found = found.filter((p) => p.name.some((n) => lower(n.family).startsWith(lower(value))));
    else if (key === 'given') found = found.filter((p) => p.name.some((n) => n.given.some((g) => lower(g).startsWith(lower(value)))));
    else if (key === 'birthdate') found = found.filter((p) => p.birthDate === value);
    else if (key === 'gender') found = found.filter((p) => p.gender === value);
    else if (key === '_id') found = found.filter((p) => p.id === value);
  }
  return [200, searchSet(found)];
}

/**
 * The MPI's HTTP handler. `resources()`: { patients } (fhir-resources.mjs). `stats`: counters
 * of answers by kind, never identifiers.
 */
export function createMpiHandler({ fhirBase, resources, stats }) {
  const basePath = new URL(fhirBase).pathname.replace(/\/$/, '');
  return (request, response) => {
    const url = new URL(request.url ?? '/', fhirBase);
    const cors = isLoopbackOrigin(request.headers.origin)
      ? { 'access-control-allow-origin': request.headers.origin, 'access-control-allow-headers': 'authorization, accept', 'access-control-allow-methods': 'GET, OPTIONS', vary: 'Origin' }
      : {};
    const send = (status, body) => {
      response.writeHead(status, { 'content-type': FHIR_JSON, 'cache-control': 'no-store', ...cors });
      response.end(JSON.stringify(body));
    };
    if (request.method === 'OPTIONS') return response.writeHead(204, cors).end();
    if (url.pathname === '/health') return response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    if (request.method !== 'GET') return send(405, operationOutcome('not-supported', 'Read-only endpoint'));
    const path = url.pathname.slice(basePath.length) || '/';
    const { patients } = resources();
    let answer;
    if (path === '/Patient/$ihe-pix') {
      answer = pixmAnswer(patients, url.searchParams, fhirBase);
      stats.pixm[answer[0]] = (stats.pixm[answer[0]] ?? 0) + 1;
    } else if (path === '/Patient') {
      answer = pdqmAnswer(patients, url.searchParams);
      stats.pdqm[answer[0]] = (stats.pdqm[answer[0]] ?? 0) + 1;
    } else if (path === '/metadata') {
      answer = [200, {
        resourceType: 'CapabilityStatement', status: 'active', kind: 'instance', fhirVersion: '4.0.1', format: ['json'], date: '2025-01-01',
        instantiates: ['https://profiles.ihe.net/ITI/PIXm/CapabilityStatement/IHE.PIXm.Manager', 'https://profiles.ihe.net/ITI/PDQm/CapabilityStatement/IHE.PDQm.Supplier'],
        rest: [{ mode: 'server', resource: [{ type: 'Patient', interaction: [{ code: 'read' }, { code: 'search-type' }], operation: [{ name: 'ihe-pix', definition: 'https://profiles.ihe.net/ITI/PIXm/OperationDefinition/IHE.PIXm.pix' }] }] }],
      }];
    } else answer = [404, operationOutcome('not-found', 'Unknown resource')];
    return send(...answer);
  };
}

/**
 * The MPI on its own port; `setDown(true)` closes it (connections refused, open ones cut) and
 * `setDown(false)` opens it again: an outage of the MPI alone.
 */
export async function startMpiServer({ port = MPI_PORT, resources, stats }) {
  let handler;
  let server;
  let listeningPort = port;
  const listen = async () => {
    server = http.createServer((request, response) => handler(request, response));
    server.keepAliveTimeout = 5_000;
    await new Promise((ready, fail) => server.once('error', fail).listen(listeningPort, '127.0.0.1', ready));
    // Port 0 (tests): keep the one given, so that coming back up is on the same address.
    listeningPort = server.address().port;
  };
  await listen();
  const fhirBase = `http://127.0.0.1:${listeningPort}/fhir`;
  handler = createMpiHandler({ fhirBase, resources, stats });
  let isDown = false;
  return {
    fhirBase,
    port: listeningPort,
    get isDown() {
      return isDown;
    },
    async setDown(down) {
      if (down === isDown) return;
      isDown = down;
      if (down) {
        const closed = new Promise((done) => server.close(done));
        server.closeAllConnections();
        await closed;
      } else await listen();
    },
    close: () => new Promise((done) => { server.close(done); server.closeAllConnections(); }),
  };
}
