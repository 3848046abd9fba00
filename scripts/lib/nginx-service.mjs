// Debian nginx as a background service on a configuration this repository renders: the viewer's
// (scripts/serve/control.mjs) and the one in front of the live-session relays
// (scripts/relay/control.mjs). nginx's own files (nginx.conf, its pid, logs and temp) live in
// `prefix`; the service's pid file and log in `stateDir`, as for every background service.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { backgroundService } from './background-service.mjs';

/**
 * `name` says what it serves in messages; `prefix` is nginx's directory (absolute); `stateDir` as
 * backgroundService's; `healthUrl` answers 2xx when it is up, or `probe()` resolves true when it is.
 * @param {{ name: string, prefix: string, stateDir: string, healthUrl?: string, probe?: () => Promise<boolean> }} options
 */
export function nginxService({ name, prefix, stateDir, healthUrl, probe }) {
  const configFile = join(prefix, 'nginx.conf');
  const nginx = backgroundService({ name, id: 'nginx', command: 'nginx', args: ['-p', prefix, '-c', configFile], stateDir, healthUrl, probe });

  /** Writes `configText` as nginx.conf beside the logs/ and temp/ it names, and has nginx check it (throws if it is refused). */
  function writeConfig(configText) {
    for (const dir of ['logs', 'temp']) mkdirSync(join(prefix, dir), { recursive: true });
    writeFileSync(configFile, configText);
    execFileSync('nginx', ['-t', '-q', '-p', prefix, '-c', configFile], { stdio: 'inherit' });
  }

  /**
   * Starts nginx on `configText` unless it answers already (then its configuration is left as it
   * is: the one running may be a demo's); resolves once it answers.
   * @param {string} configText
   */
  async function start(configText) {
    if (await nginx.isUp()) return;
    writeConfig(configText);
    await nginx.start();
  }

  return { configFile, isUp: nginx.isUp, start, stop: nginx.stop };
}
