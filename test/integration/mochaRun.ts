import * as fs from 'node:fs';
import * as path from 'node:path';
import * as util from 'node:util';
import Mocha from 'mocha';
import { HOST_LINE_PREFIX } from './hostLine';

/**
 * Runs every `*.test.js` in `dir` inside the extension host, the way @vscode/test-electron
 * expects an `extensionTestsPath` module to: resolve when all pass, reject otherwise.
 */
export function runMochaIn(dir: string): Promise<void> {
  // The workbench console carries much noise; the launcher shows only lines with this prefix.
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) =>
    console.log(
      util
        .format(...args)
        .split('\n')
        .map((line) => HOST_LINE_PREFIX + line)
        .join('\n'),
    );
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 30_000, reporter: 'spec' });
  for (const file of fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.test.js'))
    .sort()) {
    mocha.addFile(path.join(dir, file));
  }
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} extension-host test(s) failed`)) : resolve()));
  });
}
