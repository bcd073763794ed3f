import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

// One graphql module for everything: Vite would pick graphql's ESM build for our sources while Node loads the
// CommonJS build for yoga and Pothos, and errors thrown with one GraphQLError class fail `instanceof` in the other.
const graphqlEntry = createRequire(import.meta.url).resolve('graphql');

export default defineConfig({
  resolve: { alias: [{ find: /^graphql$/, replacement: graphqlEntry }] },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
