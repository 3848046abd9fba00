// The relay as a process (scripts/relay/control.mjs starts it): loopback only, its sessions
// kept in LONGVIEW_RELAY_DATA so a restart on the same port resumes them.
import { join, resolve } from 'node:path';
import { createRelayServer } from './relayServer';

const repoRoot = resolve(import.meta.dirname, '../../..');
const port = Number(process.env.LONGVIEW_RELAY_PORT ?? 18110);
const dataDir = process.env.LONGVIEW_RELAY_DATA ?? join(repoRoot, '.data/relay');
const ttlSeconds = Number(process.env.LONGVIEW_RELAY_SESSION_TTL_S ?? 43200);
if (!Number.isInteger(port) || port <= 0 || !(ttlSeconds > 0)) {
  console.error('LONGVIEW_RELAY_PORT must be a port number and LONGVIEW_RELAY_SESSION_TTL_S a positive number of seconds.');
  process.exit(2);
}

const relay = await createRelayServer({ host: '127.0.0.1', port, dataDir, sessionTtlMs: ttlSeconds * 1000 });
let isClosing = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (isClosing) return;
    isClosing = true;
    relay.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
