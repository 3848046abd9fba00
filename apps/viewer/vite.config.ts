import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
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

export default defineConfig({
  plugins: [react(), microscopyWorker()],
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
  },
  server: { host: '127.0.0.1' },
});
