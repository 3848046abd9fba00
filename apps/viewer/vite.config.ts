import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Vite resolves the image loader's `new URL('<codec>/decodewasm', import.meta.url)` codec
// references and its decode worker itself, emitting the .wasm files as hashed assets.
const require = createRequire(import.meta.url);

export default defineConfig({
  plugins: [react()],
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
