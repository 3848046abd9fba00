// A Node service of the project's own (audit sink, test EHR) run as a detached background
// process: started unless it already answers its health URL, stopped through the pid file
// this repository wrote, so a demo's running service is reused and never killed by a test run.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(new URL('../..', import.meta.url).pathname);

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * `name` says what it is in messages; `script` is relative to the repository; `stateDir` holds
 * `<id>.pid` and `<id>.log`; `healthUrl` answers 2xx when the service is up.
 */
export function backgroundService({ name, id, script, stateDir, healthUrl }) {
  const dir = join(REPO_ROOT, stateDir);
  const pidFile = join(dir, `${id}.pid`);
  const logFile = join(dir, `${id}.log`);

  async function isUp() {
    try {
      const response = await fetch(healthUrl, { signal: AbortSignal.timeout(1000) });
      return response.ok;
    } catch {
      return false;
    }
  }

  /** Starts the service unless it answers already; resolves once it answers. */
  async function start() {
    if (await isUp()) return;
    mkdirSync(dir, { recursive: true });
    const logFd = openSync(logFile, 'a');
    const child = spawn(process.execPath, [join(REPO_ROOT, script)], { detached: true, stdio: ['ignore', logFd, logFd] });
    child.unref();
    writeFileSync(pidFile, String(child.pid));
    for (let i = 0; i < 100; i += 1) {
      if (await isUp()) return;
      await sleep(100);
    }
    throw new Error(`The ${name} did not start; see ${logFile}`);
  }

  /** Stops the service this repository started (by its pid file); resolves once it no longer answers. */
  async function stop() {
    if (!existsSync(pidFile)) return;
    const pid = Number(readFileSync(pidFile, 'utf8'));
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // already gone
    }
    rmSync(pidFile, { force: true });
    for (let i = 0; i < 100 && (await isUp()); i += 1) await sleep(100);
  }

  /** `node <control script> start|stop|status`. */
  async function runCommandLine(usage) {
    const command = process.argv[2];
    if (command === 'start') await start();
    else if (command === 'stop') await stop();
    else if (command === 'status') console.log((await isUp()) ? 'up' : 'down');
    else {
      console.error(`usage: ${usage} start|stop|status`);
      process.exit(2);
    }
  }

  return { isUp, start, stop, runCommandLine };
}
