import * as path from 'node:path';
import { runMochaIn } from './mochaRun';

/** extensionTestsPath of the same workspace after a window reload: the task survived, stop, export. */
export function run(): Promise<void> {
  return runMochaIn(path.join(__dirname, 'afterReload'));
}
