// A bearer-token gate in front of one Orthanc: what a hospital puts before an archive that may
// only be read with an access token of its authorization server. Each request's token is
// introspected (RFC 7662) at the authorization server, so expiry and revocation take effect at
// once; nothing is cached. Tokens are never logged and never forwarded to the archive.
import http from 'node:http';
import { grantsImagingRead, grantsImagingWrite, IMAGING_WRITE_SCOPE } from './smart-configuration.mjs';

/** The token of an `Authorization: Bearer <token>` header (RFC 6750 §2.1), or undefined. */
export function bearerTokenOf(authorization) {
  const match = /^Bearer +([A-Za-z0-9._~+/-]+=*) *$/i.exec(authorization ?? '');
  return match?.[1];
}

/**
 * The WWW-Authenticate challenge of a refusal (RFC 6750 §3): no error code when no token came;
 * insufficient_scope names the scope that would have been enough.
 */
export function bearerChallenge(realm, error, scope = 'patient/*.read') {
  const base = `Bearer realm="${realm}"`;
  if (error === 'invalid_token') return `${base}, error="invalid_token", error_description="The access token is expired, revoked or unknown"`;
  if (error === 'insufficient_scope') return `${base}, error="insufficient_scope", scope="${scope}"`;
  return base;
}

/** Methods that change what the archive holds (STOW-RS is a POST); every other one reads. */
export function isWriteMethod(method) {
  return method === 'POST' || method === 'PUT' || method === 'DELETE' || method === 'PATCH';
}

/**
 * A request handler that forwards to `upstream` (a URL of the archive's DICOMweb root) reads
 * bearing an active token with an imaging read scope and writes bearing one with an imaging
 * write scope, and answers every other with 401/403. `introspect(token)` resolves with the
 * RFC 7662 answer. `stats` counts outcomes (no tokens).
 */
export function createArchiveGuard({ realm, upstream, introspect, stats }) {
  const target = new URL(upstream);
  const refuse = (response, status, error, isWrite = false) => {
    stats[status === 401 ? (error ? 'rejected' : 'missing') : isWrite ? 'writeForbidden' : 'forbidden'] += 1;
    const challenge = isWrite ? bearerChallenge(realm, error, IMAGING_WRITE_SCOPE) : bearerChallenge(realm, error);
    response.writeHead(status, { 'www-authenticate': challenge, 'content-type': 'text/plain; charset=utf-8' });
    if (status === 401) response.end('A valid access token is required.');
    else response.end(isWrite ? 'The access token does not allow storing results.' : 'The access token does not allow reading images.');
  };
  return async (request, response) => {
    if (request.method === 'OPTIONS') {
      response.writeHead(204).end();
      return;
    }
    const token = bearerTokenOf(request.headers.authorization);
    if (!token) return refuse(response, 401);
    let answer;
    try {
      answer = await introspect(token);
    } catch {
      stats.introspectionFailed += 1;
      response.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '5' }).end('The authorization server did not answer.');
      return;
    }
    if (answer?.active !== true) return refuse(response, 401, 'invalid_token');
    if (isWriteMethod(request.method)) {
      if (!grantsImagingWrite(answer.scope)) return refuse(response, 403, 'insufficient_scope', true);
    } else if (!grantsImagingRead(answer.scope)) return refuse(response, 403, 'insufficient_scope');
    stats.accepted += 1;
    const headers = { ...request.headers, host: target.host };
    delete headers.authorization; // the archive has no use for the token: it stops here
    const path = `${target.pathname.replace(/\/$/, '')}${request.url}`;
    const upstreamRequest = http.request({ hostname: target.hostname, port: target.port, path, method: request.method, headers }, (answerStream) => {
      response.writeHead(answerStream.statusCode ?? 502, answerStream.headers);
      answerStream.pipe(response);
    });
    upstreamRequest.on('error', () => {
      if (!response.headersSent) response.writeHead(502, { 'content-type': 'text/plain' });
      response.end('Archive unreachable');
    });
    response.on('close', () => {
      if (!response.writableFinished) upstreamRequest.destroy();
    });
    request.pipe(upstreamRequest);
  };
}

/** RFC 7662 introspection at `endpoint`, authenticated as a confidential client. */
export function introspectionAt(endpoint, clientId, clientSecret) {
  const credentials = Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64');
  return async (token) => {
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: { authorization: `Basic ${credentials}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token, token_type_hint: 'access_token' }),
      signal: AbortSignal.timeout(5000),
    });
    if (!response.ok) throw new Error(`introspection answered HTTP ${response.status}`);
    return response.json();
  };
}
