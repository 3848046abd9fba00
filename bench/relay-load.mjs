// Live-session relay under load, and what a second relay process buys: 2 relays, then 1, in
// one run (LONGVIEW_BENCH_RELAYS=1 or 2: only that one), so the gain is a ratio from the same
// machine and minute. Each gets a fresh redis-server (127.0.0.1, temp folder, no persistence)
// and relay processes (apps/relay/dist/main.js, or LONGVIEW_BENCH_RELAY_MAIN) sharing it.
// SESSIONS sessions of 1 presenter + ATTENDEES attendees, raw `ws` sockets in this process:
// presenter of session s on relay s mod N, attendee j on relay (s + j + 1) mod N, so with 2
// relays most deliveries cross relays through Redis. Once all are welcomed, each presenter
// publishes CHANGES views (2×2 board with measurements, cell 0's slice and window new each
// time), one per session every 500 ms, sessions staggered (200: 400 views/s in, 4,000
// deliveries/s out); the first 2 per session are warm-up. Latency: presenter send → attendee
// has parsed and validated the view (parseRelayMessage, as a viewer before applying it), for
// every delivery. Attendees share this one event loop, so a view also waits behind the ones
// parsed before it: the client's CPU, event-loop delay and µs per validation show when the
// client, not the relay, is the limit. Peak RSS of relays and Redis every 200 ms; CPU of each
// process and of everything else on the machine over the publishing window. Errors: relay
// `error` messages, 4xxx closes (4404: that relay does not know the session), invalid messages.
// Prints JSON; asserts nothing; ends by itself (hard stop after 5 minutes, exit 2).
//
// Needs: pnpm --filter @longview/relay build; redis-server and redis-cli on PATH.
// Usage: node bench/relay-load.mjs [sessions=200] [attendees=10] [changes=20]
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer as createNetServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createServer } from 'vite';
import { redisServerArgs } from '../scripts/lib/redis-server.mjs';
import { REPO, MiB, median } from './lib.mjs';

const SESSIONS = Number(process.argv[2] ?? 200);
const ATTENDEES = Number(process.argv[3] ?? 10);
const CHANGES = Number(process.argv[4] ?? 20);
const WARM_UP = 2;
// Per session; LONGVIEW_BENCH_CHANGE_INTERVAL_MS=100 (2,000 views/s in, 20,000 out) looks for the limit instead.
const CHANGE_INTERVAL_MS = Number(process.env.LONGVIEW_BENCH_CHANGE_INTERVAL_MS ?? 500);
const CONNECT_CONCURRENCY = 20; // sessions connecting at once (220 sockets in flight)
const CONNECT_TIMEOUT_MS = 60_000;
const DELIVERY_TIMEOUT_MS = 20_000; // after the last send
const OVERALL_TIMEOUT_MS = 5 * 60_000;
const RELAY_BASE_PORT = Number(process.env.LONGVIEW_BENCH_RELAY_PORT ?? 18127);
const REDIS_PORT = Number(process.env.LONGVIEW_BENCH_REDIS_PORT ?? 18129);
const RELAY_MAIN = resolve(process.env.LONGVIEW_BENCH_RELAY_MAIN ?? join(REPO, 'apps/relay/dist/main.js'));
const CONFIGURATIONS = process.env.LONGVIEW_BENCH_RELAYS ? [Number(process.env.LONGVIEW_BENCH_RELAYS)] : [2, 1];
const TICKS_PER_S = 100; // Linux USER_HZ, the unit of /proc CPU times

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const percentile = (values, p) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))];
const round = (value) => (Number.isFinite(value) ? Math.round(value * 100) / 100 : null);

