// The one way Longview configures a Debian redis-server, for the relay tier of the demo and the
// e2e tests (scripts/relay/control.mjs), the relay's unit tests (apps/relay/src/testing) and the
// relay benchmark (bench/relay-load.mjs). They start it differently (a detached service, a child
// of the test process, a child whose CPU the bench measures) but with these arguments.
import net from 'node:net';

/**
 * redis-server's command line: loopback only, data in `dir`, no RDB snapshots, and the
 * durability asked for: 'always' (every write reaches the append-only file before the answer),
 * 'everysec' (a crash loses at most the last second) or 'none' (no file: a benchmark's Redis).
 * `port` is a TCP port on 127.0.0.1, or 0 with `unixSocket` (a path) for no port at all.
 *
 * @param {{ dir: string, port?: number, unixSocket?: string, durability: 'always' | 'everysec' | 'none' }} options
 * @returns {string[]}
 */
export function redisServerArgs({ dir, port = 0, unixSocket, durability }) {
  const persistence = durability === 'none' ? ['--appendonly', 'no'] : ['--appendonly', 'yes', '--appendfsync', durability];
  return [
    '--bind', '127.0.0.1',
    '--port', String(port),
    ...(unixSocket ? ['--unixsocket', unixSocket] : []),
    '--dir', dir,
    '--save', '',
    ...persistence,
    '--daemonize', 'no',
    '--protected-mode', 'yes',
  ];
}

/**
 * Whether a Redis answers PING on 127.0.0.1:`port`.
 *
 * @param {number} port
 * @returns {Promise<boolean>}
 */
export function redisAnswers(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const done = (isUp) => {
      socket.destroy();
      resolve(isUp);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(String(data).startsWith('+PONG')));
    // A Redis shutting down may take the connection and close it unanswered: no data, no error,
    // and a closed socket's idle timeout never fires. Without this the probe never settled, and
    // a stop that probed just after its SIGTERM hung the e2e run's relay test until its timeout.
    socket.once('close', () => done(false));
  });
}
