import * as fs from 'node:fs';
import * as path from 'node:path';
import initSqlJs from 'sql.js';
import { installHost } from '../host/installHost';
import { databaseFileIn, REPO_ROOT, TEST_OUTPUT } from '../host/paths';
import { startServer } from '../host/serverHost';
import { launchBrowser, tempWorkspace, workbenchUrl, type Page } from '../host/workbench';
import type { Task } from '../../src/domain/task';
import { SqliteTaskStore } from '../../src/storage/sqliteStore';

const TASKS = 10_000;
const SESSIONS = 100_000;

/** Seeds 10,000 tasks over the last ~70 days and 100,000 agent sessions into the user's database. */
async function seed(userDataDir: string): Promise<void> {
  const file = databaseFileIn(userDataDir);
  const { store } = await SqliteTaskStore.open(await initSqlJs(), { file, saveDelayMs: 3_600_000 });
  const now = Date.now();
  for (let i = 0; i < TASKS; i++) {
    const start = now - (TASKS - i) * 10 * 60_000; // one task every 10 minutes
    const task: Task = {
      id: `t${i}`,
      title: `Task ${i}: refactor module ${i % 97}`,
      workspace: 'bench',
      startedAt: start,
      stoppedAt: start + 8 * 60_000,
      humanHours: 1 + (i % 16),
      aiMinutes: 5 + (i % 40),
      aiSource: 'measured',
      supMinutes: 1 + (i % 7),
      supSource: 'measured',
      tokens: 10_000 * (i % 50),
      tokensSource: 'measured',
      updatedAt: start,
    };
    store.put(task);
  }
  for (let i = 0; i < SESSIONS; i++) {
    const taskIndex = Math.floor(i / (SESSIONS / TASKS));
    const start = now - (TASKS - taskIndex) * 10 * 60_000 + (i % 10) * 30_000;
    store.putSession({
      id: `s${i}`,
      agent: i % 2 ? 'claude' : 'codex',
      taskId: `t${taskIndex}`,
      workspace: 'bench',
      startedAt: start,
      endedAt: start + 60_000,
      active: [{ start, end: start + 45_000 }],
      exitCode: 0,
      measuredBy: 'shell-integration',
      updatedAt: start,
    });
  }
  await store.close();
  console.log(`seeded ${TASKS} tasks, ${SESSIONS} sessions: ${(fs.statSync(file).size / 1e6).toFixed(1)} MB database`);
}

async function painted(page: Page, after: string | null, timeoutMs: number): Promise<string> {
  const frame = page.frameLocator('iframe.webview').frameLocator('iframe#active-frame');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await frame
      .locator('body')
      .getAttribute('data-painted', { timeout: 1_000 })
      .catch(() => null);
    if (value && value !== after) return value;
    if (Date.now() > deadline) throw new Error('the panel did not paint');
    await page.waitForTimeout(5);
  }
}

/** Times openPanel → first data paint, and range switches, in the real workbench. */
async function main(): Promise<void> {
  const host = await startServer(installHost(), path.join(TEST_OUTPUT, 'server-bench.log'), undefined, seed);
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(workbenchUrl(host, { folder: tempWorkspace('leverage-bench-'), extensionPath: REPO_ROOT }));
    await page.locator('.statusbar-item', { hasText: 'Start task' }).waitFor({ timeout: 60_000 });
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input').first();
    await input.fill('>Leverage: Open Leverage Panel');
    await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: 'Open Leverage Panel' }).waitFor();
    let t0 = Date.now();
    await input.press('Enter');
    let mark = await painted(page, null, 30_000);
    const firstPaint = await page
      .frameLocator('iframe.webview')
      .frameLocator('iframe#active-frame')
      .locator('body')
      .getAttribute('data-first-paint-ms');
    console.log(
      `${'openPanel → first data paint (today)'.padEnd(48)} ${Date.now() - t0} ms seen by Playwright; webview document → paint ${firstPaint} ms`,
    );
    const frame = page.frameLocator('iframe.webview').frameLocator('iframe#active-frame');
    for (const range of ['week', 'month', 'yesterday', 'all', 'today']) {
      t0 = Date.now();
      await frame.locator('select[aria-label="Range"]').selectOption(range);
      mark = await painted(page, mark, 30_000);
      const rows = await frame.locator('table.tasks tbody tr[data-task-id]').count();
      const inside = await frame.locator('body').getAttribute('data-last-load-ms');
      const render = await frame.locator('body').getAttribute('data-last-show-ms');
      console.log(
        `${`range switch → ${range} (${rows} rows shown)`.padEnd(48)} ${inside} ms request→paint in the webview (rendering ${render} ms); ${Date.now() - t0} ms seen by Playwright`,
      );
    }
  } finally {
    await browser.close();
    await host.stop();
  }
  for (const file of ['panel.js', 'panel.css']) {
    const p = path.join(REPO_ROOT, 'dist', 'webview', file);
    console.log(`${`dist/webview/${file}`.padEnd(48)} ${(fs.statSync(p).size / 1024).toFixed(0)} KiB`);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