// Every child and one temp folder for all data, so that any way out (error, watchdog, Ctrl-C) cleans up.
const children = new Set();
const TMP = mkdtempSync(join(tmpdir(), 'lv-relay-load-'));
process.on('exit', () => {
  children.forEach((child) => child.kill('SIGKILL'));
  rmSync(TMP, { recursive: true, force: true });
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));
const watchdog = setTimeout(() => {
  console.error(`relay-load: still running after ${OVERALL_TIMEOUT_MS / 1000} s; stopping.`);
  process.exit(2);
}, OVERALL_TIMEOUT_MS);

function spawnChild(command, args, env = {}) {
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}

/** True when `promise` has not settled within `ms`; the timer is cleared either way so it never holds the process open. */
async function isLate(promise, ms) {
  let timer;
  const late = new Promise((r) => (timer = setTimeout(() => r(true), ms)));
  try {
    return await Promise.race([promise.then(() => false), late]);
  } finally {
    clearTimeout(timer);
  }
}

async function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  if (await isLate(exited, 5000)) child.kill('SIGKILL');
}

/** Checked first: otherwise a stranger's server on the port would pass our readiness checks. */
const assertPortFree = (port) =>
  new Promise((ok, fail) => {
    const server = createNetServer().once('error', () => fail(new Error(`port ${port} on 127.0.0.1 is in use`)));
    server.listen(port, '127.0.0.1', () => server.close(ok));
  });

async function waitUntilReady(child, what, isReady) {
  for (let i = 0; i < 100; i += 1) {
    if (child.exitCode !== null) throw new Error(`${what} exited (code ${child.exitCode}) while starting`);
    if (await isReady().catch(() => false)) return child;
    await sleep(100);
  }
  throw new Error(`${what} did not start in 10 s`);
}

const redisCli = (...args) => spawnSync('redis-cli', ['-p', String(REDIS_PORT), ...args], { encoding: 'utf8', timeout: 2000 }).stdout ?? '';

async function startRedis(dir) {
  await assertPortFree(REDIS_PORT);
  mkdirSync(dir);
  const child = spawnChild('redis-server', redisServerArgs({ dir, port: REDIS_PORT, durability: 'none' }));
  return waitUntilReady(child, 'redis-server', async () => redisCli('info', 'server').includes(`process_id:${child.pid}`));
}

async function startRelay(index) {
  const port = RELAY_BASE_PORT + index;
  await assertPortFree(port);
  const child = spawnChild(process.execPath, [RELAY_MAIN], {
    LONGVIEW_RELAY_PORT: String(port),
    LONGVIEW_REDIS_URL: `redis://127.0.0.1:${REDIS_PORT}`,
    LONGVIEW_RELAY_ID: `bench-${'abcdefgh'[index]}`,
    LONGVIEW_RELAY_MAX_SESSIONS: '10000',
  });
  await waitUntilReady(child, `relay ${index} (port ${port})`, async () => (await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(1000) })).status === 200);
  return { child, port };
}

