import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', wordpress: 'src/wordpress/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  external: ['yjs', 'y-protocols', 'lib0', '@wordpress/sync'],
});
