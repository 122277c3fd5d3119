import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { installHost } from '../host/installHost';
import { databaseFileIn, REPO_ROOT, TEST_OUTPUT } from '../host/paths';
import { startServer } from '../host/serverHost';
import { writeSummary } from '../host/summary';
import initSqlJs from 'sql.js';
import type { Task } from '../../src/domain/task';
import { SqliteTaskStore } from '../../src/storage/sqliteStore';
import { launchBrowser, tempWorkspace, workbenchUrl, type Page } from '../host/workbench';
import { panelAtEveryWidth } from './panelWidths';
import { rowActionsFromKeyboard } from './rowActions';
import { openPalette, runCommand, setTheme, webview } from './workbenchUi';

const SHOTS = path.join(TEST_OUTPUT, 'e2e');

/** The value of one of the panel's totals. */
function total(panel: ReturnType<typeof webview>, label: string): Promise<string> {
  return panel.locator(`[data-total="${label}"] dd`).innerText();
}

/** The command titles the palette lists for `query` (once the list has settled), then closes it. */
async function paletteTitles(page: Page, query: string): Promise<string[]> {
  const input = await openPalette(page, `>${query}`);
  const rows = page.locator('.quick-input-list .monaco-list-row .label-name');
  let last = '';
  for (let i = 0, stable = 0; i < 50 && stable < 3; i++) {
    await page.waitForTimeout(100);
    const now = (await rows.allInnerTexts()).join('\n');
    stable = now === last ? stable + 1 : 0;
    last = now;
  }
  await input.press('Escape');
  return last
    .split('\n')
    .map((t) => t.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
}

/** Asserts that the palette lists `shown` and not `hidden` among the Leverage start/stop commands. */
async function assertPaletteOffers(page: Page, shown: string, hidden: string): Promise<void> {
  const titles = await paletteTitles(page, 'Leverage: St');
  assert.ok(titles.includes(shown), titles.join(' | '));
  assert.ok(!titles.includes(hidden), titles.join(' | '));
}

/** Opens the extension's walkthrough through the workbench's own command. */
async function openWalkthrough(page: Page): Promise<void> {
  await runCommand(page, 'Welcome: Open Walkthrough...');
  await answerInputBox(page, 'Get started with Leverage Record');
}

/** A walkthrough step the workbench has ticked off (it marks done steps with aria-checked). */
function doneStep(page: Page, title: string) {
  return page.locator('.getting-started-step[aria-checked="true"]', { hasText: title }).first();
}

/** Answers VS Code's own save dialog (a path box in the browser workbench) once it offers its default name. */
async function answerSaveDialog(page: Page, file: string): Promise<void> {
  const input = page.locator('.quick-input-widget input').first();
  // Runs in the page: the dialog has put its default file name in the path box.
  await page.waitForFunction(
    `/leverage-\\d{4}-\\d{2}-\\d{2}\\.(csv|md)$/.test(document.querySelector('.quick-input-widget input')?.value ?? '')`,
    undefined,
    { timeout: 10_000 },
  );
  await input.fill(file);
  await page.waitForFunction((want) => document.querySelector<HTMLInputElement>('.quick-input-widget input')?.value === want, file, {
    timeout: 10_000,
  });
  // The dialog re-reads the folder as the path changes and may ignore an answer meanwhile (Enter
  // more often than OK): press OK until the dialog has closed.
  const widget = page.locator('.quick-input-widget');
  for (let attempt = 1; ; attempt++) {
    await widget.getByRole('button', { name: 'OK' }).click();
    const closed = await widget
      .waitFor({ state: 'hidden', timeout: 2_000 })
      .then(() => true)
      .catch(() => false);
    if (closed) return;
    if (attempt === 5) assert.fail(`the save dialog did not take ${file}`);
  }
}

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
    const bell = page
      .locator('.statusbar-item[id="status.notifications"], .statusbar-item .codicon-bell, .statusbar-item .codicon-bell-dot')
      .first();
    await bell.click();
    const item = page.locator('.notifications-center .notification-list-item-message').filter({ hasText: text }).first();
    await item.waitFor({ state: 'visible', timeout: 10_000 });
    const found = await item.innerText();
    // Close the centre again: while it is open, the workbench makes the command palette inert.
    await bell.click();
    await page.locator('.notifications-center.visible').waitFor({ state: 'hidden', timeout: 10_000 });
    return found;
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
    name: 'with no task running the palette offers Start Task, not Stop Task',
    async run(page) {
      await assertPaletteOffers(page, 'Leverage: Start Task', 'Leverage: Stop Task');
    },
  },
  {
    name: 'the walkthrough is listed and shows its five steps',
    async run(page) {
      await openWalkthrough(page);
      for (const step of ['Start a task', 'Work with an agent', 'Stop and estimate', 'Open the Leverage panel', 'Export the record']) {
        await page.locator('.getting-started-step .step-title', { hasText: step }).first().waitFor({ state: 'attached', timeout: 20_000 });
      }
      assert.equal(await page.locator('.getting-started-step[aria-checked="true"]').count(), 0, 'no step is done before anything was done');
      await page.screenshot({ path: path.join(SHOTS, 'walkthrough.png') });
      await runCommand(page, 'View: Close All Editors');
    },
  },
  {
    name: 'the panel shows the seeded rows and weighted totals; hostile titles render as plain text',
    async run(page) {
      await runCommand(page, 'Leverage: Open Leverage Panel');
      const panel = webview(page);
      await panel.locator('table.tasks tbody tr[data-task-id]').nth(2).waitFor({ timeout: 30_000 });
      assert.equal(await panel.locator('table.tasks tbody tr[data-task-id]').count(), 3);
      assert.equal(await total(panel, 'Weighted leverage'), '25.2x');
      assert.equal(await total(panel, 'Tasks'), '3');
      const titles = await panel.locator('td[data-col="title"]').allInnerTexts();
      assert.ok(
        titles.some((t) => t.includes('<img src=x onerror=')),
        `titles: ${titles.join(' | ')}`,
      );
      assert.ok(titles.some((t) => t.startsWith('=HYPERLINK(')));
      assert.equal(await panel.locator('table.tasks img').count(), 0, 'no element was created from a title');
      assert.equal(await panel.locator('body').getAttribute('data-pwned'), null, 'no script ran');
      await page.screenshot({ path: path.join(SHOTS, 'panel-dark.png') });
    },
  },
  {
    name: 'the panel fits 1400 px with both side bars and 600 px, in light, high contrast and dark: no column or row action cut off, one primary button',
    run: (page) => panelAtEveryWidth(page, SHOTS, 3),
  },
  {
    name: "a row's actions menu works from the keyboard: ArrowDown opens it, End then Enter deletes, Undo restores",
    run: (page) => rowActionsFromKeyboard(page, 'Design doc for desktop app', 3, path.join(SHOTS, 'panel-row-menu.png')),
  },
  {
    name: "the panel's title bar carries the export actions",
    async run(page) {
      for (const label of ['Export Markdown Record…', 'Export to CSV…']) {
        await page.locator(`.editor-actions .action-label[aria-label="${label}"]`).waitFor({ state: 'visible', timeout: 10_000 });
      }
    },
  },
  {
    name: 'switching the range to Yesterday shows that day; back to Today',
    async run(page) {
      const panel = webview(page);
      await panel.locator('select[aria-label="Range"]').selectOption('yesterday');
      await panel.locator('[data-total="Weighted leverage"] dd', { hasText: '4.0x' }).waitFor({ timeout: 10_000 });
      assert.equal(await panel.locator('table.tasks tbody tr[data-task-id]').count(), 1);
      await panel.locator('select[aria-label="Range"]').selectOption('today');
      await panel.locator('[data-total="Weighted leverage"] dd', { hasText: '25.2x' }).waitFor({ timeout: 10_000 });
    },
  },
  {
    name: 'editing an estimate in the task log (keyboard) updates the totals',
    async run(page) {
      const panel = webview(page);
      const cell = panel.locator('tr', { hasText: 'Design doc' }).locator('td[data-col="human"] button');
      await cell.focus();
      await cell.press('Enter');
      const input = panel.locator('input[aria-label^="New human est"]');
      await input.fill('abc');
      await input.press('Enter');
      await panel.locator('.error', { hasText: 'not a duration' }).waitFor({ timeout: 10_000 });
      await input.fill('32h');
      await input.press('Enter');
      await panel.locator('[data-total="Weighted leverage"] dd', { hasText: '40.6x' }).waitFor({ timeout: 10_000 });
      assert.equal(await total(panel, 'Human-equivalent'), '42h');
    },
  },
  {
    name: 'Export Markdown and Export CSV from the panel write safe files',
    async run(page) {
      const panel = webview(page);
      const md = path.join(EXPORTS, 'record.md');
      await panel.locator('button', { hasText: 'Export Markdown' }).click();
      await answerInputBox(page, 'Save as a Markdown file');
      await answerSaveDialog(page, md);
      await untilFile(md, 10_000, true);
      const text = fs.readFileSync(md, 'utf8');
      assert.ok(text.includes('| &lt;img src=x onerror='), text);
      assert.ok(text.includes('| Weighted average leverage (Σ hours × 60 / Σ AI minutes) | 40.6x |'), text);
      const csv = path.join(EXPORTS, 'record.csv');
      await panel.locator('button', { hasText: 'Export CSV' }).click();
      await answerSaveDialog(page, csv);
      await untilFile(csv, 10_000, true);
      const csvText = fs.readFileSync(csv, 'utf8');
      assert.ok(csvText.includes(`"'=HYPERLINK(""http://evil.example"",""click"")"`), csvText);
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
    name: 'with a task running the palette offers Stop Task, not Start Task',
    async run(page) {
      await assertPaletteOffers(page, 'Leverage: Stop Task', 'Leverage: Start Task');
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
    name: "a notification shows the task's leverage and the status bar is idle again",
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
      await shellReady(page);
      await page.keyboard.type(`PATH=${FAKE_BIN}:$PATH claude 20 0 0`);
      await page.keyboard.press('Enter');
      const running = statusItem(page, /Let the fake agent work · AI (<1m|\dm)/);
      await running.waitFor({ state: 'visible', timeout: 20_000 });
      await untilFile(path.join(FAKE_BIN, 'claude-finished'), 20_000); // the agent prints for ~4 s, then says it is done
      await page.screenshot({ path: path.join(SHOTS, '4-agent-measured.png') });
    },
  },
  {
    name: 'the stop prompt names where the measured AI minutes came from; the notification repeats it',
    async run(page) {
      await statusItem(page, 'Let the fake agent work').click();
      const widget = page.locator('.quick-input-widget');
      await widget.filter({ hasText: /AI (<1m|\dm) · terminal · Sup\./ }).waitFor({ timeout: 10_000 });
      await page.screenshot({ path: path.join(SHOTS, '5-stop-prompt-measured.png') });
      await answerInputBox(page, '3h');
      const text = await findNotification(page, /Let the fake agent work/);
      assert.match(text, /3h by hand, AI (<1m|\dm) \(terminal\) → [\d.]+x leverage/);
      assert.doesNotMatch(text, /wall clock/);
    },
  },
  {
    name: 'Ctrl+Alt+Shift+L starts a task when none runs and stops it when one runs',
    async run(page) {
      await statusItem(page, 'Start task').waitFor({ state: 'visible', timeout: 10_000 });
      await page.keyboard.press('Escape'); // close the notification centre if the last check opened it
      await page.keyboard.press('Control+Alt+Shift+L');
      await answerInputBox(page, 'Started from the keyboard');
      await statusItem(page, 'Started from the keyboard').waitFor({ state: 'visible', timeout: 10_000 });
      await page.keyboard.press('Control+Alt+Shift+L');
      await answerInputBox(page, '1h');
      await findNotification(page, /Started from the keyboard/);
      await statusItem(page, 'Start task').waitFor({ state: 'visible', timeout: 10_000 });
    },
  },
  {
    name: 'the panel follows the theme (light screenshot) and is restored after a window reload',
    async run(page) {
      await runCommand(page, 'Leverage: Open Leverage Panel'); // bring it to the front again after the walkthrough
      await webview(page).locator('table.tasks tbody tr[data-task-id]').first().waitFor({ timeout: 30_000 });
      await runCommand(page, 'Preferences: Toggle between Light/Dark Themes');
      await page.locator('.monaco-workbench.vs').waitFor({ timeout: 15_000 });
      await webview(page).locator('body.vscode-light').waitFor({ timeout: 15_000 });
      await page.screenshot({ path: path.join(SHOTS, 'panel-light.png') });
      await page.reload();
      await webview(page).locator('table.tasks tbody tr[data-task-id]').first().waitFor({ timeout: 60_000 });
      await runCommand(page, 'Preferences: Toggle between Light/Dark Themes');
      await page.locator('.monaco-workbench.vs-dark').waitFor({ timeout: 15_000 });
      await statusItem(page, /Start task/).waitFor({ state: 'visible', timeout: 60_000 });
    },
  },
  {
    name: 'the walkthrough marks the steps done that were done: start, agent, stop, panel',
    async run(page) {
      await page.keyboard.press('Escape'); // leave the notification centre, if a check opened it
      await openWalkthrough(page);
      for (const step of ['Start a task', 'Work with an agent', 'Stop and estimate', 'Open the Leverage panel']) {
        await doneStep(page, step).waitFor({ state: 'attached', timeout: 20_000 });
      }
      assert.equal(await doneStep(page, 'Export the record').count(), 0, 'the export step was not done through its commands');
    },
  },
];

