// nginxService on a real Debian nginx, with the relays' configuration (scripts/relay/nginx-config.mjs)
// in front of two stand-in relays (HTTP servers that answer their own name), all on free ports in
// a temporary directory.
import { existsSync } from 'node:fs';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freeLoopbackPort } from './loopback-port.mjs';
import { PROXY_HEALTH_PATH, renderRelayNginxConfig } from '../relay/nginx-config.mjs';
import { nginxService } from './nginx-service.mjs';
import { isRunning } from './started-processes.mjs';

const get = (url) => fetch(url).then(async (r) => [r.status, await r.text()]).catch(() => undefined);

let work;
let standIns;
let port;

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'nginx-service-'));
  // nginx's workers run as nobody when it is started as root.
  fs.chmodSync(work, 0o755);
  standIns = await Promise.all(
    ['relay-a', 'relay-b'].map(
      (name) =>
        new Promise((resolve) => {
          const server = http.createServer((request, response) => response.end(name));
          server.listen(0, '127.0.0.1', () => resolve(server));
        }),
    ),
  );
  port = await freeLoopbackPort();
});

afterAll(() => {
  for (const server of standIns ?? []) server.close();
  fs.rmSync(work, { recursive: true, force: true });
});

describe.runIf(existsSync('/usr/sbin/nginx'))('nginxService', () => {
  it('writes the configuration it is given, starts nginx on it, leaves a running one as it is, and stops it', async () => {
    const prefix = path.join(work, 'nginx');
    const service = nginxService({ name: 'nginx under test', prefix, stateDir: work, healthUrl: `http://127.0.0.1:${port}${PROXY_HEALTH_PATH}` });
    const relayHosts = standIns.map((server) => `127.0.0.1:${server.address().port}`);
    const config = renderRelayNginxConfig({ prefix, port, relayHosts });

    await service.start(config);
    expect(service.configFile).toBe(path.join(prefix, 'nginx.conf'));
    expect(fs.readFileSync(service.configFile, 'utf8')).toBe(config);
    expect(['logs', 'temp'].map((dir) => fs.statSync(path.join(prefix, dir)).isDirectory())).toEqual([true, true]);
    expect(await get(`http://127.0.0.1:${port}${PROXY_HEALTH_PATH}`)).toEqual([200, 'ok']);
    // Round robin over both relays.
    const answers = [await get(`http://127.0.0.1:${port}/health`), await get(`http://127.0.0.1:${port}/health`)];
    expect(answers.map(([, name]) => name).sort()).toEqual(['relay-a', 'relay-b']);

    // Up already: another configuration is not written over the running one's.
    await service.start(renderRelayNginxConfig({ prefix, port, relayHosts: relayHosts.slice(0, 1) }));
    expect(fs.readFileSync(service.configFile, 'utf8')).toBe(config);

    const master = Number(fs.readFileSync(path.join(prefix, 'nginx.pid'), 'utf8'));
    await service.stop();
    expect([await service.isUp(), isRunning(master), fs.existsSync(path.join(work, 'nginx.pid'))]).toEqual([false, false, false]);
  });

  it('refuses a configuration nginx rejects, and starts nothing', async () => {
    const prefix = path.join(work, 'refused');
    const service = nginxService({ name: 'nginx under test', prefix, stateDir: path.join(work, 'refused-state'), healthUrl: `http://127.0.0.1:${port}${PROXY_HEALTH_PATH}` });
    await expect(service.start('events {}\nhttp { server { listen 127.0.0.1:notaport; } }\n')).rejects.toThrow(/nginx -t/);
    expect([await service.isUp(), fs.existsSync(path.join(work, 'refused-state', 'nginx.pid'))]).toEqual([false, false]);
  });
});
