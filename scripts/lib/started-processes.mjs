// The processes a background service (background-service.mjs) started, as its pid file records
// them: one line "<pid> <start time>" per start. Every start adds its line rather than replacing
// the file's one pid: a start whose health check missed a service that was up (a busy relay
// answering after the 1 s timeout) spawns a second process that loses the port and exits, and a
// file naming only that one left the first running where no stop could find it. The start time
// (/proc/<pid>/stat) tells a process we started from a later one that got its pid after it ended.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Process `pid`'s /proc/<pid>/stat fields from the third (state) on, or undefined where it is gone (or there is no /proc). */
function statFields(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The second field is the command name in parentheses, which may itself hold spaces and ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** When process `pid` started, in clock ticks since boot (field 22), or undefined where that cannot be read. */
export function processStartTime(pid) {
  return statFields(pid)?.[19];
}

/** Whether process `pid` runs: it exists and is not a zombie (dead, not yet reaped: it holds no port). */
export function isRunning(pid) {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  return statFields(pid)?.[0] !== 'Z';
}

/** Resolves once process `pid` is no longer running (its ports free again), or after 10 s. */
export async function untilExited(pid) {
  for (let i = 0; i < 200 && isRunning(pid); i += 1) await sleep(50);
}

/**
 * The processes `pidFile` records that still run and are still the ones recorded. A line
 * without a start time (a file written before they were recorded) is taken at its pid alone.
 * @param {string} pidFile
 * @returns {number[]}
 */
export function startedProcesses(pidFile) {
  if (!existsSync(pidFile)) return [];
  return readFileSync(pidFile, 'utf8')
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter(([pid]) => /^\d+$/.test(pid ?? ''))
    .filter(([pid, startTime]) => isRunning(Number(pid)) && (startTime === undefined || processStartTime(Number(pid)) === startTime))
    .map(([pid]) => Number(pid));
}

/** Adds process `pid`, just started, to `pidFile`; lines of processes no longer running are dropped. */
export function recordStartedProcess(pidFile, pid) {
  const lines = [...startedProcesses(pidFile), pid].map((running) => `${running} ${processStartTime(running) ?? ''}`.trim());
  writeFileSync(pidFile, `${lines.join('\n')}\n`);
}
