import * as path from 'node:path';

/** The repository root (this file compiles to out/test/host/). */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

/** Where tests keep what a person may want to look at afterwards (screenshots, logs, summaries). */
export const TEST_OUTPUT = path.join(REPO_ROOT, 'test-output');

/** Where the extension keeps its database inside a VS Code user data folder (its global storage). */
export function databaseFileIn(userDataDir: string): string {
  return path.join(userDataDir, 'User', 'globalStorage', 'leverage-record.leverage-record', 'leverage.sqlite');
}
