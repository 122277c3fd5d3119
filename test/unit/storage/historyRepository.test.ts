import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import initSqlJs from 'sql.js';
import type { TaskCommit } from '../../../src/domain/session';
import type { Task } from '../../../src/domain/task';
import { SqliteHistory } from '../../../src/storage/historyRepository';
import type { SqlSession } from '../../../src/storage/sqlSession';
import { SqliteTaskStore } from '../../../src/storage/sqliteStore';

function stopped(id: string, startedAt: number, extra: Partial<Task> = {}): Task {
  return {
    id,
    title: `Task ${id}`,
    workspace: 'w',
    startedAt,
    stoppedAt: startedAt + 60_000,
    humanHours: 2,
    aiMinutes: 10,
    tokens: 5_000,
    updatedAt: startedAt,
    ...extra,
  };
}

function commit(taskId: string, hash: string, files: number, insertions: number, deletions: number): TaskCommit {
  return { taskId, repo: '/repo', hash, subject: hash, authoredAt: 1, files, insertions, deletions };
}

describe('the history of estimates (SqliteHistory)', () => {
  let dir: string;
  let store: SqliteTaskStore;
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leverage-history-'));
    ({ store } = await SqliteTaskStore.open(await initSqlJs(), { file: path.join(dir, 'db.sqlite'), saveDelayMs: 5 }));
  });
  afterEach(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('sums each task’s commits, files and changed lines in one statement, newest first, zeros without commits', () => {
    store.put(stopped('a', 1_000, { title: 'Schema migration', humanHours: 12, aiMinutes: 40, tokens: 90_000 }));
    store.put(stopped('b', 2_000, { title: 'Fix typo', humanHours: 0.5, aiMinutes: undefined, tokens: undefined }));
    store.replaceCommits('a', '/repo', [commit('a', 'h1', 3, 100, 20), commit('a', 'h2', 2, 10, 5)]);
    store.replaceCommits('a', '/other', [commit('a', 'h3', 1, 1, 1)]);
    const statements: string[] = [];
    const counting: SqlSession = {
      ...store.sqlSession,
      all: (sql, params, map) => {
        statements.push(sql);
        return store.sqlSession.all(sql, params, map);
      },
    };
    const past = new SqliteHistory(counting).pastTasks(10);
    assert.equal(statements.length, 1, 'one query for the whole history');
    assert.deepEqual(past, [
      { hours: 0.5, shape: { title: 'Fix typo', aiMinutes: undefined, tokens: undefined, commits: 0, files: 0, lines: 0 } },
      { hours: 12, shape: { title: 'Schema migration', aiMinutes: 40, tokens: 90_000, commits: 3, files: 6, lines: 137 } },
    ]);
  });

  it('leaves out running, deleted and unestimated tasks, and keeps only the newest `limit`', () => {
    for (let i = 0; i < 5; i++) store.put(stopped(`s${i}`, 10_000 + i));
    store.put({ id: 'running', title: 'Running', workspace: 'w', startedAt: 20_000, updatedAt: 20_000 });
    store.put(stopped('deleted', 20_001, { deletedAt: 20_002 }));
    store.put(stopped('unestimated', 20_003, { humanHours: undefined }));
    store.put(stopped('zero', 20_004, { humanHours: 0 }));
    assert.deepEqual(
      store.pastTasks(3).map((p) => p.shape.title),
      ['Task s4', 'Task s3', 'Task s2'],
    );
    assert.equal(store.pastTasks(100).length, 5);
  });
});
