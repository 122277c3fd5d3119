import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import initSqlJs from 'sql.js';
import { AgentSessions } from '../../../src/app/agentSessions';
import { Supervision } from '../../../src/app/supervision';
import { TaskEditor } from '../../../src/app/taskEditor';
import { TaskService } from '../../../src/app/taskService';
import { TokenService } from '../../../src/app/tokenService';
import type { Clock } from '../../../src/domain/clock';
import { SqliteTaskStore } from '../../../src/storage/sqliteStore';

/** 2026-11-24 09:00 UTC: the instant every fixture clock starts at unless told otherwise. */
export const T0 = Date.UTC(2026, 10, 24, 9);

/** A clock the test moves by hand. */
export class FakeClock implements Clock {
  constructor(public t: number = T0) {}
  now(): number {
    return this.t;
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

/** The use cases of one workspace over a real sql.js store, as the container wires them. */
export interface AppFixture {
  readonly dir: string;
  readonly store: SqliteTaskStore;
  readonly clock: FakeClock;
  readonly sessions: AgentSessions;
  readonly supervision: Supervision;
  readonly service: TaskService;
  readonly editor: TaskEditor;
  readonly tokens: TokenService;
}

/** Options a test may change; the defaults are the settings' defaults. */
export interface FixtureOptions {
  readonly workspace?: string;
  readonly folders?: readonly string[];
  readonly idleThresholdMs?: number;
  readonly supervisoryIdleMs?: number;
  /** Prefix of the ids the fixture makes (two fixtures standing for two machines need distinct ids). */
  readonly idPrefix?: string;
}

const open: AppFixture[] = [];

/**
 * A fresh store in its own temp folder with the use cases over it, and a fake clock at `T0`.
 * Call `closeFixtures` in `afterEach`: it closes every store and removes its folder.
 */
export async function appFixture(options: FixtureOptions = {}): Promise<AppFixture> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leverage-app-'));
  const { store } = await SqliteTaskStore.open(await initSqlJs(), { file: path.join(dir, 'db.sqlite'), saveDelayMs: 5 });
  const clock = new FakeClock();
  let n = 0;
  const ids = { newId: () => `${options.idPrefix ?? 'id-'}${++n}` };
  const workspace = options.workspace ?? 'ws';
  const sessions = new AgentSessions(store, clock, ids, workspace, () => options.idleThresholdMs ?? 30_000);
  const supervision = new Supervision(store, clock, () => options.supervisoryIdleMs ?? 60_000);
  const service = new TaskService(store, clock, ids, workspace, sessions, supervision);
  const editor = new TaskEditor(store, clock, service);
  const tokens = new TokenService(store, store, clock, service, { key: workspace, folders: options.folders ?? [] });
  const fixture = { dir, store, clock, sessions, supervision, service, editor, tokens };
  open.push(fixture);
  return fixture;
}

/** Closes the stores of every fixture made since the last call and removes their folders. */
export async function closeFixtures(): Promise<void> {
  for (const { store, dir } of open.splice(0)) {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
