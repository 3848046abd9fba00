import { defineConfig } from 'vitest/config';

// Unit tests live next to the code they test (foo.ts + foo.test.ts) in packages/ and apps/.
export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'apps/*/src/**/*.test.{ts,tsx}', 'scripts/**/*.test.mjs'],
    environment: 'node',
  },
});
