import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import { writeSummary } from '../host/summary';

/** Unit tests: pure logic and the store on real sql.js, no VS Code. */
function collect(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return collect(full);
    return entry.name.endsWith('.test.js') ? [full] : [];
  });
}

const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', timeout: 10_000 });
for (const file of collect(__dirname).sort()) mocha.addFile(file);
const runner = mocha.run((failures) => {
  const passed = runner.stats?.passes ?? 0;
  writeSummary({ layer: 'unit', passed, failed: failures });
  process.exitCode = failures > 0 || passed === 0 ? 1 : 0;
});
