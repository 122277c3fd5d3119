import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { canonicalJson, incomingWins, mergeEntry, type SyncEntry } from '../../../src/domain/syncMerge';
import { loadMachine, MACHINE_FILE } from '../../../src/storage/machineIdentity';
import { decodeSyncFile, encodeSyncFile } from '../../../src/storage/syncFile';
import { LAPTOP as M, DESKTOP as N } from '../../support/machines';

function entry(title: string, updatedAt: number, machine = M): SyncEntry {
  return { task: { id: 't1', title, workspace: '', startedAt: 0, stoppedAt: 60_000, humanHours: 1, updatedAt, machine }, commits: [] };
}

/** Lines (a header, then entries) with a correct end marker, whatever they hold. */
function whole(header: unknown, ...entries: unknown[]): Buffer {
  const body = Buffer.from([header, ...entries].map((line) => `${JSON.stringify(line)}\n`).join(''));
  const sha = createHash('sha256').update(body).digest('hex');
  return Buffer.concat([body, Buffer.from(`#leverage-sync bytes=${body.length} sha256=${sha}\n`)]);
}

const HEADER = { format: 'leverage-record-sync', version: 2, machine: M };
/** A slice boundary after every line and every 7 bytes hashed. */
const TINY = { ms: 0, hashBytes: 7 };

/** Tasks with multi-byte titles (so hash slices split characters), some with commits, one deleted. */
function manyEntries(count: number): SyncEntry[] {
  return Array.from({ length: count }, (_, i) => {
    const base = entry(`Tâche n° ${i} — 🚀 déploiement`, 1_000 + i);
    const task = { ...base.task, id: `t${String(i).padStart(4, '0')}`, deletedAt: i === 3 ? 2_000 : undefined };
    const commits = Array.from({ length: i % 3 }, (_, k) => ({
      taskId: task.id,
      repo: '/r',
      hash: `h${i}-${k}`,
      subject: `Sujet ${k} « é »`,
      authoredAt: i * 10 + k,
      files: k,
      insertions: 2,
      deletions: 1,
    }));
    return { task, commits };
  });
}

