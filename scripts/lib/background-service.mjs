// A service run as a detached background process: a Node service of the project's own (audit
// sink, test EHR, relay) or a Debian program (redis-server, nginx). Started unless it already
// answers its health check, stopped through the pid file this repository wrote, so a demo's
// running service is reused and never killed by a test run.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { recordStartedProcess, startedProcesses, untilExited } from './started-processes.mjs';

export const REPO_ROOT = resolve(new URL('../..', import.meta.url).pathname);

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * `name` says what it is in messages; `script` is a Node script relative to the repository, or
 * `command` + `args` another program; `env` is added to this process's environment; `stateDir`
 * (relative to the repository, or absolute) holds `<id>.pid` (every process it started:
 * started-processes.mjs) and `<id>.log`; `healthUrl` answers 2xx (or one of `healthStatuses`) when the
 * service is up, or `probe()` resolves true when it is.
 */
export function backgroundService({ name, id, script, command, args = [], env = {}, stateDir, healthUrl, healthStatuses, probe }) {
  const dir = resolve(REPO_ROOT, stateDir);
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
    if (child.pid !== undefined) recordStartedProcess(pidFile, child.pid);
    for (let i = 0; i < 100; i += 1) {
      if (await isUp()) return;
      await sleep(100);
    }
    throw new Error(`The ${name} did not start; see ${logFile}`);
  }

  /**
   * Stops every process of the service this repository started (by its pid file), a restart's
   * included; resolves once they are gone. SIGTERM lets it close and save; SIGKILL is a crash:
   * nothing is closed or saved.
   */
  async function stop(signal = 'SIGTERM') {
    if (!existsSync(pidFile)) return;
    const pids = startedProcesses(pidFile);
    for (const pid of pids) {
      try {
        process.kill(pid, signal);
      } catch {
        // already gone
      }
    }
    rmSync(pidFile, { force: true });
    for (let i = 0; i < 100 && (await isUp()); i += 1) await sleep(100);
    for (const pid of pids) await untilExited(pid);
  }

  /** `node <control script> start|stop|status`. */
  async function runCommandLine(usage) {
    await runControlCommandLine(usage, { start, stop, status: async () => console.log((await isUp()) ? 'up' : 'down') });
  }

  return { isUp, start, stop, kill: () => stop('SIGKILL'), runCommandLine };
}

/**
 * `node <control script> <command>`: runs the command named on the command line, one of
 * `commands`. An unknown one prints the usage and exits 2; one that fails prints its message
 * (the person at the terminal needs what went wrong, not a stack) and exits 1.
 * @param {string} usage how the script is run, e.g. 'node scripts/relay/control.mjs'
 * @param {Record<string, () => Promise<unknown>>} commands
 */
export async function runControlCommandLine(usage, commands) {
  const command = process.argv[2] ?? '';
  if (!Object.hasOwn(commands, command)) {
    console.error(`usage: ${usage} ${Object.keys(commands).join('|')}`);
    process.exit(2);
  }
  try {
    await commands[command]();
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}
