// The one test command: typecheck, lint (the layering rules), the format check, build, then every layer in order (unit
// without VS Code, the store's fault suite with real processes, integration in the real extension
// host, end-to-end in the real browser workbench). Each layer
// writes test-output/summary-<layer>.json; the closing line adds them up.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

const steps = [
  ['typecheck', 'npx', ['tsc', '-p', '.', '--noEmit']],
  ['typecheck domain (no Node types)', 'npx', ['tsc', '-p', 'src/domain/tsconfig.json']],
  ['typecheck webview', 'npx', ['tsc', '-p', 'media/tsconfig.json']],
  ['lint', 'npx', ['eslint', '.']],
  ['format', 'npx', ['prettier', '--check', '.']],
  ['build', 'node', ['scripts/build.mjs']],
  ['compile tests', 'npx', ['tsc', '-p', 'test/tsconfig.json']],
  ['unit', 'node', ['out/test/unit/runUnit.js']],
  ['faults', 'node', ['out/test/faults/runFaults.js']],
  ['integration', 'node', ['out/test/host/runServerTests.js']],
  ['package', 'npm', ['run', '--silent', 'package']],
  ['e2e', 'node', ['out/test/e2e/runE2e.js']],
];
const layers = ['unit', 'faults', 'integration', 'e2e'];

rmSync('test-output', { recursive: true, force: true });
rmSync('out', { recursive: true, force: true });
const started = Date.now();
let broken = [];
for (const [name, cmd, args] of steps) {
  console.log(`\n=== ${name} ===`);
  const t0 = Date.now();
  const result = spawnSync(cmd, args, { stdio: 'inherit' });
  console.log(`=== ${name}: ${result.status === 0 ? 'ok' : 'FAILED'} in ${((Date.now() - t0) / 1000).toFixed(1)} s ===`);
  if (result.status !== 0) {
    broken.push(name);
    if (!layers.includes(name)) break; // nothing to test without a build
  }
}

let passed = 0;
let failed = 0;
for (const layer of layers) {
  const file = `test-output/summary-${layer}.json`;
  if (!existsSync(file)) {
    console.log(`${layer}: no results`);
    if (!broken.includes(layer)) broken.push(layer);
    failed += 1;
    continue;
  }
  const s = JSON.parse(readFileSync(file, 'utf8'));
  console.log(`${layer}: ${s.passed} passed, ${s.failed} failed`);
  passed += s.passed;
  failed += s.failed;
}
if (broken.length > 0 && failed === 0) failed = broken.length;
console.log(
  `\nAll layers in ${((Date.now() - started) / 1000).toFixed(0)} s${broken.length ? ` (failed steps: ${broken.join(', ')})` : ''}`,
);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || broken.length > 0 ? 1 : 0);
