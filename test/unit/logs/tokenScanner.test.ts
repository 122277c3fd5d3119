import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import initSqlJs from 'sql.js';
import { AgentSessions } from '../../../src/app/agentSessions';
import type { UsageRepository } from '../../../src/app/ports';
import { Supervision } from '../../../src/app/supervision';
import { TaskService } from '../../../src/app/taskService';
import { TokenService } from '../../../src/app/tokenService';
import type { UsageRecord } from '../../../src/domain/tokens';
import { TokenScanner, USAGE_BATCH } from '../../../src/logs/tokenScanner';
import { SqliteTaskStore } from '../../../src/storage/sqliteStore';
import { claudeLine, tempDir, writeFile } from './helpers';

describe('TokenScanner hands usage to the store', () => {
  it('in batches of at most USAGE_BATCH responses across files, yielding between them, then compacts', async () => {
    const { dir, cleanup } = tempDir();
    try {
      // Two transcripts: 700 and 600 responses, so batches span files.
      for (const [name, count] of [
        ['a', 700],
        ['b', 600],
      ] as const) {
        const lines = Array.from({ length: count }, (_, i) => claudeLine(`msg_${name}${i}`, `req_${name}${i}`, 10 + i));
        writeFile(path.join(dir, 'claude', 'projects', 'p', `${name}.jsonl`), `${lines.join('\n')}\n`);
      }
      const { store } = await SqliteTaskStore.open(await initSqlJs(), { file: path.join(dir, 'db.sqlite'), saveDelayMs: 60_000 });
      const batches: number[] = [];
      let ticksBetweenBatches = 0;
      let ticking = true;
      const tick = (): void => {
        ticksBetweenBatches++;
        if (ticking) setImmediate(tick);
      };
      let compactions = 0;
      const recording: UsageRepository = {
        putUsage: (records: readonly UsageRecord[]) => {
          batches.push(records.length);
          store.putUsage(records);
        },
        usageBetween: (from, to) => store.usageBetween(from, to),
        compactUsage: (now) => {
          compactions++;
          return store.compactUsage(now);
        },
        logCheckpoints: () => store.logCheckpoints(),
        putLogCheckpoint: (p, c) => store.putLogCheckpoint(p, c),
      };
      const clock = { now: () => Date.now() };
      const ids = { newId: () => 'id' };
      const service = new TaskService(
        store,
        clock,
        ids,
        'file:///ws',
        new AgentSessions(store, clock, ids, 'file:///ws', () => 30_000),
        new Supervision(store, clock, () => 60_000),
      );
      const tokens = new TokenService(store, store, clock, service, { key: 'file:///ws', folders: [] });
      const scanner = new TokenScanner(
        recording,
        tokens,
        () => ({ claude: [path.join(dir, 'claude')], codex: [path.join(dir, 'no-codex')] }),
        () => undefined,
      );
      setImmediate(tick);
      await scanner.scan();
      ticking = false;
      assert.deepEqual(batches, [USAGE_BATCH, USAGE_BATCH, 1300 - 2 * USAGE_BATCH]);
      assert.ok(ticksBetweenBatches >= 2, 'the event loop ran between batches');
      // The fixture lines are from 2025, past the horizon: compaction ran and the totals below survived it.
      assert.ok(compactions >= 1, 'compaction ran after the complete scan');
      const stored = store.usageBetween(0, Date.now() + 1);
      assert.equal(
        stored.reduce((s, u) => s + u.output, 0),
        Array.from({ length: 700 }, (_, i) => 10 + i).reduce((a, b) => a + b, 0) +
          Array.from({ length: 600 }, (_, i) => 10 + i).reduce((a, b) => a + b, 0),
      );
      await store.close();
    } finally {
      cleanup();
    }
  });
});
