// Starts and stops the audit sink as a background process (demo, e2e global setup, and the
// audit e2e test, which takes the sink down and up again). State: .data/audit/sink.pid.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AUDIT_SINK_PORT } from './sink.mjs';

const REPO_ROOT = resolve(new URL('../..', import.meta.url).pathname);
const DIR = join(REPO_ROOT, '.data/audit');
const PID_FILE = join(DIR, 'sink.pid');
export const AUDIT_SINK_URL = `http://127.0.0.1:${AUDIT_SINK_PORT}`;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export async function isAuditSinkUp() {
  try {
    const response = await fetch(`${AUDIT_SINK_URL}/health`, { signal: AbortSignal.timeout(1000) });
    return response.ok;
  } catch {
    return false;
  }
}

/** Starts the sink unless it answers already; resolves once it answers. */
export async function startAuditSink() {
  if (await isAuditSinkUp()) return;
  mkdirSync(DIR, { recursive: true });
  const logFd = openSync(join(DIR, 'sink.log'), 'a');
  const child = spawn(process.execPath, [join(REPO_ROOT, 'scripts/audit-sink/sink.mjs')], { detached: true, stdio: ['ignore', logFd, logFd] });
  child.unref();
  writeFileSync(PID_FILE, String(child.pid));
  for (let i = 0; i < 100; i += 1) {
    if (await isAuditSinkUp()) return;
    await sleep(100);
  }
  throw new Error(`The audit sink did not start; see ${join(DIR, 'sink.log')}`);
}

/** Stops the sink this repository started (by its pid file); resolves once it no longer answers. */
export async function stopAuditSink() {
  if (!existsSync(PID_FILE)) return;
  const pid = Number(readFileSync(PID_FILE, 'utf8'));
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    // already gone
  }
  rmSync(PID_FILE, { force: true });
  for (let i = 0; i < 100 && (await isAuditSinkUp()); i += 1) await sleep(100);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const command = process.argv[2];
  if (command === 'start') await startAuditSink();
  else if (command === 'stop') await stopAuditSink();
  else if (command === 'status') console.log((await isAuditSinkUp()) ? 'up' : 'down');
  else {
    console.error('usage: node scripts/audit-sink/control.mjs start|stop|status');
    process.exit(2);
  }
}
