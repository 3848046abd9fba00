// Starts and stops the live-session tier as background processes, for the demo, the e2e global
// setup and the benches, in its production shape on one machine (docs/deploy.md):
//   Debian redis-server on 127.0.0.1:18120 (LONGVIEW_REDIS_PORT), data in .data/relay/redis
//     (append-only file, so a restarted Redis keeps its sessions);
//   LONGVIEW_RELAY_COUNT (2) relay processes (apps/relay, built by `pnpm build`) on 18111,
//     18112, … (LONGVIEW_RELAY_FIRST_PORT), all on that Redis;
//   Debian nginx on 127.0.0.1:18110 (LONGVIEW_RELAY_PORT, the URL config.json names) in front
//     of them: round robin, WebSocket upgrade, no sticky sessions; a relay that is down or
//     answers 503 (no Redis) is skipped.
// State: pid files and logs in .data/relay/.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, backgroundService } from '../lib/background-service.mjs';
import { redisAnswers, redisServerArgs } from '../lib/redis-server.mjs';

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

const nginx = backgroundService({
  name: 'nginx in front of the live-session relays',
  id: 'nginx',
  command: 'nginx',
  args: ['-p', NGINX_DIR, '-c', join(NGINX_DIR, 'nginx.conf')],
  stateDir: STATE_DIR,
  healthUrl: `${RELAY_URL}/proxy-health`,
});

function writeNginxConfig() {
  for (const dir of ['', 'temp', 'logs']) mkdirSync(join(NGINX_DIR, dir), { recursive: true });
  const servers = RELAY_PROCESS_URLS.map((url) => `    server ${new URL(url).host} max_fails=1 fail_timeout=2s;`).join('\n');
  writeFileSync(
    join(NGINX_DIR, 'nginx.conf'),
    `# Written by scripts/relay/control.mjs; docs/deploy.md explains each part.
daemon off;
worker_processes 1;
pid ${join(NGINX_DIR, 'nginx.pid')};
error_log ${join(NGINX_DIR, 'logs/error.log')} warn;
events { worker_connections 8192; }
http {
  # No access log: a live session's URL is the capability to follow it.
  access_log off;
  client_body_temp_path ${join(NGINX_DIR, 'temp/body')};
  proxy_temp_path ${join(NGINX_DIR, 'temp/proxy')};
  fastcgi_temp_path ${join(NGINX_DIR, 'temp/fastcgi')};
  uwsgi_temp_path ${join(NGINX_DIR, 'temp/uwsgi')};
  scgi_temp_path ${join(NGINX_DIR, 'temp/scgi')};
  map $http_upgrade $connection_upgrade { default upgrade; '' close; }
  upstream longview_relays {
${servers}
  }
  server {
    listen 127.0.0.1:${RELAY_PORT};
    location = /proxy-health { return 200 'ok'; }
    location / {
      proxy_pass http://longview_relays;
      proxy_http_version 1.1;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_connect_timeout 1s;
      # The relay sends every socket a heartbeat each 10 s; a silent minute is a dead one.
      proxy_read_timeout 60s;
      proxy_send_timeout 60s;
      # A relay that is down, or up without Redis (503), is skipped. Retrying a POST is safe:
      # one that failed that way created no session.
      proxy_next_upstream error timeout http_502 http_503 non_idempotent;
      proxy_next_upstream_tries ${RELAY_COUNT};
    }
  }
}
`,
  );
}

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
  if (!(await nginx.isUp())) {
    writeNginxConfig();
    execFileSync('nginx', ['-t', '-q', '-p', NGINX_DIR, '-c', join(NGINX_DIR, 'nginx.conf')], { stdio: 'inherit' });
  }
  await nginx.start();
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
  const command = process.argv[2];
  try {
    if (command === 'start') await startRelay();
    else if (command === 'stop') await stopRelay();
    else if (command === 'restart') {
      await stopRelay();
      await startRelay();
    } else if (command === 'status') console.log((await isRelayUp()) ? 'up' : 'down');
    else {
      console.error('usage: node scripts/relay/control.mjs start|stop|restart|status');
      process.exit(2);
    }
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}
