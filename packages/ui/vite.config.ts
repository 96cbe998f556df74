import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Built to static files that @livespan/server serves at `/` (absolute asset
// paths, so deep links like /traces/:id load them too). `npm run dev` proxies
// the API to a server on :4000.
export const config = defineConfig({
  plugins: [react()],
  base: '/',
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, target: 'es2022' },
  server: { proxy: { '/api': 'http://127.0.0.1:4000', '/v1': 'http://127.0.0.1:4000' } },
});

// Vite loads a config file's default export; this is the one default export
// in the package and exists only for that loader.
export default config;
