// Starts and stops the live-session relay (apps/relay, built into apps/relay/dist by
// `pnpm build`) as a background process, for the demo and the e2e global setup. It listens on
// LONGVIEW_RELAY_PORT (18110) and keeps its sessions in LONGVIEW_RELAY_DATA (.data/relay), so a
// restarted relay comes back on the same port with the same sessions.
// State: .data/relay/relay.pid, log in .data/relay/relay.log.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, backgroundService } from '../lib/background-service.mjs';

export const RELAY_PORT = Number(process.env.LONGVIEW_RELAY_PORT ?? 18110);
export const RELAY_URL = `http://127.0.0.1:${RELAY_PORT}`;
const MAIN = 'apps/relay/dist/main.js';
const PID_FILE = join(REPO_ROOT, '.data/relay/relay.pid');

const relay = backgroundService({
  name: 'live-session relay',
  id: 'relay',
  script: MAIN,
  stateDir: '.data/relay',
  healthUrl: `${RELAY_URL}/health`,
});

export const isRelayUp = relay.isUp;
export const stopRelay = relay.stop;

/** Starts the relay unless it answers already; resolves once it answers. */
export async function startRelay() {
  if (!existsSync(join(REPO_ROOT, MAIN))) {
    throw new Error(`The relay is not built (${MAIN} is missing): run "pnpm build" (or "pnpm --filter @longview/relay build") first.`);
  }
  await relay.start();
}

/**
 * Kills the relay this repository started, without letting it close anything (SIGKILL): what a
 * crash looks like to its clients. Resolves once it no longer answers.
 */
export async function killRelay() {
  if (!existsSync(PID_FILE)) return;
  try {
    process.kill(Number(readFileSync(PID_FILE, 'utf8')), 'SIGKILL');
  } catch {
    // already gone
  }
  rmSync(PID_FILE, { force: true });
  for (let i = 0; i < 50 && (await isRelayUp()); i += 1) await new Promise((r) => setTimeout(r, 100));
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
