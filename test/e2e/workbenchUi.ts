import * as fs from 'node:fs';
import * as path from 'node:path';
import { QUIET_SETTINGS } from '../host/serverHost';
import type { Locator } from 'playwright-core';
import type { Page } from '../host/workbench';

// What the browser checks do in the real workbench, shared by runE2e.ts and its focused checks.

/** The panel's webview content (VS Code nests it in two iframes). */
export function webview(page: Page) {
  return page.frameLocator('iframe.webview').frameLocator('iframe#active-frame');
}

/**
 * Opens the command palette and types `text`. The workbench sometimes shows the palette while it
 * still holds the page inert (seen right after a Welcome page or the notification centre opened):
 * typing then fails, so the palette is closed and opened again, up to three times.
 */
export async function openPalette(page: Page, text: string) {
  const input = page.locator('.quick-input-widget input').first();
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('F1');
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    try {
      await input.fill(text, { timeout: 5_000 });
      return input;
    } catch (err) {
      if (attempt === 3) throw err;
      await page.keyboard.press('Escape');
      await input.waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => undefined);
    }
  }
}

/** The row of a quick pick's list whose label is exactly `label` (not a look-alike). */
function exactRow(page: Page, label: string, focused = false): Locator {
  const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
  const exactly = new RegExp(`^\\s*${escaped}\\s*$`);
  return page
    .locator(`.quick-input-list .monaco-list-row${focused ? '.focused' : ''} .label-name`)
    .filter({ hasText: exactly })
    .first();
}

/** Presses Enter in a quick pick once its filtered list has `label` focused. */
async function chooseFocused(page: Page, input: Locator, label: string): Promise<void> {
  await exactRow(page, label, true).waitFor({ timeout: 10_000 });
  await input.press('Enter');
}

/** Runs a command from the palette. */
export async function runCommand(page: Page, title: string): Promise<void> {
  const input = await openPalette(page, `>${title}`);
  await chooseFocused(page, input, title);
}

/**
 * Picks a colour theme by its label with Preferences: Color Theme, which stores it in the user's
 * `workbench.colorTheme` setting. (Writing settings.json behind the running workbench's back is
 * not noticed reliably by the server's file watcher.)
 */
export async function pickColorTheme(page: Page, label: string): Promise<void> {
  await openPalette(page, '>Preferences: Color Theme');
  // The palette ranks "Browse Color Themes in Marketplace" first: click the command itself.
  await exactRow(page, 'Preferences: Color Theme').click({ timeout: 10_000 });
  const input = page.locator('.quick-input-widget input[placeholder^="Select Color Theme"]').first();
  await input.waitFor({ timeout: 10_000 });
  await input.fill(label);
  await chooseFocused(page, input, label);
}

/** Sets the colour theme in the user's settings.json. */
export function setTheme(userDataDir: string, theme: string): void {
  const file = path.join(userDataDir, 'User', 'settings.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify({ ...QUIET_SETTINGS, 'workbench.colorTheme': theme }));
}
