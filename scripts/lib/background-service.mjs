// A service run as a detached background process: a Node service of the project's own (audit
// sink, test EHR, relay) or a Debian program (redis-server, nginx). Started unless it already
// answers its health check, stopped through the pid file this repository wrote, so a demo's
// running service is reused and never killed by a test run.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(new URL('../..', import.meta.url).pathname);

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Resolves once process `pid` is gone (its ports free again), or after 10 s. */
async function exited(pid) {
  for (let i = 0; i < 200; i += 1) {
    try {
      process.kill(pid, 0);
      // A zombie (dead, not yet reaped by whoever started it) holds no port either.
      if (/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))) return;
    } catch {
      return;
    }
    await sleep(50);
  }
}

/**
 * `name` says what it is in messages; `script` is a Node script relative to the repository, or
 * `command` + `args` another program; `env` is added to this process's environment; `stateDir`
 * holds `<id>.pid` and `<id>.log`; `healthUrl` answers 2xx (or one of `healthStatuses`) when the
 * service is up, or `probe()` resolves true when it is.
 */
export function backgroundService({ name, id, script, command, args = [], env = {}, stateDir, healthUrl, healthStatuses, probe }) {
  const dir = join(REPO_ROOT, stateDir);
  const pidFile = join(dir, `${id}.pid`);
  const logFile = join(dir, `${id}.log`);

  async function isUp() {
    if (probe) return probe();
    try {
      const response = await fetch(healthUrl, { signal: AbortSignal.timeout(1000) });
      return healthStatuses ? healthStatuses.includes(response.status) : response.ok;
    } catch {
      return false;
    }
  }

  /** Starts the service unless it answers already; resolves once it answers. */
  async function start() {
    if (await isUp()) return;
    mkdirSync(dir, { recursive: true });
    const logFd = openSync(logFile, 'a');
    const [program, programArgs] = command ? [command, args] : [process.execPath, [join(REPO_ROOT, script), ...args]];
    const child = spawn(program, programArgs, { detached: true, stdio: ['ignore', logFd, logFd], env: { ...process.env, ...env } });
    child.unref();
    writeFileSync(pidFile, String(child.pid));
    for (let i = 0; i < 100; i += 1) {
      if (await isUp()) return;
      await sleep(100);
    }
    throw new Error(`The ${name} did not start; see ${logFile}`);
  }

  /**
   * Stops the service this repository started (by its pid file); resolves once it is gone.
   * SIGTERM lets it close and save; SIGKILL is a crash: nothing is closed or saved.
   */
  async function stop(signal = 'SIGTERM') {
    if (!existsSync(pidFile)) return;
    const pid = Number(readFileSync(pidFile, 'utf8'));
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
    rmSync(pidFile, { force: true });
    for (let i = 0; i < 100 && (await isUp()); i += 1) await sleep(100);
    await exited(pid);
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

  return { isUp, start, stop, kill: () => stop('SIGKILL'), runCommandLine };
}
