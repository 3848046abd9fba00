// Starts and stops the live-session tier as background processes, for the demo, the e2e global
// setup and the benches, in its production shape on one machine (docs/deploy.md):
//   Debian redis-server on 127.0.0.1:18120 (LONGVIEW_REDIS_PORT), data in .data/relay/redis
//     (append-only file, so a restarted Redis keeps its sessions);
//   LONGVIEW_RELAY_COUNT (2) relay processes (apps/relay, built by `pnpm build`) on 18111,
//     18112, … (LONGVIEW_RELAY_FIRST_PORT), all on that Redis;
//   Debian nginx on 127.0.0.1:18110 (LONGVIEW_RELAY_PORT, the URL config.json names) in front
//     of them: round robin, WebSocket upgrade, no sticky sessions; a relay that is down or
//     answers 503 (no Redis) is skipped (nginx-config.mjs renders its configuration).
// State: pid files and logs in .data/relay/. A pid file lists every process its service started
// (scripts/lib/started-processes.mjs), so stop also ends a relay a test killed and started again.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, backgroundService, runControlCommandLine } from '../lib/background-service.mjs';
import { nginxService } from '../lib/nginx-service.mjs';
import { redisAnswers, redisServerArgs } from '../lib/redis-server.mjs';
import { PROXY_HEALTH_PATH, renderRelayNginxConfig } from './nginx-config.mjs';

export const RELAY_PORT = Number(process.env.LONGVIEW_RELAY_PORT ?? 18110);
/** The one URL clients use: nginx. */
export const RELAY_URL = `http://127.0.0.1:${RELAY_PORT}`;
export const REDIS_PORT = Number(process.env.LONGVIEW_REDIS_PORT ?? 18120);
const RELAY_COUNT = Number(process.env.LONGVIEW_RELAY_COUNT ?? 2);
const FIRST_RELAY_PORT = Number(process.env.LONGVIEW_RELAY_FIRST_PORT ?? 18111);
const MAIN = 'apps/relay/dist/main.js';
const STATE_DIR = '.data/relay';
const NGINX_DIR = join(REPO_ROOT, STATE_DIR, 'nginx');
const REDIS_DIR = join(REPO_ROOT, STATE_DIR, 'redis');

/** The relay processes' own URLs (behind nginx; tests and benches also reach them directly). */
export const RELAY_PROCESS_URLS = Array.from({ length: RELAY_COUNT }, (_, i) => `http://127.0.0.1:${FIRST_RELAY_PORT + i}`);

const redis = backgroundService({
  name: 'Redis of the live-session relays',
  id: 'redis',
  command: 'redis-server',
  // appendfsync everysec: a Redis crash loses at most the last second of changes, which the
  // presenter's viewer sends again on reconnecting (it keeps its latest view until the relay has it).
  args: redisServerArgs({ dir: REDIS_DIR, port: REDIS_PORT, durability: 'everysec' }),
  stateDir: STATE_DIR,
  probe: () => redisAnswers(REDIS_PORT),
});

const relays = RELAY_PROCESS_URLS.map((url, i) =>
  backgroundService({
    name: `live-session relay ${i + 1}`,
    id: `relay-${i + 1}`,
    script: MAIN,
    env: { LONGVIEW_RELAY_PORT: String(FIRST_RELAY_PORT + i), LONGVIEW_REDIS_URL: `redis://127.0.0.1:${REDIS_PORT}` },
    stateDir: STATE_DIR,
    // Up when it answers at all: 200, or 503 while it waits for Redis.
    healthUrl: `${url}/health`,
    healthStatuses: [200, 503],
  }),
);

const nginx = nginxService({
  name: 'nginx in front of the live-session relays',
  prefix: NGINX_DIR,
  stateDir: STATE_DIR,
  healthUrl: `${RELAY_URL}${PROXY_HEALTH_PATH}`,
});

export const isRedisUp = redis.isUp;
export const startRedis = async () => {
  mkdirSync(REDIS_DIR, { recursive: true });
  await redis.start();
};
/** SIGTERM: Redis writes its append-only file and exits (a restart keeps the sessions). */
export const stopRedis = redis.stop;

/** Whether the whole tier answers: nginx, every relay and Redis. */
export async function isRelayUp() {
  const answers = await Promise.all([nginx.isUp(), redis.isUp(), ...relays.map((relay) => relay.isUp())]);
  return answers.every(Boolean);
}

/** Starts whatever part of the tier is not running (Redis, the relays, nginx); resolves once each answers. */
export async function startRelay() {
  if (!existsSync(join(REPO_ROOT, MAIN))) {
    throw new Error(`The relay is not built (${MAIN} is missing): run "pnpm build" (or "pnpm --filter @longview/relay build") first.`);
  }
  await startRedis();
  for (const relay of relays) await relay.start();
  await nginx.start(renderRelayNginxConfig({ prefix: NGINX_DIR, port: RELAY_PORT, relayHosts: RELAY_PROCESS_URLS.map((url) => new URL(url).host) }));
}

/** Stops nginx, the relays (they close their sockets with 1001) and Redis. */
export async function stopRelay() {
  await nginx.stop();
  for (const relay of relays) await relay.stop();
  await redis.stop();
}

/**
 * Kills relay process `index` (0-based), or every relay process, with SIGKILL: what a crash looks
 * like to its clients. nginx and Redis stay. Resolves once it no longer answers.
 */
export async function killRelay(index) {
  for (const [i, relay] of relays.entries()) if (index === undefined || i === index) await relay.kill();
}

/** Per relay process: how many sockets it holds now (its /health), or undefined if it does not answer. */
export async function relayAttendeeCounts() {
  return Promise.all(
    RELAY_PROCESS_URLS.map(async (url) => {
      try {
        const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1000) });
        return (await response.json()).attendees;
      } catch {
        return undefined;
      }
    }),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await runControlCommandLine('node scripts/relay/control.mjs', {
    start: startRelay,
    stop: stopRelay,
    restart: async () => {
      await stopRelay();
      await startRelay();
    },
    status: async () => console.log((await isRelayUp()) ? 'up' : 'down'),
  });
}
