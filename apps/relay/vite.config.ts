import { defineConfig } from 'vite';

// One file for node: the workspace packages (TypeScript sources) and their pure-JS
// dependencies are bundled in; ws stays a runtime import from apps/relay/node_modules.
export default defineConfig({
  build: { target: 'node20', minify: false, sourcemap: true },
  ssr: { noExternal: true, external: ['ws'] },
});
