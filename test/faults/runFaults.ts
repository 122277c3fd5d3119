import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import { writeSummary } from '../host/summary';
import { killStragglers } from './harness';

/**
 * The fault suite: the compiled store driven by real OS processes under real faults (concurrent
 * writers, SIGKILL mid-save, SIGSTOP past the lock's stale limit, a full disk, odd files).
 */
const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', timeout: 180_000, rootHooks: { afterEach: killStragglers } });
for (const file of fs
  .readdirSync(__dirname)
  .filter((f) => f.endsWith('.test.js'))
  .sort())
  mocha.addFile(path.join(__dirname, file));
const started = Date.now();
const runner = mocha.run((failures) => {
  const passed = runner.stats?.passes ?? 0;
  console.log(`Fault suite: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  writeSummary({ layer: 'faults', passed, failed: failures });
  process.exitCode = failures > 0 || passed === 0 ? 1 : 0;
});
