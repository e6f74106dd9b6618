import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import vue from '@vitejs/plugin-vue';

const root = import.meta.dirname;

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        // `host` is the browser host (plain Node); it must never import electron. `hook` is the
        // keyboard-hook process (a utility process in the app, a Node child elsewhere).
        input: {
          index: resolve(root, 'main/index.ts'),
          host: resolve(root, 'main/host/cli.ts'),
          hook: resolve(root, 'main/hotkey/hook-process.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve(root, 'preload/index.ts') },
        // Sandboxed preloads cannot be ES modules and cannot require node_modules: bundle as CJS.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
      externalizeDeps: false,
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    // Relative asset URLs: the page loads from file:// in Electron and from / in the browser host.
    base: './',
    plugins: [vue()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      rollupOptions: { input: { index: resolve(root, 'renderer/index.html') } },
    },
  },
});
