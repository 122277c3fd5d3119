import * as path from 'node:path';
import { runMochaIn } from './mochaRun';

/** extensionTestsPath of a window on a git repository: agents in terminals, commits, supervision. */
export function run(): Promise<void> {
  return runMochaIn(path.join(__dirname, 'measure'));
}
