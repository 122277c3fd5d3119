import type { Database } from 'sql.js';
import type { AgentSession, TaskCommit } from '../../../src/domain/session';
import type { Task } from '../../../src/domain/task';
import type { UsageRecord } from '../../../src/domain/tokens';
import { COMMIT_COLUMNS, commitParams, sessionParams, UPSERT_SESSION } from '../../../src/storage/sessionRows';
import { taskParams } from '../../../src/storage/taskRows';

/** The end of the generated year; usage and tasks fall in the 365 days before it. */
export const YEAR_END = Date.UTC(2026, 10, 25, 18);
export const YEAR_START = YEAR_END - 365 * 24 * 3_600_000;
const DAY = 24 * 3_600_000;
const FOLDERS = [
  '/home/dev/src/api',
  '/home/dev/src/web',
  '/home/dev/src/mobile',
  '/home/dev/src/infra',
  '/home/dev/src/docs',
  '/home/dev/src/ml',
];
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** A deterministic pseudo-random source: every run builds the same year. */
export function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1_103_515_245) + 12_345) >>> 0) / 2 ** 32;
}

/** Working days (Monday to Friday) of the year, as their midnight in epoch ms. */
function workdays(): number[] {
  const days: number[] = [];
  for (let d = YEAR_START - (YEAR_START % DAY); d < YEAR_END; d += DAY) {
    const weekday = new Date(d).getUTCDay();
    if (weekday !== 0 && weekday !== 6) days.push(d);
  }
  return days;
}

/**
 * A heavy user's year of agent responses: every working day, sessions of one agent in one folder
 * (Claude 80 %, a quarter of its responses on a small model; Codex 20 %), 500 responses each,
 * about every 12 s with occasional pauses, as many sessions as it takes to reach `total`.
 */
export function* heavyYearResponses(total = 1_000_000, seed = 11): Generator<UsageRecord> {
  const rnd = random(seed);
  const text = (n: number): string => Array.from({ length: n }, () => BASE62[Math.floor(rnd() * 62)]).join('');
  const days = workdays();
  const perDay = Math.ceil(total / days.length);
  let n = 0;
  for (const day of days) {
    for (let s = 0; s * 500 < perDay && n < total; s++) {
      const claude = rnd() < 0.8;
      const folder = FOLDERS[Math.floor(rnd() * FOLDERS.length)];
      const main = claude ? (rnd() < 0.5 ? 'claude-opus-4-5' : 'claude-sonnet-4-5') : 'gpt-5-codex';
      const sessionId = text(8);
      let ts = day + 8 * 3_600_000 + Math.floor(rnd() * 8 * 3_600_000);
      for (let i = 0; i < 500 && n < total && s * 500 + i < perDay; i++, n++) {
        ts += Math.floor(-Math.log(1 - rnd()) * 12_000) + (rnd() < 0.05 ? 60_000 + Math.floor(rnd() * 540_000) : 0);
        yield {
          key: claude ? `msg_01${text(22)}:req_011C${text(18)}` : `${sessionId}:${i}`,
          agent: claude ? 'claude' : 'codex',
          timestamp: Math.min(ts, YEAR_END - 1),
          sessionId,
          cwd: folder,
          model: claude && rnd() < 0.25 ? 'claude-haiku-4-5' : main,
          input: Math.floor(rnd() * 50),
          output: Math.floor(rnd() * 2_000),
          cacheCreation: Math.floor(rnd() * 5_000),
          cacheRead: Math.floor(rnd() * 80_000),
        };
      }
    }
  }
}

/** Groups a stream into arrays of `size`. */
export function* batches<T>(items: Iterable<T>, size: number): Generator<T[]> {
  let batch: T[] = [];
  for (const item of items) {
    batch.push(item);
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/**
 * 10,000 stopped tasks (40 per working day) with their token split, one agent session each with
 * its active stretches, and two commits each: the record part of the heavy year, written with the
 * store's own row parameters into a database already at the current (or a legacy) schema.
 */
export function insertHeavyYearTasks(db: Database, count = 10_000): void {
  const rnd = random(5);
  const days = workdays();
  // The store's upsert writes columns a legacy layout lacks: insert the columns this table has.
  const columns = db.exec("SELECT name FROM pragma_table_info('tasks')")[0].values.flat().map(String);
  const upsertTask = db.prepare(`INSERT OR REPLACE INTO tasks (${columns.join(', ')}) VALUES (${columns.map((c) => `$${c}`).join(', ')})`);
  const upsertSession = db.prepare(UPSERT_SESSION);
  const insertCommit = db.prepare(`INSERT OR REPLACE INTO commits (${COMMIT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
  db.exec('BEGIN');
  for (let i = 0; i < count; i++) {
    const startedAt = days[Math.floor(i / Math.ceil(count / days.length))] + 8 * 3_600_000 + (i % 40) * 12 * 60_000;
    const stoppedAt = startedAt + 11 * 60_000;
    const task: Task = {
      id: `task-${i}`,
      title: `Task ${i}: add the export of reports with tests and documentation`,
      workspace: `file://${FOLDERS[i % FOLDERS.length]}`,
      startedAt,
      stoppedAt,
      humanHours: 1 + Math.floor(rnd() * 8),
      aiMinutes: 9,
      aiSource: 'measured',
      supMinutes: 3,
      supSource: 'measured',
      tokens: 3_000_000,
      tokensSource: 'measured',
      updatedAt: stoppedAt,
      tokensDetail: {
        input: 2_000,
        output: 90_000,
        cacheCreation: 200_000,
        cacheRead: 2_708_000,
        models: { 'claude-opus-4-5': 2_500_000, 'claude-haiku-4-5': 500_000 },
        costUsd: 4.21,
        unpricedModels: [],
      },
    };
    upsertTask.run(taskParams(task));
    const active = Array.from({ length: 8 }, (_, k) => ({ start: startedAt + k * 80_000, end: startedAt + k * 80_000 + 60_000 }));
    const session: AgentSession = {
      id: `session-${i}`,
      agent: 'claude',
      taskId: task.id,
      workspace: task.workspace,
      startedAt,
      endedAt: stoppedAt,
      active,
      exitCode: 0,
      measuredBy: 'shell-integration',
      updatedAt: stoppedAt,
    };
    upsertSession.run(sessionParams(session));
    for (let c = 0; c < 2; c++) {
      const commit: TaskCommit = {
        taskId: task.id,
        repo: FOLDERS[i % FOLDERS.length],
        hash: `${i.toString(16).padStart(8, '0')}${c}${'0'.repeat(31)}`,
        subject: `Add report export, part ${c + 1}`,
        authoredAt: startedAt + (c + 1) * 300_000,
        files: 4,
        insertions: 120,
        deletions: 30,
      };
      insertCommit.run(commitParams(commit));
    }
  }
  db.exec('COMMIT');
  for (const stmt of [upsertTask, upsertSession, insertCommit]) stmt.free();
}
