// The test EHR's FHIR R4 endpoint: Patient and ImagingStudy, read and search, each answer only
// within the patient compartment of the presented SMART access token; the signed-in user's own
// Practitioner (fhirUser); SMART discovery on the FHIR base. CORS for loopback origins: the viewer
// (another origin) calls it from the browser.
import { searchSet } from './fhir-resources.mjs';
import { IMAGING_READ_SCOPES, isLoopbackOrigin, smartConfiguration } from './smart-configuration.mjs';

const FHIR_JSON = 'application/fhir+json; charset=utf-8';

function corsHeaders(request) {
  const origin = request.headers.origin;
  return isLoopbackOrigin(origin)
    ? { 'access-control-allow-origin': origin, 'access-control-allow-headers': 'authorization, content-type, accept', 'access-control-allow-methods': 'GET, OPTIONS', vary: 'Origin' }
    : {};
}

function operationOutcome(code, diagnostics) {
  return { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code, diagnostics }] };
}

/** Which scope reads `resourceType`: patient/*.read or patient/<type>.read. */
function canRead(scope, resourceType) {
  const granted = new Set(scope.split(' '));
  return granted.has('patient/*.read') || granted.has(`patient/${resourceType}.read`) || (resourceType === 'ImagingStudy' && IMAGING_READ_SCOPES.some((s) => granted.has(s)));
}

/**
 * The user's own resource, with the fhirUser scope (SMART App Launch: "permission to retrieve
 * information about the current logged-in user"); no token reads another user's.
 */
function canReadUser(token, resource) {
  return token.scope.split(' ').includes('fhirUser') && token.fhirUser === `${resource.resourceType}/${resource.id}`;
}

/**
 * `resources()`: { patients, imagingStudies } (fhir-resources.mjs). `practitioners`: the users'
 * Practitioner resources (fhir-resources.mjs practitionerOf). `authorize(header)`: the active
 * token's { scope, context, fhirUser } or undefined (smart-provider.mjs activeAccessToken).
 */
export function createFhirEndpoint({ fhirBase, issuer, resources, practitioners = [], authorize }) {
  const basePath = new URL(fhirBase).pathname.replace(/\/$/, '');
  return async (request, response) => {
    const url = new URL(request.url ?? '/', fhirBase);
    const path = url.pathname.slice(basePath.length) || '/';
    const cors = corsHeaders(request);
    const send = (status, body, extra = {}) => {
      response.writeHead(status, { 'content-type': FHIR_JSON, 'cache-control': 'no-store', ...cors, ...extra });
      response.end(JSON.stringify(body));
    };
    if (request.method === 'OPTIONS') return response.writeHead(204, cors).end();
    if (request.method !== 'GET') return send(405, operationOutcome('not-supported', 'Read-only endpoint'));
    if (path === '/.well-known/smart-configuration') return send(200, smartConfiguration(issuer), { 'content-type': 'application/json' });
    if (path === '/metadata') {
      return send(200, {
        resourceType: 'CapabilityStatement', status: 'active', kind: 'instance', fhirVersion: '4.0.1', format: ['json'], date: '2025-01-01',
        rest: [{ mode: 'server', resource: ['Patient', 'ImagingStudy', 'Practitioner'].map((type) => ({ type, interaction: [{ code: 'read' }, { code: 'search-type' }] })) }],
      });
    }
    const match = /^\/(Patient|ImagingStudy|Practitioner)(?:\/([A-Za-z0-9.-]{1,64}))?$/.exec(path);
    if (!match) return send(404, operationOutcome('not-found', 'Unknown resource'));
    const [, resourceType, id] = match;
    const token = await authorize(request.headers.authorization);
    if (!token) return send(401, operationOutcome('login', 'A valid access token is required'), { 'www-authenticate': 'Bearer realm="longview-test-ehr", error="invalid_token"' });
    if (resourceType === 'Practitioner') {
      const own = practitioners.filter((resource) => canReadUser(token, resource));
      if (!id) return send(200, searchSet(own));
      if (!practitioners.some((resource) => resource.id === id)) return send(404, operationOutcome('not-found', `Practitioner/${id} is not known`));
      const resource = own.find((r) => r.id === id);
      return resource ? send(200, resource) : send(403, operationOutcome('forbidden', 'Only the signed-in user\'s own Practitioner, with the fhirUser scope'));
    }
    if (!canRead(token.scope, resourceType)) return send(403, operationOutcome('forbidden', 'The token does not grant this read'));
    const compartment = token.context?.patient;
    const { patients, imagingStudies } = resources();
    const inCompartment = (resource) =>
      resource.resourceType === 'Patient' ? resource.id === compartment : resource.subject?.reference === `Patient/${compartment}`;
    const all = resourceType === 'Patient' ? patients : imagingStudies;
    if (id) {
      const resource = all.find((r) => r.id === id);
      if (!resource) return send(404, operationOutcome('not-found', `${resourceType}/${id} is not known`));
      if (!inCompartment(resource)) return send(403, operationOutcome('forbidden', 'Outside the patient compartment of the token'));
      return send(200, resource);
    }
    let found = all.filter(inCompartment);
    const idParam = url.searchParams.get('_id');
    if (idParam) found = found.filter((r) => r.id === idParam);
    const patientParam = url.searchParams.get('patient') ?? url.searchParams.get('subject');
    if (patientParam && resourceType === 'ImagingStudy') found = found.filter((r) => r.subject.reference === `Patient/${patientParam.replace(/^Patient\//, '')}`);
    return send(200, searchSet(found));
  };
}
