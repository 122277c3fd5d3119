import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { TEST_HOOKS_ENV } from '../../src/testHooks';
import { REPO_ROOT } from './paths';

/**
 * Second launcher for the same integration suite, in desktop VS Code through @vscode/test-electron.
 * It downloads VS Code unless LEVERAGE_VSCODE_PATH names an installed executable; on machines
 * without internet access use the default server launcher (`npm test`).
 */
async function main(): Promise<void> {
  const userData = fs.mkdtempSync(path.join(os.tmpdir(), 'leverage-electron-user-'));
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'leverage-electron-ws-'));
  const testsDir = path.join(REPO_ROOT, 'out', 'test', 'integration');
  for (const module of ['index.js', 'afterReloadIndex.js']) {
    await runTests({
      vscodeExecutablePath: process.env.LEVERAGE_VSCODE_PATH,
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath: path.join(testsDir, module),
      extensionTestsEnv: { [TEST_HOOKS_ENV]: '1' },
      // Same user data for both runs: the second window is the first one reloaded.
      launchArgs: [workspace, '--user-data-dir', userData, '--disable-extensions', '--disable-workspace-trust'],
    });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
