import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The admin console's build: served by the function app at /api/admin/, hashed files under assets/,
 * written to dist-web/admin (the deployment bundle copies it into dist-deploy/admin).
 */
export default defineConfig({
  root: __dirname,
  base: '/api/admin/',
  plugins: [react()],
  build: {
    outDir: '../../dist-web/admin',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: false,
    chunkSizeWarningLimit: 1500,
    modulePreload: { polyfill: false },
    rollupOptions: {
      // zod's sources carry /* @__PURE__ */ comments in places Rollup ignores; harmless, and not ours.
      onwarn(warning, warn) {
        if (warning.code !== 'INVALID_ANNOTATION') warn(warning);
      },
    },
  },
});
