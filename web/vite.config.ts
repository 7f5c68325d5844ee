/**
 * Builds the portal and console (one React app, routed by path) into web/dist, which the server
 * serves: pages under /portal/ and /console/, hashed files under /assets/. No inline scripts or
 * styles, so the server's Content-Security-Policy can forbid them.
 */
import { defineConfig } from 'vite'

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsInlineLimit: 0,
    sourcemap: false,
    target: 'es2022',
  },
  oxc: { jsx: { runtime: 'automatic' } },
  server: {
    proxy: {
      '/portal/api': 'http://127.0.0.1:4599',
      '/console/api': 'http://127.0.0.1:4599',
    },
  },
})
