import * as assert from 'node:assert/strict';
import { priceOf } from '../../../src/domain/prices';
import { attributeUsage, isInside, type UsageRecord } from '../../../src/domain/tokens';
import { appFixture, closeFixtures, T0 } from './fixture';

function usage(key: string, minutes: number, cwd: string, tokens: Partial<UsageRecord> = {}): UsageRecord {
  return {
    key,
    agent: 'claude',
    timestamp: T0 + minutes * 60_000,
    cwd,
    model: 'claude-opus',
    input: 10,
    output: 100,
    cacheCreation: 1000,
    cacheRead: 10_000,
    ...tokens,
  };
}

describe('token attribution', () => {
  afterEach(closeFixtures);

  it('counts usage inside the workspace folders only (either separator, no prefix look-alikes)', () => {
    assert.ok(isInside('/home/me/app', '/home/me/app'));
    assert.ok(isInside('/home/me/app/sub', '/home/me/app/'));
    assert.ok(isInside('C:\\work\\app\\src', 'C:/work/app'));
    assert.equal(isInside('/home/me/app-other', '/home/me/app'), false);
    const detail = attributeUsage(
      [
        { cwd: '/ws/a', model: 'm1', input: 1, output: 2, cacheCreation: 3, cacheRead: 4 },
        { cwd: '/ws/a/sub', model: 'm2', input: 10, output: 20, cacheCreation: 30, cacheRead: 40 },
        { cwd: '/elsewhere', model: 'm1', input: 100, output: 100, cacheCreation: 100, cacheRead: 100 },
      ],
      ['/ws/a'],
    );
    assert.deepEqual(detail, {
      input: 11,
      output: 22,
      cacheCreation: 33,
      cacheRead: 44,
      models: { m1: 10, m2: 100 },
      costUsd: 0,
      unpricedModels: ['m1', 'm2'],
    });
    assert.equal(attributeUsage([], ['/ws/a']), undefined);
  });

  it('a task gets the usage of its span and folders; duplicates keep the largest copy; late lines are picked up', async () => {
    const { store, clock, service, tokens } = await appFixture({ workspace: 'file:///ws', folders: ['/ws'] });
    const task = service.start('Tokens');
    assert.ok(task.ok);
    store.putUsage([
      usage('m1:r1', 1, '/ws', { output: 50 }), // first streamed copy
      usage('m1:r1', 1, '/ws'), // final copy: larger, kept
      usage('m1:r1', 1, '/ws', { output: 1 }), // stale copy: smaller, ignored
      usage('m2:r2', 5, '/ws/pkg'),
      usage('m3:r3', 5, '/other-project'), // another folder: not this task's
      usage('m4:r4', -10, '/ws'), // before the task
    ]);
    clock.t = T0 + 30 * 60_000;
    const stopped = await service.stop({ humanHours: 2 });
    assert.ok(stopped.ok);
    const withTokens = tokens.assign(stopped.value);
    assert.equal(withTokens.tokens, 2 * 11_110);
    assert.deepEqual(withTokens.tokensDetail, {
      input: 20,
      output: 200,
      cacheCreation: 2000,
      cacheRead: 20_000,
      models: { 'claude-opus': 22_220 },
      costUsd: 0,
      unpricedModels: ['claude-opus'],
    });
    assert.equal(withTokens.tokensSource, 'measured');
    // a line written late (inside the span) arrives with the next scan
    store.putUsage([usage('m5:r5', 20, '/ws', { input: 1, output: 0, cacheCreation: 0, cacheRead: 0 })]);
    assert.equal(tokens.refreshRecent(), 1);
    assert.equal(store.get(withTokens.id)?.tokens, 2 * 11_110 + 1);
  });

  it('estimates cost at list prices by model prefix, and names the models it cannot price', () => {
    assert.deepEqual(priceOf('claude-sonnet-4-5-20250929'), { input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3 });
    assert.deepEqual(priceOf('claude-opus-4-5-20251101')?.input, 5, 'Opus 4.5 is not priced as Opus 4');
    assert.equal(priceOf('claude-opus-4-1-20250805')?.input, 15);
    assert.equal(priceOf('gpt-5-codex')?.output, 10);
    assert.equal(priceOf('some-local-model'), undefined);
    const detail = attributeUsage(
      [
        { cwd: '/ws', model: 'claude-sonnet-4-5', input: 1_000_000, output: 1_000_000, cacheCreation: 1_000_000, cacheRead: 1_000_000 },
        { cwd: '/ws', model: 'mystery', input: 5, output: 5, cacheCreation: 0, cacheRead: 0 },
      ],
      ['/ws'],
    );
    assert.ok(detail);
    assert.equal(detail.costUsd, 3 + 15 + 3.75 + 0.3);
    assert.deepEqual(detail.unpricedModels, ['mystery']);
  });

  it('never overwrites imported or user-entered tokens', async () => {
    const { store, clock, tokens } = await appFixture({ workspace: 'file:///ws', folders: ['/ws'] });
    clock.t = T0 + 60 * 60_000;
    store.putUsage([usage('k', 1, '/ws')]);
    for (const tokensSource of ['imported', 'user'] as const) {
      const task = {
        id: tokensSource,
        title: tokensSource,
        workspace: 'file:///ws',
        startedAt: T0,
        stoppedAt: T0 + 600_000,
        tokens: 5,
        tokensSource,
        updatedAt: 1,
      };
      store.put(task);
      assert.equal(tokens.assign(task), task, `${tokensSource} tokens are kept`);
      assert.equal(store.get(task.id)?.tokens, 5);
    }
    assert.equal(tokens.refreshRecent(), 0, 'a rescan changes neither');
  });
});
