import * as path from 'node:path';
import { runMochaIn } from './mochaRun';

/** extensionTestsPath of the first window: activation, commands, start a task. */
export function run(): Promise<void> {
  return runMochaIn(path.join(__dirname, 'suite'));
}