function readProc(path) {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return ''; // the process has exited: its sockets' closes report that
  }
}
const rssMiB = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readProc(`/proc/${pid}/status`))?.[1] ?? 0) / 1024;
/** utime + stime (fields 14 and 15, counted after the ")" that ends the command name). */
const cpuTicksOf = (pid) => {
  const fields = readProc(`/proc/${pid}/stat`).split(')').pop().trim().split(' ');
  return fields.length > 13 ? Number(fields[11]) + Number(fields[12]) : NaN;
};
/** Busy ticks of the whole machine: everything but idle and iowait. */
const machineBusyTicks = () => {
  const [user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  return user + nice + system + irq + softirq + steal;
};

/** Peak RSS (MiB) of each pid, sampled every 200 ms until stop(). */
function samplePeakRss(pids) {
  const peaks = pids.map(() => 0);
  const sample = () => pids.forEach((pid, i) => (peaks[i] = Math.max(peaks[i], rssMiB(pid))));
  sample();
  const timer = setInterval(sample, 200);
  return () => (clearInterval(timer), peaks.map(round));
}

/** The view message of every revision, serialised once so the client side stays cheap. */
function viewFramesOf(boards) {
  const board = boards.demoSessionOf({ layout: { rows: 2, columns: 2 }, annotations: 4 });
  return Array.from({ length: CHANGES + 1 }, (_, change) => {
    const cases = board.cases.map((c) => ({
      ...c,
      cells: c.cells.map((cell, i) => (i === 0 && cell ? { ...cell, image: change % 256, window: { center: 40 + (change % 50), width: 400 + change } } : cell)),
    }));
    return JSON.stringify({ type: 'view', revision: change, view: { ...board, cases } });
  });
}

/** One socket that joins `session`; `settled` once welcomed or closed. Attendees record each view's latency. */
function connectPeer({ live, WebSocket, stats }, session, port, clientKey, isAttendee) {
  const socket = new WebSocket(`ws://127.0.0.1:${port}/sessions/${session.sessionId}`);
  const peer = { socket, isWelcomed: false, isClosed: false, received: 0 };
  stats.sockets.push(socket);
  peer.settled = new Promise((settle) => {
    socket.on('open', () => socket.send(JSON.stringify({ type: 'join', clientKey, displayName: isAttendee ? 'Attendee' : 'Presenter', lastRevision: 0 })));
    socket.on('error', () => stats.countError('socket error'));
    socket.on('close', (code) => {
      peer.isClosed = true;
      if (!stats.isStopping && code >= 4000) stats.countError(`close ${code}`);
      settle();
    });
    socket.on('message', (data) => {
      const start = performance.now();
      const parsed = live.parseRelayMessage(data.toString());
      const parsedAt = performance.now();
      if (!parsed.ok) return stats.countError(`invalid: ${parsed.message}`);
      const { message } = parsed;
      if (message.type === 'welcome') {
        peer.isWelcomed = true;
        settle();
      } else if (message.type === 'error') stats.countError(`relay error: ${message.message}`);
      if (message.type !== 'view' || !isAttendee) return;
      stats.validateMs += parsedAt - start;
      const sentAt = session.sentAt.get(message.revision);
      if (sentAt === undefined) return stats.countError('view never sent');
      peer.received += 1;
      stats.received += 1;
      if (message.revision <= WARM_UP) return;
      stats.latencies.push(parsedAt - sentAt);
      stats.lastMeasuredAt = parsedAt;
    });
  });
  return peer;
}

async function openSession(context, ports, s) {
  const presenterKey = context.live.newClientKey();
  const response = await fetch(`http://127.0.0.1:${ports[s % ports.length]}/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ clientKey: presenterKey }),
  });
  if (response.status !== 201) throw new Error(`POST /sessions answered ${response.status}: ${await response.text()}`);
  const session = { sessionId: (await response.json()).sessionId, sentAt: new Map(), viewsSent: 0 };
  session.presenter = connectPeer(context, session, ports[s % ports.length], presenterKey, false);
  session.attendees = Array.from({ length: ATTENDEES }, (_, j) => connectPeer(context, session, ports[(s + j + 1) % ports.length], context.live.newClientKey(), true));
  await Promise.all([session.presenter, ...session.attendees].map((peer) => peer.settled));
  return session;
}

/** Change k of session s goes at start + (k - 1) · interval + s · interval / SESSIONS; returns the window's times. */
async function publish(sessions, frames, WebSocket) {
  const start = performance.now();
  let measuredStart = 0;
  let lastSendAt = 0;
  for (let n = 0; n < SESSIONS * CHANGES; n += 1) {
    const [change, session] = [Math.floor(n / SESSIONS) + 1, sessions[n % SESSIONS]];
    const wait = start + (change - 1) * CHANGE_INTERVAL_MS + ((n % SESSIONS) * CHANGE_INTERVAL_MS) / SESSIONS - performance.now();
    if (wait >= 1) await sleep(wait);
    if (session.presenter.socket.readyState !== WebSocket.OPEN) continue;
    lastSendAt = performance.now();
    if (change > WARM_UP && !measuredStart) measuredStart = lastSendAt;
    session.sentAt.set(change, lastSendAt);
    session.presenter.socket.send(frames[change]);
    session.viewsSent += 1;
  }
  const isDone = () => sessions.every((s) => s.attendees.every((a) => a.isClosed || a.received >= s.viewsSent));
  while (!isDone() && performance.now() - lastSendAt < DELIVERY_TIMEOUT_MS) await sleep(50);
  return { measuredStart, lastSendAt };
}

async function runConfiguration(relayCount, { live, WebSocket, frames }) {
  const tmp = mkdtempSync(join(TMP, `relays${relayCount}-`));
  const started = [];
  const stats = { sockets: [], errors: 0, errorKinds: {}, received: 0, latencies: [], validateMs: 0, lastMeasuredAt: 0, isStopping: false };
  stats.countError = (kind) => {
    stats.errors += 1;
    stats.errorKinds[kind] = (stats.errorKinds[kind] ?? 0) + 1;
  };
  try {
    const loadAverage1m = round(loadavg()[0]);
    started.push(await startRedis(join(tmp, 'redis')));
    for (let i = 0; i < relayCount; i += 1) started.push((await startRelay(i)).child);
    const ports = Array.from({ length: relayCount }, (_, i) => RELAY_BASE_PORT + i);
    const stopRss = samplePeakRss(started.map((c) => c.pid));

    const connectStart = performance.now();
    const sessions = [];
    const connecting = (async () => {
      for (let s = 0; s < SESSIONS; s += CONNECT_CONCURRENCY) {
        const batch = Array.from({ length: Math.min(CONNECT_CONCURRENCY, SESSIONS - s) }, (_, i) => openSession({ live, WebSocket, stats }, ports, s + i));
        sessions.push(...(await Promise.all(batch)));
      }
    })();
    if (await isLate(connecting, CONNECT_TIMEOUT_MS)) throw new Error(`not everyone connected in ${CONNECT_TIMEOUT_MS / 1000} s`);
    const connectSeconds = (performance.now() - connectStart) / 1000;
    const peers = sessions.flatMap((s) => [s.presenter, ...s.attendees]);

    const before = { client: process.cpuUsage(), children: started.map((c) => cpuTicksOf(c.pid)), machine: machineBusyTicks(), at: performance.now() };
    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    loopDelay.enable();
    const { measuredStart, lastSendAt } = await publish(sessions, frames, WebSocket);
    loopDelay.disable();
    const seconds = (performance.now() - before.at) / 1000;
    const clientCpu = process.cpuUsage(before.client);
    const clientTicks = ((clientCpu.user + clientCpu.system) / 1e6) * TICKS_PER_S;
    const childTicks = started.map((c, i) => cpuTicksOf(c.pid) - before.children[i]);
    const otherTicks = machineBusyTicks() - before.machine - clientTicks - childTicks.reduce((a, b) => a + b, 0);
    const percentOfCore = (ticks) => round((ticks / TICKS_PER_S / seconds) * 100);
    const redisUsedMemoryPeak = Number(/used_memory_peak:(\d+)/.exec(redisCli('info', 'memory'))?.[1] ?? NaN);
    const peakRss = stopRss();

    const changesSent = sessions.reduce((sum, s) => sum + s.viewsSent, 0);
    const measuredViews = sessions.reduce((sum, s) => sum + Math.max(0, s.viewsSent - WARM_UP), 0);
    const { latencies } = stats;
    return {
      sessions: SESSIONS,
      attendeesPerSession: ATTENDEES,
      connections: peers.length,
      connectionsWelcomed: peers.filter((p) => p.isWelcomed && !p.isClosed).length,
      changesSent,
      deliveriesExpected: changesSent * ATTENDEES,
      deliveriesReceived: stats.received,
      missing: changesSent * ATTENDEES - stats.received,
      errors: stats.errors,
      errorKinds: stats.errorKinds,
      latencyMs: { median: round(median(latencies)), p95: round(percentile(latencies, 95)), p99: round(percentile(latencies, 99)), max: round(Math.max(...latencies)), deliveries: latencies.length },
      deliveriesPerSecond: round(latencies.length / ((stats.lastMeasuredAt - measuredStart) / 1000)),
      viewsPerSecond: round(measuredViews / ((lastSendAt - measuredStart) / 1000)),
      relayRssMiB: peakRss.slice(1),
      redisRssMiB: peakRss[0],
      redisUsedMemoryPeakMiB: round(redisUsedMemoryPeak / MiB),
      connectSeconds: round(connectSeconds),
      cpuPercentOfOneCore: { relays: childTicks.slice(1).map(percentOfCore), redis: percentOfCore(childTicks[0]), client: percentOfCore(clientTicks), everythingElse: percentOfCore(otherTicks) },
      client: { validateMicrosPerView: round((stats.validateMs / stats.received) * 1000), eventLoopDelayP99Ms: round(loopDelay.percentile(99) / 1e6) },
      loadAverage1mBefore: loadAverage1m,
    };
  } finally {
    stats.isStopping = true;
    for (const socket of stats.sockets) socket.terminate();
    await Promise.all(started.reverse().map(stopChild));
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (!existsSync(RELAY_MAIN)) {
  console.error(`The relay is not built (${RELAY_MAIN}): run "pnpm --filter @longview/relay build" first.`);
  process.exit(1);
}
const vite = await createServer({ root: REPO, configFile: false, logLevel: 'error', server: { middlewareMode: true, hmr: false, ws: false }, appType: 'custom' });
try {
  // The bench's boards are test code, kept out of the shipped package (packages/shared-view/testing).
  const boards = await vite.ssrLoadModule('/packages/shared-view/testing/index.ts');
  const live = await vite.ssrLoadModule('/packages/live-session/src/index.ts');
  const WebSocket = createRequire(join(REPO, 'apps/relay/package.json'))('ws');
  const context = { live, WebSocket, frames: viewFramesOf(boards) };
  const result = { bench: 'relay-load', host: '127.0.0.1', relayMain: RELAY_MAIN, changeIntervalMsPerSession: CHANGE_INTERVAL_MS, warmUpChangesPerSession: WARM_UP };
  for (const relayCount of CONFIGURATIONS) result[`relays${relayCount}`] = await runConfiguration(relayCount, context);
  const { relays1: one, relays2: two } = result;
  if (one && two) {
    result.scaleOut = {
      p99Ratio: round(one.latencyMs.p99 / two.latencyMs.p99),
      medianRatio: round(one.latencyMs.median / two.latencyMs.median),
      deliveriesPerSecondRatio: round(two.deliveriesPerSecond / one.deliveriesPerSecond),
      // A configuration that lost deliveries measured fewer, easier ones: its ratio means little.
      isComparable: [one, two].every((r) => r.missing === 0 && r.errors === 0),
    };
  }
  const clientCpu = Math.max(...CONFIGURATIONS.map((n) => result[`relays${n}`].cpuPercentOfOneCore.client));
  result.note =
    `All processes (this client with every socket, redis-server, each relay, and whatever else runs here) share one ${cpus().length}-core machine, so they compete for the same cores: ` +
    'a second relay adds a process, not hardware. Ratios: relays1 / relays2 for latency, relays2 / relays1 for deliveries per second (above 1 = two relays do better).' +
    (clientCpu > 80 ? ` The client used up to ${clientCpu}% of one core: it is near its limit, so latencies include its own queueing.` : '');
  console.log(JSON.stringify(result, null, 2));
} finally {
  clearTimeout(watchdog);
  await vite.close();
}
