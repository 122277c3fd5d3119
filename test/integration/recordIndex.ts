import * as path from 'node:path';
import { runMochaIn } from './mochaRun';

/** extensionTestsPath of a window for the record: import, Markdown, the panel's protocol. */
export function run(): Promise<void> {
  return runMochaIn(path.join(__dirname, 'record'));
}
