import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { installHost } from '../host/installHost';
import { REPO_ROOT, TEST_OUTPUT } from '../host/paths';
import { startServer } from '../host/serverHost';
import { writeSummary } from '../host/summary';
import { launchBrowser, tempWorkspace, workbenchUrl, type Page } from '../host/workbench';

const SHOTS = path.join(TEST_OUTPUT, 'e2e');

/** A status-bar entry of the real workbench whose text contains `text`. */
function statusItem(page: Page, text: string | RegExp) {
  return page.locator('.statusbar-item').filter({ hasText: text }).first();
}

/** Types into the real quick input and presses Enter. */
async function answerInputBox(page: Page, text: string): Promise<void> {
  const input = page.locator('.quick-input-widget input').first();
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await input.fill(text);
  await input.press('Enter');
}

/**
 * Finds a notification by text: as a toast if it pops, otherwise in the notification centre
 * (in the headless server workbench toasts do not always appear).
 */
async function findNotification(page: Page, text: RegExp): Promise<string> {
  const toast = page.locator('.notification-toast .notification-list-item-message').filter({ hasText: text }).first();
  try {
    await toast.waitFor({ state: 'visible', timeout: 5_000 });
    return await toast.innerText();
  } catch {
    await page.keyboard.press('Escape');
    await page.locator('.statusbar-item[id="status.notifications"], .statusbar-item .codicon-bell, .statusbar-item .codicon-bell-dot').first().click();
    const item = page.locator('.notifications-center .notification-list-item-message').filter({ hasText: text }).first();
    await item.waitFor({ state: 'visible', timeout: 10_000 });
    return item.innerText();
  }
}

interface Check {
  readonly name: string;
  run(page: Page): Promise<void>;
}

const checks: Check[] = [
  {
    name: 'the installed VSIX activates: the status bar offers "Start task"',
    async run(page) {
      await statusItem(page, 'Start task').waitFor({ state: 'visible', timeout: 60_000 });
    },
  },
  {
    name: 'clicking it asks for a title; the typed task then runs in the status bar',
    async run(page) {
      await statusItem(page, 'Start task').click();
      await answerInputBox(page, 'Write the e2e test <b>bold</b>');
      const running = statusItem(page, 'Write the e2e test');
      await running.waitFor({ state: 'visible', timeout: 10_000 });
      assert.match(await running.innerText(), /Write the e2e test <b>bold<\/b> · (<1m|\dm)/);
      await page.screenshot({ path: path.join(SHOTS, '1-running.png') });
    },
  },
  {
    name: 'clicking the running task asks for the estimate, refuses "abc", accepts "2h"',
    async run(page) {
      await statusItem(page, 'Write the e2e test').click();
      const input = page.locator('.quick-input-widget input').first();
      await input.waitFor({ state: 'visible', timeout: 10_000 });
      await input.fill('abc');
      const validation = page.locator('.quick-input-widget .quick-input-message');
      await validation.filter({ hasText: 'not a duration' }).waitFor({ timeout: 10_000 });
      await input.fill('2h');
      await validation.filter({ hasText: /2h by hand → [\d.]+x leverage/ }).waitFor({ timeout: 10_000 });
      await page.screenshot({ path: path.join(SHOTS, '2-estimate.png') });
      await input.press('Enter');
    },
  },
  {
    name: 'a notification shows the task\'s leverage and the status bar is idle again',
    async run(page) {
      const text = await findNotification(page, /2h by hand/);
      assert.match(text, /Write the e2e test <b>bold<\/b>.*2h by hand.*→ [\d.]+x leverage/);
      await statusItem(page, 'Start task').waitFor({ state: 'visible', timeout: 10_000 });
      await page.screenshot({ path: path.join(SHOTS, '3-stopped-notification.png') });
    },
  },
  {
    name: 'with a task running, an agent in the real terminal shows measured AI time in the status bar',
    async run(page) {
      await statusItem(page, 'Start task').click();
      await answerInputBox(page, 'Let the fake agent work');
      await statusItem(page, 'Let the fake agent work').waitFor({ state: 'visible', timeout: 10_000 });
      await page.keyboard.press('F1');
      await answerInputBox(page, '>Terminal: Create New Terminal');
      const terminal = page.locator('.terminal-wrapper .xterm').first();
      await terminal.waitFor({ state: 'visible', timeout: 20_000 });
      await terminal.click();
      await page.waitForTimeout(2_000); // let the shell print its prompt and load shell integration
      await page.keyboard.type(`PATH=${FAKE_BIN}:$PATH claude 20 0 0`);
      await page.keyboard.press('Enter');
      const running = statusItem(page, /Let the fake agent work · AI (<1m|\dm)/);
      await running.waitFor({ state: 'visible', timeout: 20_000 });
      await page.waitForTimeout(5_000); // the agent prints for ~4 s
      await page.screenshot({ path: path.join(SHOTS, '4-agent-measured.png') });
    },
  },
  {
    name: 'the stop prompt shows the measured figures; the notification reports measured AI time',
    async run(page) {
      await statusItem(page, 'Let the fake agent work').click();
      const widget = page.locator('.quick-input-widget');
      await widget.filter({ hasText: /AI (<1m|\dm) measured \(claude\)/ }).waitFor({ timeout: 10_000 });
      await page.screenshot({ path: path.join(SHOTS, '5-stop-prompt-measured.png') });
      await answerInputBox(page, '3h');
      const text = await findNotification(page, /Let the fake agent work/);
      assert.match(text, /3h by hand, AI (<1m|\dm) → [\d.]+x leverage/);
      assert.doesNotMatch(text, /wall clock/);
    },
  },
];

