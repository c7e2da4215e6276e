import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30000,
    pool: 'forks',
    // Every Graph request any test makes must be one Meta's spec knows.
    setupFiles: ['test/support/meta-contract.ts'],
  },
});
