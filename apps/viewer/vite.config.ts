import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlib, gzip } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

// Vite resolves the image loader's `new URL('<codec>/decodewasm', import.meta.url)` codec
// references and its decode worker itself, emitting the .wasm files as hashed assets.
const require = createRequire(import.meta.url);

/**
 * dicom-microscopy-viewer (whole-slide images, loaded on demand by packages/render/src/wsi.ts)
 * starts its decoding worker from /dicom-microscopy-viewer/ (its PUBLIC_LIB_URL), and the
 * worker fetches its codecs beside itself. The package ships the module build of the worker in
 * dist/dynamic-import and the codecs of the same build, hash-named, in dist/: they are served
 * there under the names the worker asks for (dev) and emitted there (build), same-origin as
 * the CSP requires. The codecs must be these builds: the worker carries their JavaScript glue.
 */
const MICROSCOPY_FILES: Record<string, string> = {
  'dataLoader.worker.min.js': 'dynamic-import/dataLoader.worker.min.js',
  'charlswasm_decode.wasm': 'dynamic-import/charlswasm_decode.wasm',
  'libjpegturbowasm_decode.wasm': 'c22b37c3488e1d6c3aa4.wasm',
  'openjpegwasm_decode.wasm': '982b0633e475d94949df.wasm',
  'dicomiccwasm.wasm': '3d418194a2212819e790.wasm',
};

function microscopyWorker(): Plugin {
  const renderRequire = createRequire(resolve(__dirname, '../../packages/render/package.json'));
  const distDir = dirname(renderRequire.resolve('dicom-microscopy-viewer'));
  const source = (name: string) => readFileSync(resolve(distDir, MICROSCOPY_FILES[name] ?? name));
  return {
    name: 'longview-microscopy-worker',
    configureServer(server) {
      server.middlewares.use((request, response, next) => {
        const name = Object.keys(MICROSCOPY_FILES).find((file) => request.url === `/dicom-microscopy-viewer/${file}`);
        if (!name) return next();
        response.setHeader('Content-Type', name.endsWith('.wasm') ? 'application/wasm' : 'text/javascript');
        response.end(source(name));
      });
    },
    generateBundle() {
      for (const name of Object.keys(MICROSCOPY_FILES)) this.emitFile({ type: 'asset', fileName: `dicom-microscopy-viewer/${name}`, source: source(name) });
    },
  };
}

/** Files worth compressing: text and WebAssembly. Source maps are left out (only devtools fetch them). */
const COMPRESSIBLE = /\.(js|mjs|css|html|json|svg|wasm)$/;
/**
 * config.json is edited in place by whoever deploys the viewer; a .gz made at build time would
 * go on being served in its stead by nginx's gzip_static, whatever the edit.
 */
const EDITED_AT_DEPLOY = new Set(['config.json']);

/**
 * Writes `<file>.gz` and `<file>.br` beside every compressible file of the build, once, at the
 * highest levels (nothing is compressed per request): nginx sends them with gzip_static and
 * brotli_static (scripts/serve/nginx-config.mjs). A file that does not shrink by a tenth is left
 * alone. Any web server or CDN that serves precompressed siblings can use them.
 */
function precompress(): Plugin {
  let outDir = '';
  const filesUnder = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)]));
  return {
    name: 'longview-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    // Brotli's quality 11 takes ~15 s for the largest chunk (9 would be 10x faster and 9% larger);
    // the asynchronous calls run on libuv's threads, so every core works on it.
    async closeBundle() {
      const files = filesUnder(outDir).filter((file) => COMPRESSIBLE.test(file) && !EDITED_AT_DEPLOY.has(relative(outDir, file)));
      await Promise.all(
        files.flatMap((file) => {
          const source = readFileSync(file);
          const write = (extension: string) => (bytes: Buffer) => {
            if (bytes.length < source.length * 0.9) writeFileSync(`${file}${extension}`, bytes);
          };
          return [
            promisify(gzip)(source, { level: 9 }).then(write('.gz')),
            promisify(brotliCompress)(source, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: source.length } }).then(write('.br')),
          ];
        }),
      );
    },
  };
}

/**
 * The boot script (src/boot/main.ts) is an entry of its own, loaded async at the top of the
 * page: it starts the first image's requests while the app's chunks download. Written into
 * index.html as a script of the app, it would become part of the app's entry and run only once
 * every chunk that imports had arrived.
 */
/** The rendering package's entry (Cornerstone3D, vtk.js): a chunk of its own, loaded on demand. */
const RENDER_ENTRY = resolve(__dirname, '../../packages/render/src/index.ts');

function bootScript(): Plugin {
  const entry = resolve(__dirname, 'src/boot/main.ts');
  let base = '/';
  return {
    name: 'longview-boot-script',
    config: () => ({ build: { rollupOptions: { input: { index: resolve(__dirname, 'index.html'), boot: entry } } } }),
    configResolved(config) {
      base = config.base;
    },
    transformIndexHtml: {
      order: 'post',
      handler(_html, context) {
        const chunk = Object.values(context.bundle ?? {}).find((output) => output.type === 'chunk' && output.isEntry && output.facadeModuleId === entry);
        const src = chunk ? `${base}${chunk.fileName}` : `${base}src/boot/main.ts`;
        // Its imports (what it shares with the app) are asked for with it, ahead of the app's
        // chunks: on HTTP/1.1's six connections they would otherwise queue behind them.
        const imports = chunk?.type === 'chunk' ? chunk.imports : [];
        // The rendering engine's chunk and what it imports, for the boot script to preload
        // (download and compile, not run) on viewer pages only: the study list never needs it.
        const render = Object.values(context.bundle ?? {}).find((output) => output.type === 'chunk' && output.facadeModuleId === RENDER_ENTRY);
        const renderFiles = render?.type === 'chunk' ? [render.fileName, ...render.imports].map((file) => `${base}${file}`).join(' ') : undefined;
        return [
          { tag: 'script', attrs: { type: 'module', async: true, crossorigin: true, src, ...(renderFiles ? { 'data-render-chunks': renderFiles } : {}) }, injectTo: 'head-prepend' },
          ...imports.map((file) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `${base}${file}` }, injectTo: 'head-prepend' as const })),
        ];
      },
    },
  };
}

export default defineConfig({
  plugins: [react(), microscopyWorker(), precompress(), bootScript()],
  resolve: {
    alias: {
      // vtk.js (inside Cornerstone) pulls in xmlbuilder2, which extends Node's EventEmitter;
      // browsers have no 'events' module, so point it at the npm polyfill.
      events: require.resolve('events/'),
    },
  },
  publicDir: resolve(__dirname, '../../public'),
  worker: { format: 'es' },
  optimizeDeps: {
    // Pre-bundling would break the loader's `new URL('./decodeImageFrameWorker.js', import.meta.url)`.
    exclude: ['@cornerstonejs/dicom-image-loader'],
  },
  build: {
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 4000,
    // Every browser we support has modulepreload; the polyfill is script we would only carry
    // (the strict CSP of docs/decisions/0006 allows no inline script in any case).
    modulePreload: { polyfill: false },
    rollupOptions: {
      output: {
        // The rendering engine's chunk under a name of its own: the load-order e2e test and the
        // first-image bench find it in the request waterfall.
        chunkFileNames: (chunk) => (chunk.facadeModuleId === RENDER_ENTRY ? 'assets/render-[hash].js' : 'assets/[name]-[hash].js'),
      },
    },
  },
  server: { host: '127.0.0.1' },
});