/** A folder with a fake `claude` that prints a line every 200 ms for N lines, then leaves `claude-finished` beside itself. */
const FAKE_BIN = (() => {
  const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'leverage-e2e-agents-'));
  fs.writeFileSync(
    path.join(bin, 'claude'),
    '#!/usr/bin/env bash\nfor ((i = 0; i < ${1:-10}; i++)); do echo "working $i"; sleep 0.2; done\ntouch "$(dirname "$0")/claude-finished"\n',
    { mode: 0o755 },
  );
  return bin;
})();

/**
 * Resolves once `file` exists (`settled`: with content that stopped growing between two looks, so
 * the write went through); fails after `timeoutMs`.
 */
async function untilFile(file: string, timeoutMs: number, settled = false): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let last = -1; ;) {
    const size = fs.existsSync(file) ? fs.statSync(file).size : -1;
    if (size >= 0 && (!settled || (size > 0 && size === last))) return;
    if (Date.now() > deadline) assert.fail(`${file} was not ${settled ? 'written' : 'there'} within ${timeoutMs} ms`);
    last = size;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Waits until the focused terminal's shell runs typed commands: the shell reads input only after
 * its start-up files, shell integration included, so a marker file a typed command creates proves
 * both. Typed again if the keys went in before the terminal was connected to its shell.
 */
async function shellReady(page: Page): Promise<void> {
  const marker = path.join(FAKE_BIN, `shell-ready-${Date.now()}`);
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.type(`touch ${marker}`);
    await page.keyboard.press('Enter');
    const ready = await untilFile(marker, 5_000).then(
      () => true,
      () => false,
    );
    if (ready) return;
    if (attempt === 4) assert.fail('the terminal never ran a typed command');
  }
}

