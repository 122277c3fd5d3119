import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import initSqlJs from 'sql.js';
import { SecondOpinions, shapeAtStop } from '../../../src/app/secondOpinions';
import { StopTask } from '../../../src/app/stopTask';
import type { TaskFacts } from '../../../src/domain/measure';
import { MIN_HISTORY } from '../../../src/domain/secondOpinion';
import type { Task } from '../../../src/domain/task';
import { SqliteTaskStore } from '../../../src/storage/sqliteStore';
import { appFixture, closeFixtures, T0, type AppFixture } from './fixture';

const HOUR = 3_600_000;
const noSources = { refreshCommits: async () => undefined, scanTokens: async () => undefined };

/** Puts `count` stopped tasks of one kind into the record, each with one commit of `lines` changed lines in `files` files. */
function seed(
  { store }: AppFixture,
  kind: { title: string; hours: number; files: number; lines: number },
  count: number,
  from: number,
): void {
  for (let i = 0; i < count; i++) {
    const startedAt = from + i * HOUR;
    const task: Task = {
      id: `${kind.title}-${kind.hours}-${i}`,
      title: `${kind.title} ${i}`,
      workspace: 'ws',
      startedAt,
      stoppedAt: startedAt + 30 * 60_000,
      humanHours: kind.hours,
      aiMinutes: 20,
      aiSource: 'measured',
      updatedAt: startedAt,
    };
    store.put(task);
    const commit = {
      taskId: task.id,
      repo: '/r',
      hash: `h-${task.id}`,
      subject: 's',
      authoredAt: startedAt,
      files: kind.files,
      insertions: kind.lines,
      deletions: 0,
    };
    store.replaceCommits(task.id, '/r', [commit]);
  }
}

const MIGRATION = { title: 'database schema migration', hours: 12, files: 14, lines: 900 };
const TYPO = { title: 'readme typo', hours: 0.5, files: 1, lines: 3 };

describe('the second opinion at stop (SecondOpinions, StopTask)', () => {
  afterEach(closeFixtures);

  it('offers no opinion with too little history, and the stopped task stores none', async () => {
    const fixture = await appFixture();
    const { service, tokens, store, clock } = fixture;
    seed(fixture, MIGRATION, MIN_HISTORY - 1, T0 - 100 * HOUR);
    assert.ok(service.start('database schema migration again').ok);
    clock.advance(20 * 60_000);
    const stop = new StopTask(service, tokens, store, new SecondOpinions(store), noSources);
    const prompt = await stop.prepare();
    assert.equal(prompt?.opinion, undefined);
    const result = await stop.stop({ humanHours: 10 }, prompt?.opinion);
    assert.ok(result.ok);
    assert.equal(store.get(result.value.id)?.opinion, undefined);
  });

  it('a big migration-like task gets what past migrations took, and the stopped task keeps the opinion on disk', async () => {
    const fixture = await appFixture();
    const { service, tokens, store, clock, dir } = fixture;
    seed(fixture, MIGRATION, 9, T0 - 100 * HOUR);
    seed(fixture, TYPO, 9, T0 - 50 * HOUR);
    const started = service.start('Schema migration for sessions');
    assert.ok(started.ok);
    service.linkCommits(started.value.id, '/r', [
      { hash: 'new', subject: 's', authoredAt: T0, files: 12, insertions: 700, deletions: 150 },
    ]);
    clock.advance(25 * 60_000);
    const stop = new StopTask(service, tokens, store, new SecondOpinions(store), noSources);
    const prompt = await stop.prepare();
    assert.deepEqual(
      prompt?.opinion,
      { low: 12, median: 12, high: 12, count: 9 },
      'its nine neighbours are the nine migrations, not the newer typo fixes',
    );
    const result = await stop.stop({ humanHours: 16 }, prompt?.opinion);
    assert.ok(result.ok);
    assert.equal(result.value.humanHours, 16, 'the opinion never replaces the estimate');
    const { store: reread } = await SqliteTaskStore.open(await initSqlJs(), { file: path.join(dir, 'db.sqlite') });
    const onDisk = reread.get(result.value.id);
    await reread.close();
    assert.deepEqual(onDisk?.opinion, prompt?.opinion);
    assert.equal(onDisk?.humanHours, 16);
  });

  it('compares with the newest `limit` tasks only', async () => {
    const fixture = await appFixture();
    const { service, store, clock } = fixture;
    seed(fixture, { ...TYPO, hours: 1 }, 6, T0 - 200 * HOUR);
    seed(fixture, { ...TYPO, hours: 3 }, 6, T0 - 100 * HOUR);
    assert.ok(service.start('readme typo').ok);
    clock.advance(20 * 60_000);
    const task = service.running()!;
    const facts = service.facts(task);
    assert.equal(new SecondOpinions(store, 6).forStop(task, facts)?.median, 3);
    assert.equal(new SecondOpinions(store, 12).forStop(task, facts)?.count, 9);
  });

  it('the shape at stop: AI minutes fall back to the wall clock as on stop, lines are insertions plus deletions', () => {
    const task: Task = { id: 't', title: 'T', workspace: '', startedAt: 0, tokens: 1234, updatedAt: 0 };
    const facts: TaskFacts = {
      aiMinutes: undefined,
      supMinutes: 2,
      wallMinutes: 30,
      sessions: 0,
      agents: [],
      aiSources: [],
      commits: 2,
      files: 5,
      insertions: 40,
      deletions: 10,
    };
    assert.deepEqual(shapeAtStop(task, facts), { title: 'T', aiMinutes: 30, tokens: 1234, commits: 2, files: 5, lines: 50 });
    assert.equal(shapeAtStop(task, { ...facts, aiMinutes: 12 }).aiMinutes, 12);
  });
});
