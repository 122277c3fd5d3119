import * as assert from 'node:assert/strict';
import type { Page } from '../host/workbench';
import { webview } from './workbenchUi';

/**
 * Uses a row's actions menu in the real webview from the keyboard only: ArrowDown on the row's
 * button opens it on its first item, End moves to Delete, Enter deletes the task, and the Undo
 * that takes the focus brings it back (so the record is as before for the checks that follow).
 * The open menu is kept as a screenshot at `shot`.
 */
export async function rowActionsFromKeyboard(page: Page, title: string, rows: number, shot: string): Promise<void> {
  const panel = webview(page);
  const rowsShown = panel.locator('table.tasks tbody tr[data-task-id]');
  const opener = panel.getByRole('button', { name: `Actions for "${title}"` });
  await opener.focus();
  await opener.press('ArrowDown');
  const menu = panel.getByRole('menu', { name: `Actions for "${title}"` });
  await menu.waitFor({ timeout: 10_000 });
  assert.equal(await opener.getAttribute('aria-expanded'), 'true');
  assert.deepEqual(await menu.getByRole('menuitem').allInnerTexts(), ['Rename…', 'Edit estimate…', 'Delete']);
  await menu.getByRole('menuitem', { name: 'Rename…' }).and(panel.locator(':focus')).waitFor({ timeout: 5_000 });
  await page.screenshot({ path: shot });
  await page.keyboard.press('End');
  await menu.getByRole('menuitem', { name: 'Delete' }).and(panel.locator(':focus')).waitFor({ timeout: 5_000 });
  await page.keyboard.press('Enter');
  await panel.locator('table.tasks tbody tr[data-task-id]', { hasText: title }).waitFor({ state: 'detached', timeout: 10_000 });
  assert.equal(await rowsShown.count(), rows - 1);
  const undo = panel.getByRole('button', { name: 'Undo' });
  await undo.and(panel.locator(':focus')).waitFor({ timeout: 5_000 });
  await page.keyboard.press('Enter');
  await panel.locator('table.tasks tbody tr[data-task-id]', { hasText: title }).waitFor({ timeout: 10_000 });
  assert.equal(await rowsShown.count(), rows);
}
