import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Builds the renderer only; Vitest has its own config.
export default defineConfig({
  root: 'src-renderer',
  // Relative asset paths: the same build loads from app:// in Electron and from `promogpt serve`.
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'es2022',
  },
});
