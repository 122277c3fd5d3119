import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FORMATS } from '../../../src/logs/formats';
import { scanLogs, type ScanOutput, type ScanSource } from '../../../src/logs/scanner';
import { Worker } from 'node:worker_threads';
import { mergeThreads, ScanThread, type ScanRequest } from '../../../src/logs/scanThread';
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

  it('hands back only changed checkpoints (new, grown, gone), and sends none for a rescan from the checkpoints it handed back', async () => {
    const thread = new ScanThread(undefined, 1);
    const sent: ScanRequest[] = [];
    const post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (this: Worker, message: ScanRequest) {
      sent.push(message);
      post.call(this, message);
    };
    try {
      const first = await thread.scan(sources, new Map(), {});
      writeFile(path.join(dir, 'claude', '-w', 's2.jsonl'), `${claude.prompt(9)}\n`);
      fs.rmSync(path.join(dir, 'codex', '2025', 'rollout-1.jsonl'));
      const held = await thread.scan(sources, first.checkpoints, {});
      assert.equal(held.checkpoints.size, 2, 'a new file came, a vanished one went');
      const copied = await thread.scan(sources, new Map(first.checkpoints), {});
      assert.deepEqual(
        sent.map((m) => (m.previous === 'held' ? 'held' : m.previous.length)),
        [0, 'held', 2],
        'a copy of the checkpoints is sent whole',
      );
      const here = await scanLogs(sources, first.checkpoints, {});
      assert.deepEqual(comparable(held), comparable(here));
      assert.deepEqual(comparable(copied), comparable(here));
      assert.equal(
        held.checkpoints.get(path.join(dir, 'claude', '-w', 's1.jsonl')),
        first.checkpoints.get(path.join(dir, 'claude', '-w', 's1.jsonl')),
        'an untouched file keeps its checkpoint object',
      );
    } finally {
      Worker.prototype.postMessage = post;
      thread.dispose();
    }
  });

  it('without its worker file it scans in this thread', async () => {
    const thread = new ScanThread(path.join(dir, 'missing.js'));
    assert.deepEqual(comparable(await thread.scan(sources, new Map(), {})), comparable(await scanLogs(sources, new Map(), {})));
    assert.equal(thread.inWorker, false);
  });

  it('merging two threads keeps the result and checkpoint of the first thread for a file both read, and adds up the rest', async () => {
    const [a, b] = [await scanLogs(sources.slice(0, 1), new Map()), await scanLogs(sources, new Map())];
    const done = (out: ScanOutput) => ({ changed: [...out.checkpoints], removed: [], vanished: [], stats: out.stats });
    const merged = mergeThreads(new Map(), [
      { results: a.results, done: done(a) },
      { results: b.results, done: done(b) },
    ]);
    const claudeFile = a.results[0].path;
    assert.equal(merged.results.filter((r) => r.path === claudeFile).length, 1);
    assert.equal(
      merged.results.find((r) => r.path === claudeFile),
      a.results[0],
    );
    assert.equal(merged.checkpoints.get(claudeFile), a.checkpoints.get(claudeFile));
    assert.deepEqual([...merged.checkpoints.keys()].sort(), [...b.checkpoints.keys()].sort());
    assert.equal(merged.stats.filesRead, a.stats.filesRead + b.stats.filesRead);
    assert.throws(() => mergeThreads(new Map(), [{ results: [] }]), /not done/);
  });
});
