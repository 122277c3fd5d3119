import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import initSqlJs from 'sql.js';
import * as vscode from 'vscode';
import type { HostMessage, PanelData } from '../../src/shared/protocol';
import { TEST_HOOKS_ENV, type LeverageApi } from '../../src/testHooks';

/** The extension's id as published (publisher.name). */
export const EXTENSION_ID = 'leverage-record.leverage-record';

/** Title of the task started before the reload and stopped after it; commas and quotes on purpose. */
export const RELOAD_TASK_TITLE = 'Survives reload, with "quotes"';

/** Activates the extension under test and returns its API. */
export async function leverageApi(): Promise<LeverageApi> {
  const ext = vscode.extensions.getExtension<LeverageApi | undefined>(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not installed in this extension host`);
  const api = await ext.activate();
  if (!api) throw new Error(`${EXTENSION_ID} exported no test hooks: the launcher must set ${TEST_HOOKS_ENV}=1`);
  return api;
}

/** A row of the tasks table as stored on disk. */
export type TaskRow = Record<string, string | number | null>;

/** Reads the tasks table straight from the database file with sql.js, independent of the extension. */
export function readTasksOnDisk(file: string): Promise<TaskRow[]> {
  return readTable(file, 'SELECT * FROM tasks ORDER BY started_at');
}

async function readTable(file: string, query: string): Promise<TaskRow[]> {
  const SQL = await initSqlJs();
  const db = new SQL.Database(fs.readFileSync(file));
  try {
    const result = db.exec(query);
    if (result.length === 0) return [];
    const { columns, values } = result[0];
    return values.map((row) => Object.fromEntries(columns.map((c, i) => [c, row[i] as string | number | null])));
  } finally {
    db.close();
  }
}

/** Polls `check` until it returns a value or the time is up. */
export async function eventually<T>(check: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Reads the sessions table straight from the database file. */
export async function readSessionsOnDisk(file: string): Promise<TaskRow[]> {
  return readTable(file, 'SELECT * FROM sessions ORDER BY started_at');
}

/** The panel's view of one whole day, in start order. */
export function dayView(day: string, limit = 200) {
  return { range: { kind: 'custom', from: day, to: day }, sort: { key: 'index', descending: false }, limit };
}

/** The data of a panel reply, which must be a successful one. */
export function replyData(reply: HostMessage | undefined): PanelData {
  assert.ok(reply && reply.type === 'reply', `expected a reply, got ${JSON.stringify(reply)}`);
  assert.ok(reply.ok, reply.ok ? '' : reply.message);
  assert.ok(reply.data);
  return reply.data;
}
