import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { Page } from '../host/workbench';
import { measurePanel } from './measurePanel';
import { runCommand, setTheme, webview } from './workbenchUi';

/** The colour themes the panel is looked at in, with the classes the workbench and the webview then carry. */
const THEMES = [
  { name: 'light', theme: 'Default Light Modern', workbench: 'vs', body: 'vscode-light' },
  { name: 'dark', theme: 'Default Dark Modern', workbench: 'vs-dark', body: 'vscode-dark' },
  { name: 'hc', theme: 'Default High Contrast', workbench: 'hc-black', body: 'vscode-high-contrast' },
] as const;

/**
 * The window widths looked at: 600 px with both side bars closed (the editor then has ~550 px, near
 * the 500 px the panel must fit), and 1400 px with both open, the case users reported clipped.
 */
const LAYOUTS = [
  { width: 600, sideBars: false },
  { width: 1400, sideBars: true },
] as const;

/** Whether the primary and secondary side bars are shown (the workbench marks hidden parts with classes). */
async function sideBarsShown(page: Page): Promise<{ primary: boolean; secondary: boolean }> {
  const classes = (await page.locator('.monaco-workbench').first().getAttribute('class')) ?? '';
  return { primary: !/\bnosidebar\b/.test(classes), secondary: !/\bnoauxiliarybar\b/.test(classes) };
}

/** Shows or hides both side bars through their palette commands, and waits until the layout says so. */
async function setSideBars(page: Page, want: { primary: boolean; secondary: boolean }): Promise<void> {
  const now = await sideBarsShown(page);
  if (now.primary !== want.primary) await runCommand(page, 'View: Toggle Primary Side Bar Visibility');
  if (now.secondary !== want.secondary) await runCommand(page, 'View: Toggle Secondary Side Bar Visibility');
  const workbench = page.locator('.monaco-workbench').first();
  await workbench.and(page.locator(want.primary ? ':not(.nosidebar)' : '.nosidebar')).waitFor({ timeout: 10_000 });
  await workbench.and(page.locator(want.secondary ? ':not(.noauxiliarybar)' : '.noauxiliarybar')).waitFor({ timeout: 10_000 });
}

/** Waits until the webview's page is as wide as the editor the workbench laid out for it (the resize reached it). */
async function waitForWebviewWidth(page: Page): Promise<number> {
  const frame = page.locator('iframe.webview').first();
  for (let i = 0; ; i++) {
    const outer = (await frame.boundingBox())?.width ?? 0;
    const inner = await webview(page)
      .locator('html')
      .evaluate(() => window.innerWidth)
      .catch(() => -1);
    if (outer > 0 && Math.abs(outer - inner) <= 1) return inner;
    if (i === 100) assert.fail(`the webview never took the editor's width (${outer} px outside, ${inner} px inside)`);
    await page.waitForTimeout(100);
  }
}

/**
 * Looks at the open panel at 600 px and 1400 px in the light, dark and high-contrast themes: a
 * screenshot of each (test-output/e2e/panel-<width>-<theme>.png), no row action clipped, exactly one
 * primary button. Leaves the window as it found it (dark theme, 1280 px, side bars as they were).
 */
export async function panelAtEveryWidth(page: Page, userDataDir: string, shots: string, rows: number): Promise<void> {
  const before = await sideBarsShown(page);
  const viewport = page.viewportSize() ?? { width: 1280, height: 800 };
  const panel = webview(page);
  const problems: string[] = [];
  try {
    for (const layout of LAYOUTS) {
      await page.setViewportSize({ width: layout.width, height: 800 });
      await setSideBars(page, { primary: layout.sideBars, secondary: layout.sideBars });
      for (const theme of THEMES) {
        setTheme(userDataDir, theme.theme);
        await page.locator(`.monaco-workbench.${theme.workbench}`).waitFor({ timeout: 15_000 });
        await panel.locator(`body.${theme.body}`).waitFor({ timeout: 15_000 });
        await waitForWebviewWidth(page);
        const seen = await panel.locator('html').evaluate(measurePanel);
        await page.screenshot({ path: path.join(shots, `panel-${layout.width}-${theme.name}.png`) });
        const where = `${layout.width} px window${layout.sideBars ? ' with both side bars' : ''}, ${theme.name} (webview ${seen.width} px)`;
        if (seen.actions.length !== rows) problems.push(`${where}: ${seen.actions.length} row actions for ${rows} rows`);
        if (seen.clipped.length > 0) problems.push(`${where}: clipped ${seen.clipped.join('; ')}`);
        if (seen.primaries.length !== 1) problems.push(`${where}: ${seen.primaries.length} primary buttons (${seen.primaries.join(', ')})`);
      }
    }
  } finally {
    setTheme(userDataDir, 'Default Dark Modern');
    await page.setViewportSize(viewport);
    await setSideBars(page, before);
    await page.locator('.monaco-workbench.vs-dark').waitFor({ timeout: 15_000 });
  }
  assert.deepEqual(problems, []);
}
