import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TEST_HOOKS_ENV } from '../../src/testHooks';
import { HOST_LINE_PREFIX } from '../integration/hostLine';
import { installHost } from './installHost';
import { REPO_ROOT, TEST_OUTPUT } from './paths';
import { startServer } from './serverHost';
import { MochaTally, writeSummary } from './summary';
import { launchBrowser, tempWorkspace, WorkbenchTab } from './workbench';

const PHASE_TIMEOUT_MS = 180_000;

/** A workspace that is a git repository with one commit, as a user's project would be. */
function gitWorkspace(): string {
  const folder = tempWorkspace('leverage-git-ws-');
  const git = (...args: string[]): string => execFileSync('git', args, { cwd: folder, encoding: 'utf8' });
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 'test@example.invalid');
  git('config', 'user.name', 'Leverage Test');
  fs.writeFileSync(path.join(folder, 'README.md'), '# project\n');
  git('add', '-A');
  git('commit', '-q', '-m', 'Initial commit');
  // Short supervisory credits and a short wait for shell integration keep the measure tests quick
  // (see measure/supervision.test.ts).
  fs.mkdirSync(path.join(folder, '.vscode'));
  fs.writeFileSync(
    path.join(folder, '.vscode', 'settings.json'),
    JSON.stringify({ 'leverage.supervisoryIdleSeconds': 3, 'leverage.shellIntegrationWaitSeconds': 1 }),
  );
  return folder;
}

/**
 * The default integration launcher: the suite runs inside the real extension host of the VS Code
 * server, opened by headless Chromium. Two windows in sequence on the same workspace and user data
 * prove that a running task survives a window reload; two windows at once on the same user data
 * prove that concurrent saves lose nothing.
 */
async function main(): Promise<number> {
  fs.mkdirSync(TEST_OUTPUT, { recursive: true });
  const install = installHost();
  // The extension exports its test hooks only when this is set (the server passes it on to the extension host).
  process.env[TEST_HOOKS_ENV] = '1';
  const host = await startServer(install, path.join(TEST_OUTPUT, 'server-integration.log'));
  const browser = await launchBrowser();
  const tally = new MochaTally();
  const hostLog = fs.createWriteStream(path.join(TEST_OUTPUT, 'workbench-integration.log'));
  const onLine = (text: string): void => {
    hostLog.write(`${text}\n`);
    for (const line of text.split('\n')) {
      if (!line.startsWith(HOST_LINE_PREFIX)) continue;
      const shown = line.slice(HOST_LINE_PREFIX.length);
      tally.line(shown);
      console.log(shown);
    }
  };
  let failedPhases = 0;
  try {
    // One tab for every window, as one person's browser: the next window in it is a reload.
    const tab = await WorkbenchTab.open(browser, onLine);
    const folder = tempWorkspace('leverage-ws-');
    const testsDir = path.join(REPO_ROOT, 'out', 'test', 'integration');
    const phases = [
      ['first window', 'index.js', folder],
      ['after reload', 'afterReloadIndex.js', folder],
      ['git repository window', 'measureIndex.js', gitWorkspace()],
      ['record window', 'recordIndex.js', tempWorkspace('leverage-record-ws-')],
    ] as const;
    for (const [name, module, folder] of phases) {
      console.log(`\n[integration] ${name} (real extension host of VS Code server on port ${host.port})`);
      const code = await tab.run(host, { folder, extensionPath: REPO_ROOT, testsPath: path.join(testsDir, module) }, PHASE_TIMEOUT_MS);
      if (code !== 0) failedPhases++;
    }
    // Two windows at once on the same user data folder (one record file), each in its own tab.
    console.log('\n[integration] two windows at once on one user data folder');
    const second = await WorkbenchTab.open(browser, onLine);
    const codes = await Promise.all(
      [tab, second].map((t, i) =>
        t.run(
          host,
          { folder: tempWorkspace(`leverage-window${i}-`), extensionPath: REPO_ROOT, testsPath: path.join(testsDir, 'windowsIndex.js') },
          2 * PHASE_TIMEOUT_MS,
        ),
      ),
    );
    failedPhases += codes.filter((code) => code !== 0).length;
  } finally {
    hostLog.end();
    await browser.close();
    await host.stop();
  }
  // A phase that crashed before mocha reported still counts as a failure.
  const failed = Math.max(tally.failed, failedPhases > 0 && tally.failed === 0 ? failedPhases : 0);
  writeSummary({ layer: 'integration', passed: tally.passed, failed });
  console.log(`[integration] ${tally.passed} passed, ${failed} failed`);
  return failed > 0 || tally.passed === 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    writeSummary({ layer: 'integration', passed: 0, failed: 1 });
    process.exit(1);
  },
);
