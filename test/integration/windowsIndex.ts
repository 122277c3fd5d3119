import * as path from 'node:path';
import { runMochaIn } from './mochaRun';

/** extensionTestsPath of each of two windows running at once on one user data folder. */
export function run(): Promise<void> {
  return runMochaIn(path.join(__dirname, 'windows'));
}
