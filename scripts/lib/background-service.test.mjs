// The pid bookkeeping of a background service, on a stand-in service (a Node HTTP server that
// answers "ok" on a free port) in a temporary state directory: what its stop() ends after a
// restart, after a start that spawned a second process, and what it never touches.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freeLoopbackPort } from './loopback-port.mjs';
import { backgroundService } from './background-service.mjs';
import { isRunning, processStartTime } from './started-processes.mjs';

const STAND_IN = "require('node:http').createServer((q, s) => s.end('ok')).listen(Number(process.env.STAND_IN_PORT), '127.0.0.1')";

let stateDir;
let port;
/** Every pid a test saw, ended afterwards whatever the test left. */
const seen = [];

beforeEach(async () => {
  stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'background-service-'));
  port = await freeLoopbackPort();
});

afterEach(() => {
  for (const pid of seen.splice(0)) if (isRunning(pid)) process.kill(pid, 'SIGKILL');
  fs.rmSync(stateDir, { recursive: true, force: true });
});

/** The stand-in service; each call is a fresh controller on the same pid file, as another process running control.mjs would hold. */
function standIn(probe) {
  const healthUrl = `http://127.0.0.1:${port}/`;
  return backgroundService({ name: 'stand-in service', id: 'stand-in', command: process.execPath, args: ['-e', STAND_IN], env: { STAND_IN_PORT: String(port) }, stateDir, healthUrl, probe });
}

const pidFile = () => path.join(stateDir, 'stand-in.pid');
const recordedPids = () => fs.readFileSync(pidFile(), 'utf8').trim().split('\n').map((line) => Number(line.split(' ')[0]));
const answers = async () => (await fetch(`http://127.0.0.1:${port}/`).then((r) => r.text()).catch(() => undefined)) === 'ok';

describe('backgroundService: stop() ends what start() started', () => {
  it('records the process a restart starts, so a later stop from another controller ends it', async () => {
    await standIn().start();
    const [first] = recordedPids();
    seen.push(first);
    expect(fs.readFileSync(pidFile(), 'utf8')).toBe(`${first} ${processStartTime(first)}\n`);

    // As a test does: the service crashes (SIGKILL), then is started again.
    await standIn().kill();
    expect([isRunning(first), fs.existsSync(pidFile())]).toEqual([false, false]);
    await standIn().start();
    const [restarted] = recordedPids();
    seen.push(restarted);
    expect(restarted).not.toBe(first);
    expect(await answers()).toBe(true);

    await standIn().stop();
    expect([isRunning(restarted), await answers(), fs.existsSync(pidFile())]).toEqual([false, false, false]);
  }, 20_000);

  it('still ends the running process after a start whose check missed it spawned another that lost the port', async () => {
    await standIn().start();
    const [running] = recordedPids();
    seen.push(running);

    // A health check that timed out on a busy service: start() spawns a second process, which
    // cannot listen on the port and exits, while the first goes on serving.
    let isMissed = true;
    const missedOnce = async () => {
      if (isMissed) return (isMissed = false);
      return answers();
    };
    await standIn(missedOnce).start();
    const recorded = recordedPids();
    seen.push(...recorded);

    await standIn().stop();
    expect([isRunning(running), await answers()]).toEqual([false, false]);
    // Both starts are on record, the one that lost the port included.
    expect([recorded.length, recorded[0]]).toEqual([2, running]);
    // 20 s: a stop that misses the running process waits 10 s for it to go quiet; fail on the values, not the time.
  }, 20_000);

  it('ends a pid recorded without a start time (an older pid file), never a process that got a recorded pid later', async () => {
    const bystander = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1e6)'], { stdio: 'ignore' });
    const older = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1e6)'], { stdio: 'ignore' });
    seen.push(bystander.pid, older.pid);
    const olderExit = new Promise((resolve) => older.once('exit', (_, signal) => resolve(signal)));
    // The bystander's pid with another start time: the process we started under it has ended.
    fs.writeFileSync(pidFile(), `${bystander.pid} 1\n${older.pid}\n`);

    await standIn().stop();
    expect(await olderExit).toBe('SIGTERM');
    expect(isRunning(bystander.pid)).toBe(true);
    expect(fs.existsSync(pidFile())).toBe(false);
  }, 20_000);
});
