import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DirListingCache, listJsonlFiles } from '../../../src/logs/listFiles';
import { Slicer } from '../../../src/app/slices';
import { tempDir, writeFile } from './helpers';

describe('listJsonlFiles', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = tempDir()));
  afterEach(() => cleanup());
  const list = (cache?: DirListingCache) => listJsonlFiles([path.join(dir, 'projects'), path.join(dir, 'missing')], new Slicer(10), cache);

  it('finds *.jsonl at any depth, sorted, and nothing else', async () => {
    for (const f of [
      'projects/b/s2.jsonl',
      'projects/a/s1.jsonl',
      'projects/a/s1/subagents/agent-1.jsonl',
      'projects/a/notes.md',
      'projects/a/x.jsonl.bak',
    ])
      writeFile(path.join(dir, f), '');
    assert.deepEqual(
      (await list()).map((f) => path.relative(dir, f).split(path.sep).join('/')),
      ['projects/a/s1.jsonl', 'projects/a/s1/subagents/agent-1.jsonl', 'projects/b/s2.jsonl'],
    );
  });

  it('with a cache, reuses a settled folder’s listing until its mtime changes', async () => {
    const project = path.join(dir, 'projects', 'p');
    writeFile(path.join(project, 's1.jsonl'), '');
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(project, old, old);
    const cache = new DirListingCache();
    assert.equal((await list(cache)).length, 1);

    // A new file with the folder's mtime forced back: only a cached listing can miss it.
    writeFile(path.join(project, 's2.jsonl'), '');
    fs.utimesSync(project, old, old);
    assert.equal((await list(cache)).length, 1, 'the cached listing was reused');
    assert.equal((await list()).length, 2, 'without a cache the folder is read');

    // The normal case: adding a file moves the folder's mtime, so the cache re-lists it.
    writeFile(path.join(project, 's3.jsonl'), '');
    assert.equal((await list(cache)).length, 3);
  });

  it('does not trust a listing taken right after the folder changed', async () => {
    const project = path.join(dir, 'projects', 'p');
    writeFile(path.join(project, 's1.jsonl'), '');
    const now = new Date();
    fs.utimesSync(project, now, now);
    const cache = new DirListingCache();
    await list(cache);
    writeFile(path.join(project, 's2.jsonl'), '');
    fs.utimesSync(project, now, now); // same mtime, as a coarse clock would show
    assert.equal((await list(cache)).length, 2);
  });
});
