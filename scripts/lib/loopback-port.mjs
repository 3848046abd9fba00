// A port for a test's own server or nginx: one the kernel hands out on 127.0.0.1, so a test never
// takes a service's default port (or another test's) on a machine where those are running.
import net from 'node:net';

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freeLoopbackPort() {
  return new Promise((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}
