/**
 * A real Debian redis-server for the relay's tests: its own temporary folder, a unix socket
 * (no port to collide with a demo's Redis), append-only persistence so a restart keeps what it
 * had, as the deployed one does. `stop` + `start` is a Redis restart.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { redisServerArgs } from '../../../scripts/lib/redis-server.mjs';

export interface TestRedis {
  /** What ioredis takes as its first argument: the socket's path. */
  url: string;
  start(): Promise<void>;
  /** SIGTERM (Redis writes its append-only file and exits) or SIGKILL (a crash). */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  remove(): Promise<void>;
}

export function testRedis(): TestRedis {
  const dir = mkdtempSync(join(tmpdir(), 'lv-redis-'));
  const socket = join(dir, 'redis.sock');
  let child: ChildProcess | undefined;

  async function start(): Promise<void> {
    if (child) return;
    const started = spawn('redis-server', redisServerArgs({ dir, unixSocket: socket, durability: 'always' }), { stdio: 'ignore' });
    child = started;
    const failed = new Promise<never>((_, reject) => started.once('error', (error) => reject(new Error(`redis-server did not start (${error.message}); scripts/setup.sh installs it`))));
    const ready = (async () => {
      for (let i = 0; i < 200 && !existsSync(socket); i += 1) await new Promise((r) => setTimeout(r, 25));
      if (!existsSync(socket)) throw new Error('redis-server did not open its socket');
    })();
    await Promise.race([ready, failed]);
  }

  async function stop(signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill(signal);
    await exited;
    rmSync(socket, { force: true });
  }

  return {
    url: socket,
    start,
    stop,
    async remove() {
      await stop('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
