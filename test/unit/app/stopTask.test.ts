import * as assert from 'node:assert/strict';
import initSqlJs from 'sql.js';
import * as path from 'node:path';
import { SecondOpinions } from '../../../src/app/secondOpinions';
import { StopTask, type StopSources } from '../../../src/app/stopTask';
import type { UsageRecord } from '../../../src/domain/tokens';
import { SqliteTaskStore } from '../../../src/storage/sqliteStore';
import { appFixture, closeFixtures, T0 } from './fixture';

const never = (): Promise<never> => new Promise<never>(() => undefined);

function usage(key: string, minutes: number): UsageRecord {
  return {
    key,
    agent: 'claude',
    timestamp: T0 + minutes * 60_000,
    cwd: '/ws',
    model: 'claude-opus',
    input: 1,
    output: 2,
    cacheCreation: 3,
    cacheRead: 4,
  };
}

describe('stopping a task (StopTask use case)', () => {
  afterEach(closeFixtures);

  it('prepares nothing and asks no source when no task runs', async () => {
    const { service, tokens, store } = await appFixture();
    let asked = 0;
    const sources: StopSources = { refreshCommits: async () => void asked++, scanTokens: async () => asked++ };
    assert.equal(await new StopTask(service, tokens, store, new SecondOpinions(store), sources).prepare(), undefined);
    assert.equal(asked, 0);
  });

  it('waits for commits and tokens, but no longer than each source is allowed, and survives a failing source', async () => {
    const { service, tokens, store } = await appFixture();
    assert.ok(service.start('Stop me').ok);
    const stop = new StopTask(
      service,
      tokens,
      store,
      new SecondOpinions(store),
      { refreshCommits: never, scanTokens: () => Promise.reject(new Error('log gone')) },
      { commitsMs: 50, tokensMs: 50 },
    );
    const started = performance.now();
    const prompt = await stop.prepare();
    assert.equal(prompt?.task.title, 'Stop me');
    assert.ok(performance.now() - started >= 45, 'a hanging git is waited for up to its limit');
    let scanned = false;
    const quick = new StopTask(
      service,
      tokens,
      store,
      new SecondOpinions(store),
      { refreshCommits: async () => undefined, scanTokens: async () => (scanned = true) },
      { commitsMs: 60_000, tokensMs: 60_000 },
    );
    await quick.prepare();
    assert.ok(scanned, 'the scan finished before prepare resolved');
  });

  it('stops with the answers, gives the task the tokens of its span and saves it to disk', async () => {
    const { service, tokens, store, clock, dir } = await appFixture({ workspace: 'file:///ws', folders: ['/ws'] });
    assert.ok(service.start('With tokens').ok);
    store.putUsage([usage('a', 5), usage('b', 40)]);
    clock.t = T0 + 30 * 60_000;
    const result = await new StopTask(service, tokens, store, new SecondOpinions(store), {
      refreshCommits: async () => undefined,
      scanTokens: async () => undefined,
    }).stop({ humanHours: 2 });
    assert.ok(result.ok);
    assert.equal(result.value.tokens, 10, 'only the usage inside the 30 minutes');
    const { store: reread } = await SqliteTaskStore.open(await initSqlJs(), { file: path.join(dir, 'db.sqlite') });
    const onDisk = reread.get(result.value.id);
    await reread.close();
    assert.equal(onDisk?.stoppedAt, T0 + 30 * 60_000);
    assert.equal(onDisk?.humanHours, 2);
    assert.equal(onDisk?.tokens, 10);
  });

  it('refuses to stop when no task runs', async () => {
    const { service, tokens, store } = await appFixture();
    const result = await new StopTask(service, tokens, store, new SecondOpinions(store), {
      refreshCommits: async () => undefined,
      scanTokens: async () => undefined,
    }).stop({ humanHours: 1 });
    assert.deepEqual(result, { ok: false, message: 'No task is running.' });
  });
});
