// redisAnswers against stand-ins for the ways a port can answer: a Redis that PONGs, one that
// takes the connection and closes it unanswered (a Redis shutting down), and nothing at all.
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { redisAnswers } from './redis-server.mjs';

const servers = [];

/** A TCP server on a free loopback port that does `onConnection` with each socket; its port. */
async function standIn(onConnection) {
  const server = net.createServer(onConnection);
  servers.push(server);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server.address().port;
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

describe('redisAnswers', () => {
  it('is true for a server that answers PING with PONG', async () => {
    const port = await standIn((socket) => socket.once('data', () => socket.end('+PONG\r\n')));
    expect(await redisAnswers(port)).toBe(true);
  });

  it('is false, at once, for a server that takes the connection and closes it unanswered', async () => {
    const port = await standIn((socket) => socket.destroy());
    const started = Date.now();
    expect(await redisAnswers(port)).toBe(false);
    // Not the 1 s idle timeout: the close itself settles it (before, it never settled).
    expect(Date.now() - started).toBeLessThan(900);
  });

  it('is false for a port nobody listens on', async () => {
    const port = await standIn(() => undefined);
    await new Promise((resolve) => servers.pop().close(resolve));
    expect(await redisAnswers(port)).toBe(false);
  });
});
