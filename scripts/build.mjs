// One esbuild script for every bundle: the extension (Node, `vscode` external) with sql.js's wasm
// copied next to it for `locateFile`, and the panel webview (browser) with its stylesheet.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

rmSync('dist', { recursive: true, force: true });
mkdirSync('dist/webview', { recursive: true });
copyFileSync('node_modules/sql.js/dist/sql-wasm.wasm', 'dist/sql-wasm.wasm');
copyFileSync('media/panel/panel.css', 'dist/webview/panel.css');

const common = {
  bundle: true,
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'info',
};

const builds = [
  {
    ...common,
    entryPoints: ['src/extension.ts'],
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    outfile: 'dist/extension.js',
    external: ['vscode'],
  },
  // The log scan's worker thread, loaded by path from next to the extension bundle.
  { ...common, entryPoints: ['src/logs/scanWorker.ts'], platform: 'node', format: 'cjs', target: 'node18', outfile: 'dist/scanWorker.js' },
  {
    ...common,
    entryPoints: ['media/panel/main.ts'],
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    outfile: 'dist/webview/panel.js',
  },
];

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
