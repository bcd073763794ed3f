import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

// The server runs in-process: load one graphql module for it, as server/vitest.config.ts does, so yoga and
// Pothos agree on the GraphQLError class.
const graphqlEntry = createRequire(new URL('../server/api/package.json', import.meta.url)).resolve('graphql');

export default defineConfig({
  resolve: { alias: [{ find: /^graphql$/, replacement: graphqlEntry }] },
  test: {
    include: ['specs/**/*.e2e.ts'],
    globalSetup: ['support/global-setup.ts'],
    pool: 'forks',
    // One spec file at a time, one test at a time: each file owns a server, a database and a browser.
    fileParallelism: false,
    maxWorkers: 1,
    sequence: { concurrent: false },
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});
