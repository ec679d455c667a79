import { defineConfig } from 'vitest/config';

// Served by the gateway at /console/ (same origin as the API): the bundle goes where a Quarkus
// app serves static files from a dependency, so the gateway's jar carries it.
export default defineConfig({
  base: '/console/',
  // JSX compiled by esbuild itself: no plugin that some npm versions fail to install
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: 'target/classes/META-INF/resources/console',
    emptyOutDir: true,
    // no inline script or style: the Content-Security-Policy allows only files from the console's own origin
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
  test: {
    include: ['src/**/*.test.ts'],
  },
});
