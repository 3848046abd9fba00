#!/usr/bin/env node
// The test EHR on loopback, for the demo and the e2e tests (issue 7):
//   http://127.0.0.1:18100/           authorization server (oidc-provider; /auth /token /jwks ...)
//   http://127.0.0.1:18100/fhir       FHIR R4 Patient + ImagingStudy, SMART discovery
//   http://127.0.0.1:18100/ehr/       the chart picker that performs a SMART EHR launch
//   http://127.0.0.1:18102/fhir       the master patient index: PIXm Patient/$ihe-pix, PDQm
//                                     Patient search (mpi.mjs); POST /ehr/admin/mpi state=down|up
//                                     takes it down or brings it back, the rest stays up
//   http://127.0.0.1:<bearerGuardPort> per archive of scripts/archives.json with one: the
//                                     bearer-token gate in front of that Orthanc
// Counters (no tokens, no patient data) at /ehr/stats. Usage: node scripts/ehr/ehr.mjs
import { randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import { join, resolve } from 'node:path';
import { createArchiveGuard, introspectionAt } from './archive-guard.mjs';
import { consentPage, ehrLaunchPage, patientLabel } from './ehr-pages.mjs';
import { createFhirEndpoint } from './fhir-endpoint.mjs';
import { fhirResourcesFromManifest, practitionerOf } from './fhir-resources.mjs';
import { MPI_PORT, startMpiServer } from './mpi.mjs';
import { activeAccessToken, createSmartProvider, DEFAULT_ACCESS_TOKEN_TTL_S, GUARD_CLIENT_ID, TEST_USER } from './smart-provider.mjs';
import { consentScopes, mayStoreResultsOf } from './smart-configuration.mjs';

const REPO_ROOT = resolve(import.meta.dirname, '..', '..');
export const EHR_PORT = 18100;
export const EHR_ORIGIN = `http://127.0.0.1:${EHR_PORT}`;
export const FHIR_BASE = `${EHR_ORIGIN}/fhir`;

/** Archives of scripts/archives.json that sit behind a bearer guard. */
export function guardedArchives(repoRoot = REPO_ROOT) {
  const { archives } = JSON.parse(readFileSync(join(repoRoot, 'scripts/archives.json'), 'utf8'));
  return archives.filter((a) => a.bearerGuardPort !== undefined);
}

/** The FHIR resources of the corpus manifest, rebuilt when the manifest changes (a regenerated corpus). */
function manifestResources(repoRoot) {
  const manifestFile = join(repoRoot, '.data/corpus/manifest.json');
  let cached;
  return () => {
    // While the corpus is being regenerated there is briefly no manifest: keep the last one.
    const mtime = statSync(manifestFile, { throwIfNoEntry: false })?.mtimeMs;
    if (mtime === undefined && cached) return cached.resources;
    if (cached?.mtime !== mtime) {
      const config = JSON.parse(readFileSync(join(repoRoot, 'public/config.json'), 'utf8'));
      const archiveIssuers = Object.fromEntries(config.archives.map((a) => [a.id, a.patientIdIssuer]));
      cached = { mtime, resources: fhirResourcesFromManifest(JSON.parse(readFileSync(manifestFile, 'utf8')), archiveIssuers) };
    }
    return cached.resources;
  };
}

async function formBody(request) {
  let body = '';
  for await (const chunk of request) {
    body += chunk;
    if (body.length > 64 * 1024) throw new Error('form too large');
  }
  return new URLSearchParams(body);
}

function html(response, status, body) {
  response.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'x-frame-options': 'DENY' });
  response.end(body);
}

function ttlFrom(raw) {
  const seconds = Number(raw);
  return Number.isInteger(seconds) && seconds >= 5 && seconds <= 3600 ? seconds : DEFAULT_ACCESS_TOKEN_TTL_S;
}