/** A folder with a fake `claude` that prints a line every 200 ms for N lines. */
const FAKE_BIN = (() => {
  const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'leverage-e2e-agents-'));
  fs.writeFileSync(path.join(bin, 'claude'), '#!/usr/bin/env bash\nfor ((i = 0; i < ${1:-10}; i++)); do echo "working $i"; sleep 0.2; done\n', { mode: 0o755 });
  return bin;
})();

/** The packaged extension, built by `npm run package` (scripts/test-all.mjs runs it first). */
const VSIX = path.join(REPO_ROOT, 'dist-vsix', 'leverage-record.vsix');

/**
 * Drives the real workbench in headless Chromium like a person would, with the extension
 * installed from its VSIX: this also proves the package installs and activates.
 */
async function main(): Promise<number> {
  fs.mkdirSync(SHOTS, { recursive: true });
  if (!fs.existsSync(VSIX)) throw new Error(`${VSIX} is missing: run "npm run package" first`);
  const host = await startServer(installHost(), path.join(TEST_OUTPUT, 'server-e2e.log'), VSIX);
  const browser = await launchBrowser();
  let passed = 0;
  let failed = 0;
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(workbenchUrl(host, { folder: tempWorkspace('leverage-e2e-') }));
    console.log(`\n  browser e2e in the real workbench, extension installed from ${path.relative(REPO_ROOT, VSIX)}`);
    for (const check of checks) {
      if (failed > 0) {
        console.log(`    - ${check.name} (skipped after a failure)`);
        failed++;
        continue;
      }
      try {
        await check.run(page);
        passed++;
        console.log(`    ✔ ${check.name}`);
      } catch (err) {
        failed++;
        console.log(`    ✗ ${check.name}\n      ${String(err instanceof Error ? err.stack : err).replace(/\n/g, '\n      ')}`);
        await page.screenshot({ path: path.join(SHOTS, 'failure.png') }).catch(() => undefined);
      }
    }
  } finally {
    await browser.close();
    await host.stop();
  }
  writeSummary({ layer: 'e2e', passed, failed });
  console.log(`[e2e] ${passed} passed, ${failed} failed; screenshots in ${SHOTS}`);
  return failed > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    writeSummary({ layer: 'e2e', passed: 0, failed: 1 });
    process.exit(1);
  },
);
