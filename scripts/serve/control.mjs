// Starts and stops the viewer as it is deployed: Debian nginx serving the built app and one origin
// for the archives, the static DICOMweb trees and the audit sink (nginx-config.mjs renders the
// configuration). One nginx per port, so the demo (5173), the e2e run (LONGVIEW_E2E_PORT) and the
// benches do not collide; its state (config, pid, logs, temp) is in .data/viewer/<port>/.
//
//   node scripts/serve/control.mjs start|stop|status      (LONGVIEW_PORT, default 5173)
//
// LONGVIEW_DIST: another built viewer; LONGVIEW_FRAME_ANCESTORS: who may frame it (CSP).
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { REPO_ROOT, runControlCommandLine } from '../lib/background-service.mjs';
import { nginxService } from '../lib/nginx-service.mjs';
import { BROTLI_STATIC_MODULE, HEALTH_PATH, configConnectSources, localArchives, renderViewerNginxConfig } from './nginx-config.mjs';
import { parseFrameAncestors } from './security-headers.mjs';

export const DEFAULT_AUDIT_SINK = 'http://127.0.0.1:18090';

/** The directory (relative to the repository) of the nginx serving the viewer on `port`. */
export const viewerStateDir = (port) => `.data/viewer/${port}`;

/** The access log of the nginx on `port` (only the app's own files are logged there). */
export const viewerAccessLog = (port) => join(REPO_ROOT, viewerStateDir(port), 'nginx/logs/access.log');

/**
 * The viewer served by nginx on `port`. `start()` renders the configuration from the built app's
 * config.json (its CSP follows the SMART issuers and the relay named there), reuses an nginx that
 * already serves exactly that configuration, replaces one of ours that serves another (a changed
 * config.json), and resolves once it answers.
 * `extraArchives`: archives proxied besides scripts/archives.json's, as localArchives() lists
 * them (a bench's generated archives, reached as the deployed viewer reaches its own).
 * @param {{ port: number, dist?: string, frameAncestors?: string, auditSink?: string, extraArchives?: Array<{ id: string, upstream: string }> }} options
 */
export function viewerServer({ port, dist = process.env.LONGVIEW_DIST ?? join(REPO_ROOT, 'apps/viewer/dist'), frameAncestors = "'none'", auditSink = DEFAULT_AUDIT_SINK, extraArchives = [] }) {
  const stateDir = viewerStateDir(port);
  const prefix = join(REPO_ROOT, stateDir, 'nginx');
  const root = resolve(dist);
  const url = `http://127.0.0.1:${port}`;

  function render() {
    const options = {
      prefix,
      port,
      dist: root,
      archives: [...localArchives(REPO_ROOT), ...extraArchives],
      auditSink,
      frameAncestors,
      connectSources: configConnectSources(root),
      brotliModule: existsSync(BROTLI_STATIC_MODULE) ? BROTLI_STATIC_MODULE : undefined,
      // Started as root (CI, the demo machines), nginx would run its workers as nobody, who cannot
      // read a checkout under a private home (/root is 0700). This is the local tier on loopback;
      // a hospital's server runs them as www-data over a world-readable dist (docs/deploy.md).
      workerUser: process.getuid?.() === 0 ? 'root' : undefined,
    };
    const digest = createHash('sha256').update(renderViewerNginxConfig(options)).digest('hex').slice(0, 16);
    return { digest, text: renderViewerNginxConfig({ ...options, digest }) };
  }

  /** What the health path answers: our digest, another one, or nothing at all. */
  async function healthAnswer() {
    try {
      const response = await fetch(`${url}${HEALTH_PATH}`, { signal: AbortSignal.timeout(1000) });
      return response.ok ? await response.text() : undefined;
    } catch {
      return undefined;
    }
  }

  let expected = '';
  const nginx = nginxService({
    name: `nginx serving the viewer on port ${port}`,
    prefix,
    stateDir,
    probe: async () => (await healthAnswer()) === expected,
  });

  async function start() {
    if (!existsSync(join(root, 'index.html'))) throw new Error(`No built viewer in ${root}: run "pnpm build" first.`);
    const config = render();
    expected = `longview-viewer ${config.digest}`;
    if (await nginx.isUp()) return;
    // Ours with another configuration (stop() acts only through this repository's pid file).
    if ((await healthAnswer())?.startsWith('longview-viewer ')) await nginx.stop();
    await nginx.start(config.text);
  }

  return { url, start, stop: () => nginx.stop(), isUp: async () => (await healthAnswer())?.startsWith('longview-viewer ') ?? false };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const port = Number(process.env.LONGVIEW_PORT ?? 5173);
  // Made inside each command, so a refused LONGVIEW_FRAME_ANCESTORS is reported as that command's failure.
  const viewer = () => viewerServer({ port, frameAncestors: parseFrameAncestors(process.env.LONGVIEW_FRAME_ANCESTORS) });
  await runControlCommandLine('[LONGVIEW_PORT=5173] node scripts/serve/control.mjs', {
    start: async () => {
      const server = viewer();
      await server.start();
      console.log(JSON.stringify({ event: 'viewer-listening', url: `${server.url}/` }));
    },
    stop: () => viewer().stop(),
    status: async () => console.log((await viewer().isUp()) ? 'up' : 'down'),
  });
}
