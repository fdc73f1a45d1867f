import { resolve } from 'node:path'
import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'electron-vite'

// Explicit entries: the Electron shell, the plain-Node engine host (also what utilityProcess
// forks), and the platform simulator CLI all build into out/main; dependencies stay external
// (loaded from node_modules), so `node out/main/host.js` runs the engine without Electron.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve('electron/main/index.ts'),
          host: resolve('electron/host/index.ts'),
          simulate: resolve('electron/sim/cli.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // Sandboxed preloads must be CommonJS and self-contained.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve('electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    base: './',
    plugins: [vue()],
    build: {
      outDir: resolve('out/renderer'),
      // Minified (electron-vite leaves the renderer unminified by default): a third of the bytes
      // every wall and workstation parses at start; source maps stay out of the package.
      minify: 'esbuild',
      chunkSizeWarningLimit: 2000,
      rollupOptions: { input: resolve('renderer/index.html') },
    },
  },
})