/** Where the panel's exports go. */
const EXPORTS = fs.mkdtempSync(path.join(os.tmpdir(), 'leverage-e2e-exports-'));

/**
 * Seeds the record the user would already have (today: three tasks, two with hostile titles;
 * yesterday: one) straight into the database file the extension will open, with our own store.
 */
async function seed(userDataDir: string): Promise<void> {
  setTheme(userDataDir, 'Default Dark Modern');
  const file = databaseFileIn(userDataDir);
  const { store } = await SqliteTaskStore.open(await initSqlJs(), { file });
  const today = new Date();
  today.setHours(0, 0, 0, 0);
  const at = (dayOffset: number, hour: number) => today.getTime() + dayOffset * 86_400_000 + hour * 3_600_000;
  const task = (id: string, title: string, start: number, h: number, ai: number, sup?: number, tokens?: number): Task => ({
    id,
    title,
    workspace: 'seed',
    startedAt: start,
    stoppedAt: start + ai * 60_000,
    humanHours: h,
    aiMinutes: ai,
    aiSource: 'measured',
    supMinutes: sup,
    supSource: sup === undefined ? undefined : 'measured',
    tokens,
    tokensSource: tokens === undefined ? undefined : 'measured',
    updatedAt: start,
  });
  store.put(task('seed-1', 'Design doc for desktop app', at(0, 0.1), 16, 12, 2, 350_000));
  store.put(task('seed-2', '<img src=x onerror="document.body.dataset.pwned=1">', at(0, 0.2), 8, 30));
  store.put(task('seed-3', '=HYPERLINK("http://evil.example","click")', at(0, 0.3), 2, 20));
  store.put(task('seed-4', "Yesterday's work", at(-1, 10), 4, 60));
  await store.close();
}

/** The packaged extension, built by `npm run package` (scripts/test-all.mjs runs it first). */
const VSIX = path.join(REPO_ROOT, 'dist-vsix', 'leverage-record.vsix');

/**
 * Drives the real workbench in headless Chromium like a person would, with the extension
 * installed from its VSIX: this also proves the package installs and activates.
 */
async function main(): Promise<number> {
  fs.mkdirSync(SHOTS, { recursive: true });
  if (!fs.existsSync(VSIX)) throw new Error(`${VSIX} is missing: run "npm run package" first`);
  const host = await startServer(installHost(), path.join(TEST_OUTPUT, 'server-e2e.log'), VSIX, seed);
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
