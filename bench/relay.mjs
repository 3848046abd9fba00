// Live-session fan-out: the built relay (apps/relay/dist) in its own process on its own port,
// on the project's Redis (scripts/relay/control.mjs starts it if it is not running; sessions
// are random ids, so a demo's are left alone); one presenter and N attendees (N = 1, then 50), each a real
// LiveSessionClient over `ws` on 127.0.0.1. The presenter publishes CHANGES views at ~30 per
// second (a 2×2 board with measurements, a different slice and window each time, as scrolling
// and windowing make them). Latency is presenter publish → an attendee's client has parsed and
// validated the view and handed it to its listener (the point a viewer applies it). All
// attendees share this one process and event loop, so with 50 the p95 includes parsing for the
// attendees served before: an upper bound on what 50 separate browsers would see.
// Also the length of a session link (encodeSharedSession) for a 3×3 layout with 20 annotations.
// Prints JSON; asserts nothing. Stops by itself.
//
// Needs: pnpm --filter @longview/relay build.  Usage: node bench/relay.mjs [changes]
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { createServer } from 'vite';
import { REDIS_PORT, startRedis } from '../scripts/relay/control.mjs';
import { REPO, median } from './lib.mjs';

const PORT = Number(process.env.LONGVIEW_BENCH_RELAY_PORT ?? 18119);
const CHANGES = Number(process.argv[2] ?? 300);
const WARM_UP = 10;
const CHANGE_INTERVAL_MS = 1000 / 30;
const RELAY_MAIN = join(REPO, 'apps/relay/dist/main.js');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const percentile = (values, p) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))];
const round = (ms) => Math.round(ms * 100) / 100;

async function startRelayProcess() {
  const child = spawn(process.execPath, [RELAY_MAIN], {
    env: { ...process.env, LONGVIEW_RELAY_PORT: String(PORT), LONGVIEW_REDIS_URL: `redis://127.0.0.1:${REDIS_PORT}` },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < 100; i += 1) {
    try {
      if ((await fetch(`http://127.0.0.1:${PORT}/health`)).ok) return child;
    } catch {
      // not yet
    }
    await sleep(100);
  }
  child.kill('SIGKILL');
  throw new Error(`the relay did not start on port ${PORT}`);
}

/** One presenter, `attendeeCount` attendees, CHANGES views; latencies of every delivery after the warm-up. */
async function measureFanOut({ live, boards, WebSocket, relayUrl, attendeeCount }) {
  const presenterKey = live.newClientKey();
  const { sessionId } = await live.createLiveSession(relayUrl, presenterKey);
  const clientOf = (clientKey, displayName) => new live.LiveSessionClient({ relayUrl, sessionId, clientKey, displayName, WebSocket });
  const presenter = clientOf(presenterKey, 'Presenter');
  const attendees = Array.from({ length: attendeeCount }, (_, i) => clientOf(live.newClientKey(), `Attendee ${i + 1}`));
  const all = [presenter, ...attendees];
  const isOpen = () => all.every((c) => c.snapshot().connection === 'open');
  for (const client of all) client.connect();
  for (let i = 0; i < 100 && !isOpen(); i += 1) await sleep(50);
  if (!isOpen()) throw new Error('clients did not connect');

  const sentAt = new Map();
  const latencies = [];
  let deliveries = 0;
  for (const attendee of attendees) {
    let last = 0;
    attendee.subscribe((snapshot) => {
      if (snapshot.revision === last) return;
      last = snapshot.revision;
      const sent = sentAt.get(snapshot.revision);
      if (sent === undefined) return;
      deliveries += 1;
      if (snapshot.revision > WARM_UP) latencies.push(performance.now() - sent);
    });
  }

  const board = boards.demoSessionOf({ layout: { rows: 2, columns: 2 }, annotations: 4 });
  const payloadBytes = Buffer.byteLength(JSON.stringify({ type: 'view', revision: 1, view: board }));
  for (let change = 1; change <= CHANGES; change += 1) {
    const view = {
      ...board,
      cases: board.cases.map((c) => ({
        ...c,
        cells: c.cells.map((cell, i) => (i === 0 && cell ? { ...cell, image: change % 256, window: { center: 40 + (change % 50), width: 400 + change } } : cell)),
      })),
    };
    sentAt.set(presenter.snapshot().revision + 1, performance.now());
    presenter.publishView(view);
    await sleep(CHANGE_INTERVAL_MS);
  }
  const expected = CHANGES * attendeeCount;
  for (let i = 0; i < 100 && deliveries < expected; i += 1) await sleep(50);
  for (const client of all) client.close();
  return {
    attendees: attendeeCount,
    changes: CHANGES,
    viewMessageBytes: payloadBytes,
    deliveries,
    missedDeliveries: expected - deliveries,
    medianMs: round(median(latencies)),
    p95Ms: round(percentile(latencies, 95)),
    maxMs: round(Math.max(...latencies)),
  };
}

if (!existsSync(RELAY_MAIN)) {
  console.error('The relay is not built: run "pnpm --filter @longview/relay build" first.');
  process.exit(1);
}
const vite = await createServer({ root: REPO, configFile: false, logLevel: 'error', server: { middlewareMode: true, hmr: false }, appType: 'custom' });
let relay;
try {
  const shared = await vite.ssrLoadModule('/packages/shared-view/src/index.ts');
  // The bench's boards are test code, kept out of the shipped package (packages/shared-view/testing).
  const boards = await vite.ssrLoadModule('/packages/shared-view/testing/index.ts');
  const live = await vite.ssrLoadModule('/packages/live-session/src/index.ts');
  const WebSocket = createRequire(join(REPO, 'apps/relay/package.json'))('ws');
  await startRedis();
  relay = await startRelayProcess();
  const relayUrl = `http://127.0.0.1:${PORT}`;
  const fanOut = [];
  for (const attendeeCount of [1, 50]) fanOut.push(await measureFanOut({ live, boards, WebSocket, relayUrl, attendeeCount }));
  const link = shared.encodeSharedSession(boards.demoSessionOf({ layout: { rows: 3, columns: 3 }, annotations: 20 }));
  console.log(
    JSON.stringify(
      {
        bench: 'relay',
        host: '127.0.0.1, one relay in its own process on Redis, attendees in one process',
        changesPerSecond: 30,
        fanOut,
        sessionLink: { layout: '3x3', annotations: 20, urlLength: link.length, note: 'characters after "#" of the session link' },
      },
      null,
      2,
    ),
  );
} finally {
  relay?.kill('SIGTERM');
  await vite.close();
}
