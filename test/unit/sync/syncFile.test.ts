import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Machine } from '../../../src/domain/machine';
import { canonicalJson, incomingWins, mergeRecords, type SyncEntry } from '../../../src/domain/syncMerge';
import { loadMachine, MACHINE_FILE } from '../../../src/storage/machineIdentity';
import { decodeSyncFile, encodeSyncFile } from '../../../src/storage/syncFile';

const M: Machine = { id: '0b5c6a1e-1111-4a4a-8a8a-000000000001', name: 'laptop' };
const N: Machine = { id: '0b5c6a1e-2222-4a4a-8a8a-000000000002', name: 'desktop' };

function entry(title: string, updatedAt: number, machine = M): SyncEntry {
  return { task: { id: 't1', title, workspace: '', startedAt: 0, stoppedAt: 60_000, humanHours: 1, updatedAt, machine }, commits: [] };
}

/** A document with a correct end marker, whatever it holds. */
function whole(doc: unknown): Buffer {
  const body = Buffer.from(`${JSON.stringify(doc)}\n`);
  const sha = createHash('sha256').update(body).digest('hex');
  return Buffer.concat([body, Buffer.from(`#leverage-sync bytes=${body.length} sha256=${sha}\n`)]);
}

describe('sync file format', () => {
  it('round-trips a record, tombstones, commits and the second opinion included', () => {
    const deleted = { ...entry('Gone', 5), task: { ...entry('Gone', 5).task, id: 't2', deletedAt: 5 } };
    const commit = { taskId: 't1', repo: '/r', hash: 'h', subject: 's', authoredAt: 1, files: 1, insertions: 2, deletions: 0 };
    const kept = entry('Kept', 3);
    const opinion = { low: 4, median: 6, high: 8, count: 9 };
    const record = { machine: M, entries: [{ task: { ...kept.task, opinion }, commits: [commit] }, deleted] };
    const decoded = decodeSyncFile(encodeSyncFile(record));
    assert.ok(decoded.ok);
    assert.equal(canonicalJson(decoded.record), canonicalJson(record));
  });

  it('refuses a file whose checksum does not match (a byte changed), as incomplete', () => {
    const bytes = encodeSyncFile({ machine: M, entries: [entry('Title', 1)] });
    const at = bytes.indexOf('Title');
    bytes[at] = 'X'.charCodeAt(0);
    const decoded = decodeSyncFile(bytes);
    assert.equal(decoded.ok, false);
    assert.ok(!decoded.ok && decoded.incomplete && /checksum/.test(decoded.reason));
  });

  it('leaves a file of a newer format alone and says so', () => {
    const decoded = decodeSyncFile(whole({ format: 'leverage-record-sync', version: 99, machine: M, tasks: [] }));
    assert.ok(!decoded.ok && !decoded.incomplete && /newer version/.test(decoded.reason));
  });

  it('refuses a whole file whose content is malformed: a commit count that is text, a task without a title', () => {
    const task = { id: 't1', title: 'T', workspace: '', started_at: 0, updated_at: 1 };
    const commit = ['t1', '/r', 'h', 's', 1, 'three', 0, 0];
    const badCommit = decodeSyncFile(
      whole({ format: 'leverage-record-sync', version: 1, machine: M, tasks: [{ task, machine: M, commits: [commit] }] }),
    );
    assert.ok(!badCommit.ok && !badCommit.incomplete && /commit/.test(badCommit.reason));
    const untitled = { ...task, title: null };
    const badTask = decodeSyncFile(
      whole({ format: 'leverage-record-sync', version: 1, machine: M, tasks: [{ task: untitled, machine: M, commits: [] }] }),
    );
    assert.ok(!badTask.ok && /title/.test(badTask.reason));
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
    const one = mergeRecords([
      { machine: M, entries: [a] },
      { machine: N, entries: [b] },
    ]).get('t1');
    const other = mergeRecords([
      { machine: N, entries: [b] },
      { machine: M, entries: [a] },
    ]).get('t1');
    assert.deepEqual(one, other);
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
