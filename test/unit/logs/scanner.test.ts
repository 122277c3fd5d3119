import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AgentTurn } from '../../../src/domain/turns';
import { claudeFormat, type ClaudeState } from '../../../src/logs/claudeParser';
import { codexFormat } from '../../../src/logs/codexParser';
import type { JsonObject } from '../../../src/logs/json';
import { CHECK_LINES } from '../../../src/logs/lineReader';
import { scanLogs, type FileCheckpoint, type ScanOptions, type ScanOutput } from '../../../src/logs/scanner';
import { sumBuckets } from '../../../src/domain/tokens';
import { mergeUsage } from '../../../src/logs/usage';
import { claudeLine, codexTokenLine, FIXTURES, tempDir, writeFile } from './helpers';

/** Round-trips checkpoints through JSON, as the extension's database would. */
function persisted(out: ScanOutput): Map<string, FileCheckpoint> {
  return new Map(JSON.parse(JSON.stringify([...out.checkpoints])) as [string, FileCheckpoint][]);
}

describe('scanner', () => {
  let dir: string;
  let cleanup: () => void;
  let projects: string;
  let session: string;
  const claude = () => [{ format: claudeFormat, dirs: [projects] }];
  const scan = (prev: ReadonlyMap<string, FileCheckpoint> = new Map(), opts?: ScanOptions) => scanLogs(claude(), prev, opts);

  beforeEach(() => {
    ({ dir, cleanup } = tempDir());
    projects = path.join(dir, 'claude', 'projects');
    session = path.join(projects, '-work-app', 'sess-1.jsonl');
  });
  afterEach(() => cleanup());

  it('finds transcripts recursively, subagents included, and dedups within a file', async () => {
    writeFile(session, fs.readFileSync(path.join(FIXTURES, 'claude-session.jsonl')));
    writeFile(path.join(projects, '-work-app', 'sess-1', 'subagents', 'agent-1.jsonl'), claudeLine('msg_sub', 'req_sub', 9) + '\n');
    writeFile(path.join(projects, '-work-app', 'notes.txt'), claudeLine('msg_txt', 'req', 9) + '\n');
    const out = await scan();
    assert.deepEqual(
      out.results.map((r) => [path.basename(r.path), r.reset, r.events.length]),
      [
        ['sess-1.jsonl', true, 2],
        ['agent-1.jsonl', true, 1],
      ],
    );
    const s = out.stats;
    assert.deepEqual([s.files, s.filesRead, s.lines, s.prefiltered, s.malformed, s.ignored, s.events, s.errors], [2, 2, 13, 3, 1, 2, 3, 0]);
    assert.equal(s.bytesRead, fs.statSync(session).size + claudeLine('msg_sub', 'req_sub', 9).length + 1);
    assert.deepEqual(sumBuckets(out.results.flatMap((r) => r.events)), { input: 18, output: 299, cacheCreation: 2100, cacheRead: 33000 });
  });

  it('skips a 500 KB file-history-snapshot unparsed, also when it spans many chunks', async () => {
    const snapshot = JSON.stringify({ type: 'file-history-snapshot', messageId: 'x', snapshot: { blob: 'é'.repeat(250_000) } });
    assert.ok(Buffer.byteLength(snapshot) > 500_000);
    writeFile(session, [claudeLine('m1', 'r1', 5), snapshot, claudeLine('m2', 'r2', 6), ''].join('\n'));
    for (const chunkSize of [1 << 20, 4096]) {
      const out = await scan(new Map(), { chunkSize });
      assert.deepEqual([out.stats.lines, out.stats.prefiltered, out.stats.malformed], [3, 1, 0]);
      assert.deepEqual(
        out.results[0].events.map((e) => e.key),
        ['claude:m1:r1', 'claude:m2:r2'],
      );
    }
  });

  it('decodes multi-byte UTF-8 split across chunk boundaries', async () => {
    writeFile(session, [claudeLine('m1', 'r1', 5, { cwd: '/wörk/äpp😀€' }), claudeLine('m2', 'r2', 6, { cwd: '/ü' }), ''].join('\n'));
    for (const chunkSize of [5, 7, 64, 1 << 20]) {
      const out = await scan(new Map(), { chunkSize });
      assert.deepEqual(
        out.results[0].events.map((e) => e.cwd),
        ['/wörk/äpp😀€', '/ü'],
        `chunk ${chunkSize}`,
      );
    }
  });

  it('drops a line longer than the cap without losing the next one', async () => {
    writeFile(session, [JSON.stringify({ type: 'assistant', usage: 'x'.repeat(5000) }), claudeLine('m', 'r', 5), ''].join('\n'));
    const out = await scan(new Map(), { chunkSize: 512, maxLineBytes: 1024 });
    assert.equal(out.stats.malformed, 1);
    assert.deepEqual(
      out.results[0].events.map((e) => e.key),
      ['claude:m:r'],
    );
  });

  it('survives invalid UTF-8: bytes are replaced, the line still counts', async () => {
    const line = Buffer.from(claudeLine('m1', 'r1', 5, { note: 'AB' }));
    const bad = Buffer.concat([
      line.subarray(0, line.indexOf('AB')),
      Buffer.from([0xff, 0xc3, 0x28, 0xe2, 0x82]),
      line.subarray(line.indexOf('AB') + 2),
      Buffer.from('\n'),
    ]);
    writeFile(session, Buffer.concat([Buffer.from([0xfe, 0xfe, 0x0a]), bad]));
    const out = await scan();
    assert.deepEqual(
      out.results[0].events.map((e) => e.output),
      [5],
    );
    assert.equal(out.stats.prefiltered, 1);
  });

  it('rescans cheaply: nothing new reads nothing; an append reads only the new bytes', async () => {
    const first = claudeLine('m1', 'r1', 1) + '\n';
    writeFile(session, first);
    const cold = await scan();
    const idle = await scan(persisted(cold));
    assert.deepEqual([idle.stats.filesRead, idle.stats.bytesRead, idle.results.length], [0, 0, 0]);

    const added = claudeLine('m1', 'r1', 400) + '\n' + claudeLine('m2', 'r2', 7) + '\n';
    fs.appendFileSync(session, added);
    const warm = await scan(persisted(idle));
    assert.equal(warm.stats.bytesRead, Buffer.byteLength(added));
    assert.equal(warm.results[0].reset, false);
    assert.deepEqual(
      warm.results[0].events.map((e) => [e.key, e.output]),
      [
        ['claude:m1:r1', 400],
        ['claude:m2:r2', 7],
      ],
    );
    // Across scans the caller upserts by key: the later, larger copy of m1 wins.
    assert.deepEqual(
      mergeUsage([...cold.results[0].events, ...warm.results[0].events]).map((e) => e.output),
      [400, 7],
    );
  });

  it('leaves a partial last line until it is complete', async () => {
    const line = claudeLine('m1', 'r1', 42);
    writeFile(session, claudeLine('m0', 'r0', 1) + '\n' + line.slice(0, 50));
    const a = await scan();
    assert.deepEqual(
      a.results[0].events.map((e) => e.key),
      ['claude:m0:r0'],
    );
    assert.equal(a.checkpoints.get(session)?.offset, claudeLine('m0', 'r0', 1).length + 1);
    fs.appendFileSync(session, line.slice(50) + '\n');
    const b = await scan(persisted(a));
    assert.equal(b.stats.bytesRead, line.length + 1);
    assert.deepEqual(
      b.results[0].events.map((e) => [e.key, e.output]),
      [['claude:m1:r1', 42]],
    );
    assert.equal(b.results[0].reset, false);
  });

  it('re-reads a truncated file from the start and says so', async () => {
    writeFile(session, claudeLine('m1', 'r1', 1) + '\n' + claudeLine('m2', 'r2', 2) + '\n');
    const a = await scan();
    fs.writeFileSync(session, claudeLine('m3', 'r3', 3) + '\n');
    const b = await scan(persisted(a));
    assert.equal(b.results[0].reset, true);
    assert.deepEqual(
      b.results[0].events.map((e) => e.key),
      ['claude:m3:r3'],
    );
  });

  it('re-reads a replaced file (new inode) even when size and mtime match', async () => {
    const when = new Date(Date.UTC(2025, 9, 1)); // whole seconds, so utimes can reproduce it exactly
    writeFile(session, claudeLine('m1', 'r1', 1) + '\n');
    fs.utimesSync(session, when, when);
    const a = await scan();
    const replacement = path.join(dir, 'replacement.jsonl');
    fs.writeFileSync(replacement, claudeLine('m9', 'r9', 1) + '\n');
    fs.utimesSync(replacement, when, when);
    fs.renameSync(replacement, session);
    const st = fs.statSync(session);
    assert.deepEqual([st.size, st.mtimeMs], [a.checkpoints.get(session)?.size, a.checkpoints.get(session)?.mtimeMs]);
    const b = await scan(persisted(a));
    assert.equal(b.results.length, 1);
    assert.equal(b.results[0].reset, true);
    assert.deepEqual(
      b.results[0].events.map((e) => e.key),
      ['claude:m9:r9'],
    );
  });

  it('takes missing roots and vanished files in its stride', async () => {
    writeFile(session, claudeLine('m1', 'r1', 1) + '\n');
    const a = await scan();
    fs.rmSync(session);
    const b = await scanLogs([{ format: claudeFormat, dirs: [projects, path.join(dir, 'nope', 'projects')] }], persisted(a));
    assert.deepEqual([b.vanished, b.results, b.checkpoints.size, b.stats.errors], [[session], [], 0, 0]);
  });

  it('skips a FIFO and a folder linked as transcripts, without waiting for a writer, first scan and rescan', async function () {
    if (process.platform === 'win32') this.skip();
    writeFile(session, claudeLine('m1', 'r1', 1) + '\n');
    const fifo = path.join(dir, 'pipe.jsonl');
    assert.equal(spawnSync('mkfifo', [fifo]).status, 0, 'mkfifo');
    fs.symlinkSync(fifo, path.join(projects, '-work-app', 'pipe.jsonl'));
    fs.mkdirSync(path.join(dir, 'elsewhere.jsonl'));
    fs.symlinkSync(path.join(dir, 'elsewhere.jsonl'), path.join(projects, '-work-app', 'linked.jsonl'));
    for (const blockingIo of [false, true]) {
      const first = await scan(new Map(), { blockingIo });
      assert.deepEqual([...first.checkpoints.keys()], [session]);
      assert.equal(first.stats.errors, 0);
      const again = await scan(first.checkpoints, { blockingIo });
      assert.deepEqual([...again.checkpoints.keys()], [session]);
    }
  });

  it('yields to the event loop between slices of parsing', async () => {
    writeFile(session, Array.from({ length: 300 }, (_, i) => claudeLine(`m${i}`, `r${i}`, i + 1)).join('\n') + '\n');
    let ticks = 0;
    let ticking = true;
    const tick = () => {
      ticks++;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    const ticksAtParse: number[] = [];
    const observed = {
      ...claudeFormat,
      parseRecord: (record: JsonObject | undefined, state: unknown, turnEnded: (turn: AgentTurn) => void) => (
        ticksAtParse.push(ticks),
        claudeFormat.parseRecord(record, state as ClaudeState, turnEnded)
      ),
    };
    // A zero budget forces a yield at every look at the clock, which comes after every CHECK_LINES parsed lines.
    const out = await scanLogs([{ format: observed, dirs: [projects] }], new Map(), { sliceMs: 0 });
    ticking = false;
    assert.equal(out.stats.events, 300);
    const perTurn = new Map<number, number>();
    for (const tick of ticksAtParse) perTurn.set(tick, (perTurn.get(tick) ?? 0) + 1);
    assert.equal(Math.max(...perTurn.values()), CHECK_LINES);
    assert.equal(perTurn.size, Math.ceil(300 / CHECK_LINES));
  });

  it('rejects when aborted', async () => {
    writeFile(session, claudeLine('m1', 'r1', 1) + '\n');
    await assert.rejects(scan(new Map(), { signal: AbortSignal.abort() }), { name: 'AbortError' });
  });

  it('Codex: carries session, model, cwd and the running total across incremental scans', async () => {
    const sessions = path.join(dir, 'codex', 'sessions');
    const rollout = path.join(sessions, '2025', '10', '02', 'rollout-2025-10-02T10-00-00-abc.jsonl');
    writeFile(rollout, fs.readFileSync(path.join(FIXTURES, 'codex-rollout.jsonl')));
    const sources = [
      { format: codexFormat, dirs: [sessions] },
      { format: claudeFormat, dirs: [projects] },
    ];
    const a = await scanLogs(sources, new Map());
    assert.equal(a.results[0].events.length, 2);
    fs.appendFileSync(
      rollout,
      codexTokenLine('2025-10-02T10:05:00Z', 2500, 1200, 700) + '\n' + codexTokenLine('2025-10-02T10:06:00Z', 4000, 2000, 900) + '\n',
    );
    const b = await scanLogs(sources, persisted(a));
    assert.equal(b.results[0].reset, false);
    assert.deepEqual(
      b.results[0].events.map((e) => [e.input, e.cacheRead, e.output, e.model, e.cwd, e.sessionId]),
      [[700, 800, 200, 'gpt-5-codex', '/home/dev/api', '0199a213-81c0-7800-8aa1-bbab2a035a53']],
    );
  });

  it('keeps checkpoints of agents it was not asked to scan', async () => {
    writeFile(session, claudeLine('m1', 'r1', 1) + '\n');
    const a = await scan();
    const b = await scanLogs([{ format: codexFormat, dirs: [path.join(dir, 'none')] }], persisted(a));
    assert.deepEqual([[...b.checkpoints.keys()], b.vanished], [[session], []]);
  });
});