export async function startEhr({ repoRoot = REPO_ROOT, port = EHR_PORT, mpiPort = MPI_PORT } = {}) {
  const issuer = `http://127.0.0.1:${port}`;
  const fhirBase = `${issuer}/fhir`;
  const resources = manifestResources(repoRoot);
  /** launch handle → { patient, studyUid?, accessTokenTtlS, mayStoreResults }: made by the chart picker, used once. */
  const launches = new Map();
  /** grantId → launch context, bound at consent. */
  const grantContexts = new Map();
  const stats = {
    token: {}, revocations: 0, adminRevocations: 0, guard: { accepted: 0, rejected: 0, missing: 0, forbidden: 0, writeForbidden: 0, introspectionFailed: 0 },
    mpi: { pixm: {}, pdqm: {}, outages: 0 },
  };
  const guardClientSecret = randomBytes(24).toString('hex');
  const provider = createSmartProvider({ issuer, guardClientSecret, grantContexts, stats });
  const providerHandler = provider.callback();
  const fhir = createFhirEndpoint({
    fhirBase, issuer, resources, practitioners: [practitionerOf(TEST_USER)], authorize: (header) => activeAccessToken(provider, grantContexts, header),
  });

  const patientById = (id) => resources().patients.find((p) => p.id === id);

  async function revokeAll() {
    for (const grantId of grantContexts.keys()) {
      await provider.AccessToken.revokeByGrantId(grantId);
      await provider.RefreshToken.revokeByGrantId(grantId);
      await (await provider.Grant.find(grantId))?.destroy();
    }
    stats.adminRevocations += 1;
  }

  async function interaction(request, response, uid, isConfirm) {
    const details = await provider.interactionDetails(request, response);
    if (details.uid !== uid) return html(response, 400, 'Stale sign-in page.');
    const launch = details.params.launch ? launches.get(String(details.params.launch)) : undefined;
    if (details.params.launch && !launch) {
      return provider.interactionFinished(request, response, { error: 'invalid_request', error_description: 'unknown or used launch' }, { mergeWithLastSubmission: false });
    }
    if (!isConfirm) {
      const launchPatient = launch ? patientById(launch.patient) : undefined;
      return html(response, 200, consentPage({
        uid, clientId: details.params.client_id, scope: details.params.scope, mayStoreResults: launch?.mayStoreResults ?? true, userDisplay: TEST_USER.display,
        patientLabel: launchPatient ? patientLabel(launchPatient) : undefined, patients: resources().patients,
      }));
    }
    const form = await formBody(request);
    if (form.get('decision') !== 'allow') {
      return provider.interactionFinished(request, response, { error: 'access_denied', error_description: 'The user denied access' }, { mergeWithLastSubmission: false });
    }
    // A standalone launch (no chart picker) lets the reader store results, as the picker does by default.
    const context = launch ?? { patient: form.get('patient') ?? '', accessTokenTtlS: DEFAULT_ACCESS_TOKEN_TTL_S, mayStoreResults: true };
    if (!patientById(context.patient)) return html(response, 400, 'Unknown patient.');
    if (launch) launches.delete(String(details.params.launch));
    const grant = new provider.Grant({ accountId: TEST_USER.accountId, clientId: details.params.client_id });
    const scopes = consentScopes(details.params.scope, { mayStoreResults: context.mayStoreResults });
    grant.addOIDCScope(scopes.granted);
    if (scopes.withheld) grant.rejectOIDCScope(scopes.withheld);
    grant.addOIDCClaims(['fhirUser']);
    const grantId = await grant.save();
    grantContexts.set(grantId, context);
    return provider.interactionFinished(request, response, { login: { accountId: TEST_USER.accountId }, consent: { grantId } }, { mergeWithLastSubmission: false });
  }

  const server = http.createServer(async (request, response) => {
    try {
      const url = new URL(request.url ?? '/', issuer);
      if (url.pathname === '/fhir' || url.pathname.startsWith('/fhir/')) return await fhir(request, response);
      const interactionMatch = /^\/interaction\/([A-Za-z0-9_-]+)(\/confirm)?$/.exec(url.pathname);
      if (interactionMatch) return await interaction(request, response, interactionMatch[1], request.method === 'POST' && Boolean(interactionMatch[2]));
      if (url.pathname === '/ehr/' || url.pathname === '/ehr') {
        const { patients, imagingStudies } = resources();
        return html(response, 200, ehrLaunchPage({ patients, imagingStudies, viewer: url.searchParams.get('viewer') ?? 'http://127.0.0.1:5173', defaultTtlS: DEFAULT_ACCESS_TOKEN_TTL_S }));
      }
      if (url.pathname === '/ehr/launch' && request.method === 'POST') {
        const form = await formBody(request);
        const viewer = new URL(form.get('viewer') ?? '');
        if (!/^https?:$/.test(viewer.protocol) || !patientById(form.get('patient') ?? '')) return html(response, 400, 'Pick a patient and a viewer URL.');
        const handle = randomBytes(16).toString('hex');
        launches.set(handle, {
          patient: form.get('patient'), studyUid: form.get('study') || undefined, accessTokenTtlS: ttlFrom(form.get('ttl')), mayStoreResults: mayStoreResultsOf(form),
        });
        const target = new URL('/launch', viewer);
        target.search = new URLSearchParams({ iss: fhirBase, launch: handle }).toString();
        response.writeHead(303, { location: target.href }).end();
        return undefined;
      }
      if (url.pathname === '/ehr/admin/revoke-all' && request.method === 'POST') {
        await revokeAll();
        return html(response, 200, '<p>Every token is revoked.</p><p><a href="/ehr/">Back</a></p>');
      }
      if (url.pathname === '/ehr/admin/mpi' && request.method === 'POST') {
        const state = (await formBody(request)).get('state');
        if (state !== 'down' && state !== 'up') return html(response, 400, 'state must be down or up');
        if (state === 'down' && !mpi.isDown) stats.mpi.outages += 1;
        await mpi.setDown(state === 'down');
        response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
        return response.end(JSON.stringify({ mpi: mpi.isDown ? 'down' : 'up' }));
      }
      if (url.pathname === '/ehr/stats') {
        response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
        return response.end(JSON.stringify(stats));
      }
      if (url.pathname === '/health') return response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      return providerHandler(request, response);
    } catch (error) {
      // Never the request or token: only what failed.
      console.error(JSON.stringify({ event: 'ehr-error', path: new URL(request.url ?? '/', issuer).pathname, error: error.message }));
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
      response.end('Test EHR error');
      return undefined;
    }
  });
  await new Promise((ready, fail) => server.once('error', fail).listen(port, '127.0.0.1', ready));
  const mpi = await startMpiServer({ port: mpiPort, resources, stats: stats.mpi });

  const guards = [];
  for (const archive of guardedArchives(repoRoot)) {
    const guard = createArchiveGuard({
      realm: archive.id,
      upstream: `http://127.0.0.1:${archive.httpPort}/dicom-web`,
      introspect: introspectionAt(`${issuer}/token/introspection`, GUARD_CLIENT_ID, guardClientSecret),
      stats: stats.guard,
    });
    const guardServer = http.createServer((request, response) => void guard(request, response));
    guardServer.keepAliveTimeout = 65_000;
    await new Promise((ready, fail) => guardServer.once('error', fail).listen(archive.bearerGuardPort, '127.0.0.1', ready));
    guards.push(guardServer);
  }
  return { server, guards, mpi, stats };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await startEhr();
  console.log(JSON.stringify({ event: 'ehr-listening', ehr: `${EHR_ORIGIN}/ehr/`, fhir: FHIR_BASE, mpi: `http://127.0.0.1:${MPI_PORT}/fhir`, guards: guardedArchives().map((a) => a.bearerGuardPort) }));
}
