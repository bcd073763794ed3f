import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

// In `vite dev` the API runs separately (`pnpm dev` at the root, port 4000).
const api = process.env.LEASEBOARD_API ?? 'http://localhost:4000';
const proxied = ['/graphql', '/invoices', '/exports', '/licensing'];

export default defineConfig({
  plugins: [sveltekit()],
  server: {
    proxy: Object.fromEntries(proxied.map((path) => [path, { target: api, changeOrigin: false }])),
  },
  test: {
    include: ['src/**/*.test.ts'],
  },
});
