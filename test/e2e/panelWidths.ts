import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { Page } from '../host/workbench';
import { measurePanel } from './measurePanel';
import { pickColorTheme, runCommand, webview } from './workbenchUi';

/** The colour themes the panel is looked at in, with the classes the workbench and the webview then carry. */
const THEMES = [
  { name: 'light', label: 'Light Modern', workbench: 'vs', body: 'vscode-light' },
  { name: 'hc', label: 'Dark High Contrast', workbench: 'hc-black', body: 'vscode-high-contrast' },
  // Last: the e2e runs in Dark Modern, and the checks after this one expect it.
  { name: 'dark', label: 'Dark Modern', workbench: 'vs-dark', body: 'vscode-dark' },
] as const;

/**
 * The window widths looked at: 1400 px with both side bars open at the widths the workbench gave
 * them (the case users reported clipped), then 600 px with both closed (the editor then has
 * ~550 px, near the 500 px the panel must fit).
 */
const LAYOUTS = [
  { width: 1400, sideBars: true },
  { width: 600, sideBars: false },
] as const;

/** Narrower side bars than this would make the 1400 px case an easy one. */
const MIN_SIDE_BAR = 250;

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
 * Looks at the open panel at 600 px and 1400 px in the light, high-contrast and dark themes: a
 * screenshot of each (panel-<width>-<theme>.png in `shots`), no column cut off or scrolled away, no
 * row action clipped, exactly one primary button. Ends in Dark Modern with the window's size and side bars as it found them.
 */
export async function panelAtEveryWidth(page: Page, shots: string, rows: number): Promise<void> {
  const before = await sideBarsShown(page);
  const viewport = page.viewportSize() ?? { width: 1280, height: 800 };
  const panel = webview(page);
  const problems: string[] = [];
  for (const layout of LAYOUTS) {
    // Side bars open after the window grows and close before it shrinks: a shrinking window
    // squeezes open side bars, and they would keep that size.
    if (layout.sideBars) await page.setViewportSize({ width: layout.width, height: 800 });
    await setSideBars(page, { primary: layout.sideBars, secondary: layout.sideBars });
    if (!layout.sideBars) await page.setViewportSize({ width: layout.width, height: 800 });
    if (layout.sideBars) {
      for (const part of ['.part.sidebar', '.part.auxiliarybar']) {
        const width = (await page.locator(part).first().boundingBox())?.width ?? 0;
        assert.ok(width >= MIN_SIDE_BAR, `${part} is ${width} px wide: too narrow for the reported case`);
      }
    }
    for (const theme of THEMES) {
      await pickColorTheme(page, theme.label);
      await page.locator(`.monaco-workbench.${theme.workbench}`).waitFor({ timeout: 15_000 });
      await panel.locator(`body.${theme.body}`).waitFor({ timeout: 15_000 });
      await waitForWebviewWidth(page);
      const seen = await panel.locator('html').evaluate(measurePanel);
      await page.mouse.move(0, 0); // the pointer rests where the last click was: no hover tooltip in the picture
      await page.screenshot({ path: path.join(shots, `panel-${layout.width}-${theme.name}.png`) });
      const where = `${layout.width} px window${layout.sideBars ? ' with both side bars' : ''}, ${theme.name} (webview ${seen.width} px)`;
      if (seen.actions.length !== rows) problems.push(`${where}: ${seen.actions.length} row actions for ${rows} rows`);
      if (seen.overflow > 0) problems.push(`${where}: the task log reaches ${seen.overflow} px beyond what is visible`);
      if (seen.clipped.length > 0) problems.push(`${where}: clipped ${seen.clipped.join('; ')}`);
      if (seen.primaries.length !== 1) problems.push(`${where}: ${seen.primaries.length} primary buttons (${seen.primaries.join(', ')})`);
    }
  }
  await page.setViewportSize(viewport);
  await setSideBars(page, before);
  assert.deepEqual(problems, []);
}
