import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { FORMATS } from '../../../src/logs/formats';
import { scanLogs, type ScanOutput, type ScanSource } from '../../../src/logs/scanner';
import { ScanThread } from '../../../src/logs/scanThread';
import { claudeLine, tempDir, writeFile } from './helpers';
import { claude, codex } from './turnLines';

/** The output without its timing, and checkpoints in path order (files are read concurrently, so they finish in any order). */
function comparable(out: ScanOutput): unknown {
  const { durationMs: _ignored, ...stats } = out.stats;
  return { checkpoints: [...out.checkpoints].sort(([a], [b]) => a.localeCompare(b)), results: out.results, vanished: out.vanished, stats };
}

describe('ScanThread (scan in a worker thread)', () => {
  let dir: string;
  let cleanup: () => void;
  let sources: ScanSource[];
  beforeEach(() => {
    ({ dir, cleanup } = tempDir());
    writeFile(
      path.join(dir, 'claude', '-w', 's1.jsonl'),
      [claude.prompt(0), claudeLine('m1', 'r1', 5), claude.assistant(5, 'm2'), ''].join('\n'),
    );
    writeFile(path.join(dir, 'codex', '2025', 'rollout-1.jsonl'), [codex.meta(0), codex.started(1), codex.tokens(3, 100), ''].join('\n'));
    sources = [
      { format: FORMATS.get('claude')!, dirs: [path.join(dir, 'claude')] },
      { format: FORMATS.get('codex')!, dirs: [path.join(dir, 'codex')] },
    ];
  });
  afterEach(() => cleanup());

  it('gives exactly what scanning in this thread gives, first and incremental scans alike', async () => {
    const thread = new ScanThread();
    try {
      const here = await scanLogs(sources, new Map(), {});
      const there = await thread.scan(sources, new Map(), {});
      assert.ok(thread.inWorker, 'the scan ran in the worker thread');
      assert.deepEqual(comparable(there), comparable(here));
      assert.ok(there.stats.turns > 0 && there.stats.events > 0);
      writeFile(path.join(dir, 'claude', '-w', 's2.jsonl'), `${claude.prompt(9)}\n`);
      assert.deepEqual(
        comparable(await thread.scan(sources, there.checkpoints, {})),
        comparable(await scanLogs(sources, here.checkpoints, {})),
      );
    } finally {
      thread.dispose();
    }
  });

  it('without its worker file it scans in this thread', async () => {
    const thread = new ScanThread(path.join(dir, 'missing.js'));
    assert.deepEqual(comparable(await thread.scan(sources, new Map(), {})), comparable(await scanLogs(sources, new Map(), {})));
    assert.equal(thread.inWorker, false);
  });
});
