// The nginx in front of the live-session relay processes (scripts/relay/control.mjs starts it):
// round robin, WebSocket upgrade, no sticky sessions; a relay that is down or answers 503 (no
// Redis) is skipped. This module only renders the configuration; docs/deploy.md explains each part.
import { join } from 'node:path';

/** Path of the answer that says nginx itself is up, whatever the relays behind it do. */
export const PROXY_HEALTH_PATH = '/proxy-health';

/**
 * nginx.conf for the relays. `prefix`: nginx's own directory (pid, logs, temp); `port`: where it
 * listens on 127.0.0.1; `relayHosts`: each relay process's host:port.
 * @param {{ prefix: string, port: number, relayHosts: string[] }} options
 * @returns {string}
 */
export function renderRelayNginxConfig({ prefix, port, relayHosts }) {
  const servers = relayHosts.map((host) => `    server ${host} max_fails=1 fail_timeout=2s;`).join('\n');
  return `# Written by scripts/relay/control.mjs; docs/deploy.md explains each part.
daemon off;
worker_processes 1;
pid ${join(prefix, 'nginx.pid')};
error_log ${join(prefix, 'logs/error.log')} warn;
events { worker_connections 8192; }
http {
  # No access log: a live session's URL is the capability to follow it.
  access_log off;
  client_body_temp_path ${join(prefix, 'temp/body')};
  proxy_temp_path ${join(prefix, 'temp/proxy')};
  fastcgi_temp_path ${join(prefix, 'temp/fastcgi')};
  uwsgi_temp_path ${join(prefix, 'temp/uwsgi')};
  scgi_temp_path ${join(prefix, 'temp/scgi')};
  map $http_upgrade $connection_upgrade { default upgrade; '' close; }
  upstream longview_relays {
${servers}
  }
  server {
    listen 127.0.0.1:${port};
    location = ${PROXY_HEALTH_PATH} { return 200 'ok'; }
    location / {
      proxy_pass http://longview_relays;
      proxy_http_version 1.1;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_connect_timeout 1s;
      # The relay sends every socket a heartbeat each 10 s; a silent minute is a dead one.
      proxy_read_timeout 60s;
      proxy_send_timeout 60s;
      # A relay that is down, or up without Redis (503), is skipped. Retrying a POST is safe:
      # one that failed that way created no session.
      proxy_next_upstream error timeout http_502 http_503 non_idempotent;
      proxy_next_upstream_tries ${relayHosts.length};
    }
  }
}
`;
}
