// Forwards every event the sink has stored to the hospital's audit record repository (ARR) over
// TLS syslog with mutual authentication (IHE ATNA, ITI-20). The sink's JSONL store is the spool:
// an event counts as forwarded only once its frame has been handed to the TLS socket, and the ids
// forwarded are appended to their own fsync'd file, so a restart resends only what had not gone.
// While the ARR is down or refused, the sink keeps accepting from browsers and retries with
// backoff; its health reports the backlog and why. Logs carry states and counts, never ids.
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import tls from 'node:tls';
import { dicomAuditMessage } from './dicomAuditMessage.mjs';
import { octetCountedFrame, syslogMessage } from './syslogFrame.mjs';

/** Events per write: large enough to keep up with a burst, small enough to resend cheaply. */
const BATCH = 200;

/** A TLS failure in words an operator can act on; the code stays for the search engine. */
export function describeArrFailure(error) {
  const code = error?.code ?? 'unknown';
  if (code === 'ECONNREFUSED') return 'the ARR refuses connections (is it running?) (ECONNREFUSED)';
  if (code === 'ETIMEDOUT' || code === 'ARR_TIMEOUT') return `the ARR did not answer in time (${code})`;
  if (['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_SIGNATURE_FAILURE'].includes(code)) {
    return `the ARR's certificate does not chain to the configured CA (${code})`;
  }
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') return `the ARR's certificate is not valid now (${code})`;
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return `the ARR's certificate does not name the configured address (${code})`;
  if (code === 'ECONNRESET' || code === 'EPIPE') return `the ARR closed the connection (${code}); a refused client certificate ends this way too`;
  return `forwarding to the ARR failed (${code})`;
}

function openForwardedLog(file) {
  const ids = new Set();
  if (existsSync(file)) for (const line of readFileSync(file, 'utf8').split('\n')) if (line.trim() !== '') ids.add(line.trim());
  const fd = openSync(file, 'a');
  return {
    ids,
    /** Records ids as forwarded, durably, before the spool forgets them. */
    add(forwarded) {
      writeSync(fd, forwarded.map((id) => `${id}\n`).join(''));
      fsyncSync(fd);
      for (const id of forwarded) ids.add(id);
    },
    close: () => closeSync(fd),
  };
}

/**
 * `target`: { host, port, ca, cert, key } (PEM contents); `events`: what the store already holds, in
 * order; `forwardedFile`: the ids already forwarded. `retry`: first and longest wait in ms.
 */
export function startArrForwarder({ target, events, forwardedFile, retry = { firstMs: 500, longestMs: 30_000 }, sdId, log = () => undefined }) {
  const forwarded = openForwardedLog(forwardedFile);
  const pending = events.filter((event) => !forwarded.ids.has(event.id));
  const state = { connection: 'connecting', lastError: undefined, since: new Date().toISOString(), backlogPeak: pending.length, sent: 0 };
  let socket;
  let isWriting = false;
  let isStopped = false;
  let delayMs = retry.firstMs;
  let retryTimer;

  const setConnection = (connection, lastError) => {
    if (state.connection !== connection) log({ event: 'arr-connection', state: connection, backlog: pending.length, ...(lastError ? { reason: lastError } : {}) });
    state.connection = connection;
    state.since = new Date().toISOString();
    if (lastError !== undefined) state.lastError = lastError;
  };

  const scheduleRetry = () => {
    if (isStopped || retryTimer) return;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      connect();
    }, delayMs);
    state.nextAttemptAt = new Date(Date.now() + delayMs).toISOString();
    delayMs = Math.min(delayMs * 2, retry.longestMs);
  };

  const fail = (error) => {
    const current = socket;
    socket = undefined;
    isWriting = false;
    current?.destroy();
    setConnection('retrying', describeArrFailure(error));
    scheduleRetry();
  };

  function connect() {
    if (isStopped || socket) return;
    const attempt = tls.connect({ host: target.host, port: target.port, ca: target.ca, cert: target.cert, key: target.key, rejectUnauthorized: true, timeout: 10_000 });
    socket = attempt;
    attempt.setNoDelay(true);
    attempt.once('secureConnect', () => {
      delayMs = retry.firstMs;
      state.nextAttemptAt = undefined;
      setConnection('connected', undefined);
      state.lastError = undefined;
      pump();
    });
    attempt.on('error', (error) => {
      if (socket === attempt) fail(error);
    });
    attempt.once('timeout', () => {
      if (socket === attempt) fail({ code: 'ARR_TIMEOUT' });
    });
    // The ARR going away (rsyslog stopped or restarted) closes the connection: reconnect, and
    // resend whatever was not yet handed over.
    attempt.once('end', () => {
      if (socket === attempt) fail({ code: 'ECONNRESET' });
    });
    attempt.once('close', () => {
      if (socket === attempt) fail({ code: 'ECONNRESET' });
    });
  }

  function pump() {
    if (isStopped || isWriting || !socket || state.connection !== 'connected' || pending.length === 0) return;
    const batch = pending.slice(0, BATCH);
    const frames = [];
    const unreadable = [];
    for (const event of batch) {
      try {
        frames.push(octetCountedFrame(syslogMessage(event, dicomAuditMessage(event), { sdId })));
      } catch {
        // An event the sink accepted but cannot express: counted, kept in the spool, never sent.
        unreadable.push(event.id);
      }
    }
    isWriting = true;
    const writer = socket;
    writer.write(Buffer.concat(frames), (error) => {
      // A sink that stopped (or a connection that failed) meanwhile: the events stay in the
      // spool and go again from the next start or connection.
      if (isStopped || writer !== socket) return;
      isWriting = false;
      if (error) return fail(error);
      forwarded.add(batch.map((event) => event.id).filter((id) => !unreadable.includes(id)));
      pending.splice(0, batch.length);
      state.sent += frames.length;
      if (unreadable.length > 0) log({ event: 'arr-unconvertible', count: unreadable.length });
      pump();
    });
  }

  connect();
  return {
    /** Queues events the store has just added. */
    enqueue(added) {
      pending.push(...added);
      state.backlogPeak = Math.max(state.backlogPeak, pending.length);
      pump();
    },
    /** For /health: where events go, whether they are going, and why not. */
    health() {
      return {
        target: `${target.host}:${target.port}`,
        connection: state.connection,
        since: state.since,
        backlog: pending.length,
        backlogPeak: state.backlogPeak,
        forwarded: forwarded.ids.size,
        ...(state.lastError ? { lastError: state.lastError } : {}),
        ...(state.nextAttemptAt && state.connection !== 'connected' ? { nextAttemptAt: state.nextAttemptAt } : {}),
      };
    },
    stop() {
      if (isStopped) return;
      isStopped = true;
      clearTimeout(retryTimer);
      const current = socket;
      socket = undefined;
      current?.end();
      forwarded.close();
    },
  };
}

/** The forwarding settings from the sink's environment, or undefined when no ARR is configured. */
export function arrTargetFromEnvironment(env = process.env) {
  if (!env.LONGVIEW_ARR) return undefined;
  const [host, port] = env.LONGVIEW_ARR.split(/:(?=\d+$)/);
  const read = (name) => {
    if (!env[name]) throw new Error(`LONGVIEW_ARR is set, so ${name} must name a PEM file`);
    return readFileSync(env[name]);
  };
  return { host, port: Number(port), ca: read('LONGVIEW_ARR_CA'), cert: read('LONGVIEW_ARR_CERT'), key: read('LONGVIEW_ARR_KEY') };
}