describe('sync file format', () => {
  it("round-trips a record, tombstones, commits, the second opinion and the writer's record version included", async () => {
    const deleted = { ...entry('Gone', 5), task: { ...entry('Gone', 5).task, id: 't2', deletedAt: 5 } };
    const commit = { taskId: 't1', repo: '/r', hash: 'h', subject: 's', authoredAt: 1, files: 1, insertions: 2, deletions: 0 };
    const kept = entry('Kept', 3);
    const opinion = { low: 4, median: 6, high: 8, count: 9 };
    const record = { machine: M, entries: [{ task: { ...kept.task, opinion }, commits: [commit] }, deleted], version: '3 12 7 0 0' };
    const decoded = await decodeSyncFile(await encodeSyncFile(record));
    assert.ok(decoded.ok);
    assert.equal(canonicalJson(decoded.record), canonicalJson(record));
  });

  it('is JSON Lines: a header line, one line per task, then the end marker', async () => {
    const text = (await encodeSyncFile({ machine: M, entries: manyEntries(3) })).toString('utf8').split('\n');
    assert.equal(text.length, 6, 'header, 3 tasks, marker, and the empty string after the last newline');
    assert.deepEqual(JSON.parse(text[0]), HEADER);
    assert.deepEqual(
      text.slice(1, 4).map((l) => (JSON.parse(l) as { task: { id: string } }).task.id),
      ['t0000', 't0001', 't0002'],
    );
    assert.match(text[4], /^#leverage-sync bytes=\d+ sha256=[0-9a-f]{64}$/);
  });

  it('round-trips across slice boundaries: the same bytes whatever the slices, multi-byte text split by hash slices', async () => {
    const record = { machine: M, entries: manyEntries(40) };
    const sliced = await encodeSyncFile(record, TINY);
    assert.ok(sliced.equals(await encodeSyncFile(record)), 'slicing changes no byte');
    const decoded = await decodeSyncFile(sliced, TINY);
    assert.ok(decoded.ok);
    assert.equal(canonicalJson(decoded.record), canonicalJson(record));
  });

  it('refuses a file cut at any line, or inside the end marker, as incomplete', async () => {
    const bytes = await encodeSyncFile({ machine: M, entries: manyEntries(5) });
    const cuts = [...bytes.entries()].filter(([, b]) => b === 0x0a).map(([i]) => i + 1);
    cuts.push(bytes.length - 1, bytes.length - 30, bytes.length - 70);
    for (const cut of cuts.filter((c) => c < bytes.length)) {
      const decoded = await decodeSyncFile(bytes.subarray(0, cut), TINY);
      assert.ok(!decoded.ok && decoded.incomplete, `cut at ${cut} of ${bytes.length} bytes`);
    }
  });

  it('refuses a file with a line left out under the original end marker, as incomplete', async () => {
    const bytes = await encodeSyncFile({ machine: M, entries: manyEntries(5) });
    const lines = bytes.toString('utf8').split('\n');
    const decoded = await decodeSyncFile(Buffer.from([...lines.slice(0, 2), ...lines.slice(3)].join('\n')));
    assert.ok(!decoded.ok && decoded.incomplete);
  });

  it('refuses a file whose checksum does not match (a byte changed), as incomplete', async () => {
    const bytes = await encodeSyncFile({ machine: M, entries: [entry('Title', 1)] });
    const at = bytes.indexOf('Title');
    bytes[at] = 'X'.charCodeAt(0);
    const decoded = await decodeSyncFile(bytes, TINY);
    assert.equal(decoded.ok, false);
    assert.ok(!decoded.ok && decoded.incomplete && /checksum/.test(decoded.reason));
  });

  it('leaves a file of a newer format alone and says so; refuses the unreleased single-document format 1', async () => {
    const decoded = await decodeSyncFile(whole({ ...HEADER, version: 99 }));
    assert.ok(!decoded.ok && !decoded.incomplete && /newer version/.test(decoded.reason));
    const old = await decodeSyncFile(whole({ ...HEADER, version: 1, tasks: [] }));
    assert.ok(!old.ok && !old.incomplete && /never released/.test(old.reason));
  });

  it('refuses a whole file whose content is malformed: a commit count that is text, a task without a title, an empty line', async () => {
    const task = { id: 't1', title: 'T', workspace: '', started_at: 0, updated_at: 1 };
    const commit = ['t1', '/r', 'h', 's', 1, 'three', 0, 0];
    const badCommit = await decodeSyncFile(whole(HEADER, { task, machine: M, commits: [commit] }));
    assert.ok(!badCommit.ok && !badCommit.incomplete && /commit/.test(badCommit.reason));
    const untitled = { ...task, title: null };
    const badTask = await decodeSyncFile(whole(HEADER, { task, machine: M, commits: [] }, { task: untitled, machine: M, commits: [] }));
    assert.ok(!badTask.ok && /title/.test(badTask.reason));
    const body = Buffer.from(`${JSON.stringify(HEADER)}\n\n`);
    const sha = createHash('sha256').update(body).digest('hex');
    const empty = await decodeSyncFile(Buffer.concat([body, Buffer.from(`#leverage-sync bytes=${body.length} sha256=${sha}\n`)]));
    assert.ok(!empty.ok && !empty.incomplete && /malformed/.test(empty.reason));
  });
});

describe('merge rule', () => {
  it('the newer updated_at wins; equal times with different content pick the same copy from either side; identical copies change nothing', () => {
    assert.equal(incomingWins(entry('old', 1), entry('new', 2)), true);
    assert.equal(incomingWins(entry('new', 2), entry('old', 1)), false);
    const a = entry('A', 5, M);
    const b = entry('B', 5, N);
    assert.notEqual(incomingWins(a, b), incomingWins(b, a));
    assert.equal(incomingWins(a, entry('A', 5, M)), false);
    const merge = (...copies: SyncEntry[]) => {
      const merged = new Map<string, SyncEntry>();
      for (const copy of copies) mergeEntry(merged, copy);
      return merged.get('t1');
    };
    assert.deepEqual(merge(a, b), merge(b, a));
  });
});

describe('machine identity', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leverage-machine-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('is created once, named for the host, and the same on every later load; windows starting together agree', async () => {
    const loads = await Promise.all([loadMachine(dir), loadMachine(dir), loadMachine(dir)]);
    const ids = new Set(loads.map((l) => l.machine.id));
    assert.equal(ids.size, 1);
    assert.equal(loads[0].machine.name, os.hostname());
    assert.deepEqual((await loadMachine(dir)).machine, loads[0].machine);
    assert.deepEqual(fs.readdirSync(dir), [MACHINE_FILE]);
  });

  it('replaces a damaged identity file with a new identity', async () => {
    fs.writeFileSync(path.join(dir, MACHINE_FILE), '{"id":');
    const { machine, problem } = await loadMachine(dir);
    assert.equal(problem, undefined);
    assert.deepEqual((await loadMachine(dir)).machine, machine);
  });
});
