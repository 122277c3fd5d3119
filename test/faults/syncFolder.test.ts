import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { canonicalJson, type MachineRecord } from '../../src/domain/syncMerge';
import { encodeSyncFile, syncFileName } from '../../src/storage/syncFile';
import { SyncFolder } from '../../src/storage/syncFolder';
import { LAPTOP as HERE, DESKTOP as PEER } from '../support/machines';

const ROUNDS = 20;

/**
 * A sync tool filling a file in place, as some do: copies `from` into `to` in small chunks, each
 * flushed, and says how far it got after each, until it is killed.
 */
const COPIER = `
const fs = require('node:fs');
const [from, to] = process.argv.slice(1);
const bytes = fs.readFileSync(from);
const fd = fs.openSync(to, 'w');
let at = 0;
const step = () => {
  if (at >= bytes.length) { fs.closeSync(fd); process.stdout.write('done\\n'); return; }
  const n = Math.min(97, bytes.length - at);
  fs.writeSync(fd, bytes, at, n, at);
  fs.fsyncSync(fd);
  at += n;
  process.stdout.write(at + '\\n');
  setTimeout(step, 1);
};
step();
`;

/** A peer record big enough that a copy takes a while: 60 tasks with a commit each. */
function peerRecord(): MachineRecord {
  const entries = Array.from({ length: 60 }, (_, i) => ({
    task: {
      id: `peer-${i}`,
      title: `Peer task ${i}`,
      workspace: 'file:///p',
      startedAt: 1_000 * i,
      stoppedAt: 1_000 * i + 600_000,
      humanHours: 1 + i,
      aiMinutes: 10,
      aiSource: 'measured' as const,
      updatedAt: 1_000 * i + 600_000,
      machine: PEER,
    },
    commits: [
      { taskId: `peer-${i}`, repo: '/r', hash: `h${i}`, subject: 'Work', authoredAt: 1_000 * i, files: 1, insertions: 1, deletions: 0 },
    ],
  }));
  return { machine: PEER, entries };
}

describe('Faults: a peer file cut by a killed writer (real processes)', () => {
  it(`${ROUNDS} copies killed at random moments: the file is skipped until whole, never half-read, then taken in`, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leverage-syncfault-'));
    const folder = path.join(dir, 'sync');
    fs.mkdirSync(folder);
    const source = path.join(dir, 'whole.leverage-sync');
    const record = peerRecord();
    const bytes = await encodeSyncFile(record);
    fs.writeFileSync(source, bytes);
    const target = path.join(folder, syncFileName(PEER));
    let skipped = 0;
    try {
      for (let round = 0; round < ROUNDS; round++) {
        fs.rmSync(target, { force: true });
        const reader = new SyncFolder(folder, HERE);
        const child = spawn(process.execPath, ['-e', COPIER, source, target], { stdio: ['ignore', 'pipe', 'inherit'] });
        const exited = new Promise((resolve) => child.on('exit', resolve));
        // Killed once it has written a random share of the file (most rounds well before the end).
        const killAt = Math.floor(Math.random() * bytes.length * 1.1);
        await new Promise<void>((resolve) => {
          child.stdout.on('data', (chunk: Buffer) => {
            const last = chunk.toString().trim().split('\n').at(-1)!;
            if (last === 'done' || Number(last) >= killAt) resolve();
          });
          void exited.then(() => resolve());
        });
        child.kill('SIGKILL');
        await exited;
        const written = fs.statSync(target).size;
        const scan = await reader.readChanged();
        if (written < bytes.length) {
          assert.deepEqual(scan.records, [], `round ${round}: ${written} of ${bytes.length} bytes must not be read`);
          assert.equal(scan.skipped.length, 1);
          skipped++;
          // The tool tries again and finishes: the same reader takes the whole file in.
          fs.copyFileSync(source, target);
          const again = await reader.readChanged();
          assert.equal(again.records.length, 1, `round ${round}: the completed file is taken in`);
          assert.equal(canonicalJson(again.records[0]), canonicalJson(record));
        } else {
          assert.equal(canonicalJson(scan.records[0]), canonicalJson(record));
        }
      }
      assert.ok(skipped >= ROUNDS / 2, `most rounds cut the file (${skipped} of ${ROUNDS})`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
