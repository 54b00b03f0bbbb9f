import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    // The browser suites serve modeler/dist: build it once, before any suite starts.
    globalSetup: ['test/support/buildWebApp.ts'],
  },
});
